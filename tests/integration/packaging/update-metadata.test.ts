/**
 * Update metadata made by a real electron-builder run: the macOS zips for Intel and Apple silicon
 * (the updater's packages; dmgs need macOS's hdiutil) against a stub Electron.app. One
 * latest-mac.yml must list both zips with the sha512 and size electron-updater checks a download
 * against, each zip must have its blockmap (for differential downloads), and each app must carry
 * the feed, the fuses, the asar integrity hash and its own architecture's driver.
 *
 * latest-linux.yml (AppImage) and latest.yml (NSIS) come from targets whose tools electron-builder
 * downloads at build time, which this machine cannot: those are proven on the release machines
 * (docs/releasing.md); the code writing every latest*.yml is the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNativeModule, electronAbi, installedElectronVersion } from '../../../scripts/release/check-native-abi.mjs';
import { TEST_BUILD_OVERRIDES } from '../../../scripts/release/policy.mjs';
import { registerSymbol, writeNativeFixture } from '../../support/native-fixtures';
import { makePackProject, root, runElectronBuilder, stubMacElectron, UPDATE_ENV, type PackProject } from './pack-project';

interface UpdateInfo {
  version: string;
  files: { url: string; sha512: string; size: number }[];
  path: string;
  sha512: string;
  releaseDate: string;
}

const abi = electronAbi(installedElectronVersion());
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const ARCH_FOLDER = { x64: 'mac', arm64: 'mac-arm64' } as const;
const ZIP_NAME = { x64: `Clinic Office-${version}-mac.zip`, arm64: `Clinic Office-${version}-arm64-mac.zip` } as const;

let project: PackProject;
let electronDist: string;
let pack: { status: number | null; output: string };
let info: UpdateInfo;

const sha512Of = (file: string) => createHash('sha512').update(readFileSync(file)).digest('base64');
const contentsOf = (arch: 'x64' | 'arm64') => path.join(project.output, ARCH_FOLDER[arch], 'Clinic Office.app', 'Contents');

beforeAll(() => {
  project = makePackProject('mac');
  electronDist = stubMacElectron(mkdtempSync(path.join(tmpdir(), 'stub-electron-mac-')));
  for (const arch of ['x64', 'arm64'] as const) {
    mkdirSync(path.join(project.dir, 'native', 'release', arch), { recursive: true });
    writeNativeFixture(path.join(project.dir, 'native', 'release', arch, 'better_sqlite3.node'), { format: 'macho', arch, exports: [registerSymbol(abi)] });
  }
  pack = runElectronBuilder(project, {
    platform: 'MAC',
    target: 'zip',
    archs: ['x64', 'arm64'],
    electronDist,
    // Stored, not deflated: the metadata is the same, the test is faster.
    config: { compression: 'store', mac: { ...TEST_BUILD_OVERRIDES.mac, target: [{ target: 'zip', arch: ['x64', 'arm64'] }] } },
  });
  if (pack.status === 0) info = load(readFileSync(path.join(project.output, 'latest-mac.yml'), 'utf8')) as UpdateInfo;
}, 180_000);

afterAll(() => {
  project?.remove();
  if (electronDist) rmSync(electronDist, { recursive: true, force: true });
});

describe('macOS update metadata', () => {
  it('is made by the zip build for both architectures', () => {
    expect(pack.status, pack.output).toBe(0);
    for (const arch of ['x64', 'arm64'] as const) {
      expect(pack.output).toContain(`after-pack: Clinic Office.app/Contents/Resources/native/better_sqlite3.node: macho ${arch}, ABI ${abi}: OK`);
    }
  });

  it('is one latest-mac.yml listing both zips at this version', () => {
    expect(info.version).toBe(version);
    expect(info.files.map((file) => file.url)).toEqual([ZIP_NAME.x64, ZIP_NAME.arm64]);
    expect(Number.isNaN(Date.parse(info.releaseDate))).toBe(false);
    // electron-updater 1.x/2.x fields point at the first zip.
    expect(info.path).toBe(ZIP_NAME.x64);
    expect(info.sha512).toBe(info.files[0]?.sha512);
  });

  it("has each zip's true sha512 and size, so a changed download is refused", () => {
    for (const file of info.files) {
      const zip = path.join(project.output, file.url);
      expect(file.sha512).toBe(sha512Of(zip));
      expect(file.size).toBe(statSync(zip).size);
    }
    expect(info.files[0]?.sha512).not.toBe(info.files[1]?.sha512);
  });

  it('has a blockmap per zip that describes the whole file, for differential downloads', () => {
    for (const arch of ['x64', 'arm64'] as const) {
      const zip = path.join(project.output, ZIP_NAME[arch]);
      const blockmap = JSON.parse(gunzipSync(readFileSync(`${zip}.blockmap`)).toString()) as {
        version: string;
        files: { name: string; offset: number; checksums: string[]; sizes: number[] }[];
      };
      expect(blockmap.version).toBe('2');
      expect(blockmap.files).toHaveLength(1);
      const [described] = blockmap.files;
      expect(described?.checksums.length).toBe(described?.sizes.length);
      expect((described?.sizes ?? []).reduce((sum, size) => sum + size, 0)).toBe(statSync(zip).size);
    }
  });

  it('is matched by the feed baked into each app, the asar integrity hash and the flipped fuses', async () => {
    for (const arch of ['x64', 'arm64'] as const) {
      const contents = contentsOf(arch);
      expect(load(readFileSync(path.join(contents, 'Resources', 'app-update.yml'), 'utf8'))).toMatchObject({
        provider: 'generic',
        url: UPDATE_ENV.CLINIC_UPDATE_URL,
        channel: UPDATE_ENV.CLINIC_UPDATE_CHANNEL,
      });
      const infoPlist = readFileSync(path.join(contents, 'Info.plist'), 'utf8');
      expect(infoPlist).toMatch(/<key>CFBundleIdentifier<\/key>\s*<string>org\.clinicoffice\.app<\/string>/);
      expect(infoPlist).toMatch(/<key>ElectronAsarIntegrity<\/key>[\s\S]*Resources\/app\.asar[\s\S]*<key>hash<\/key>\s*<string>[0-9a-f]{64}<\/string>/);
      const wire = await getCurrentFuseWire(path.dirname(contents)); // the .app: @electron/fuses finds its framework binary
      expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
      expect(checkNativeModule(path.join(contents, 'Resources', 'native', 'better_sqlite3.node'), { abi, platform: 'darwin', arch })).toMatchObject({ ok: true });
    }
  });
});
