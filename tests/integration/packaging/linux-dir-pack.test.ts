/**
 * A real Linux `--dir` pack of the app with electron-builder.yml, against a stub Electron
 * (pack-project.ts): the asar holds the built main, preload and renderer and nothing else (no
 * sources, source maps, secrets or stray dependencies), the database driver sits unpacked beside
 * it and is the Electron build, the fuses read back as configured, and the updater's feed is baked
 * in. A Node build of the driver in its place stops the build.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseState } from '@electron/fuses/dist/constants';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNativeModule, electronAbi, installedElectronVersion } from '../../../scripts/release/check-native-abi.mjs';
import { registerSymbol, writeNativeFixture } from '../../support/native-fixtures';
import { makePackProject, PLANTED_SECRET, root, runElectronBuilder, stubLinuxElectron, UPDATE_ENV, type PackProject } from './pack-project';

const abi = electronAbi(installedElectronVersion());
const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> };

let project: PackProject;
let electronDist: string;
let refusal: { status: number | null; output: string };
let pack: { status: number | null; output: string };
let appOut: string;
let asarFile: string;
let entries: string[];

beforeAll(() => {
  project = makePackProject('linux');
  electronDist = stubLinuxElectron(mkdtempSync(path.join(tmpdir(), 'stub-electron-linux-')));
  const driverDir = path.join(project.dir, 'native', 'release', 'x64');
  mkdirSync(driverDir, { recursive: true });

  // First the Node build of the driver, as if the release had copied the wrong one…
  copyFileSync(path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node'), path.join(driverDir, 'better_sqlite3.node'));
  refusal = runElectronBuilder(project, { platform: 'LINUX', target: 'dir', archs: ['x64'], electronDist });

  // …then one that names Electron's ABI (a synthetic ELF: the real one needs Electron's headers).
  writeNativeFixture(path.join(driverDir, 'better_sqlite3.node'), { format: 'elf', arch: 'x64', exports: [registerSymbol(abi), 'sqlite3_open'] });
  pack = runElectronBuilder(project, { platform: 'LINUX', target: 'dir', archs: ['x64'], electronDist });
  appOut = path.join(project.output, 'linux-unpacked');
  asarFile = path.join(appOut, 'resources', 'app.asar');
  entries = pack.status === 0 ? listPackage(asarFile, { isPack: false }).map((entry) => entry.replace(/\\/g, '/')) : [];
}, 120_000);

afterAll(() => {
  project?.remove();
  if (electronDist) rmSync(electronDist, { recursive: true, force: true });
});

describe('a Linux --dir pack', () => {
  it('is stopped by the after-pack check when the driver is the Node build', () => {
    expect(refusal.status).not.toBe(0);
    expect(refusal.output).toContain(`is not the Electron ${installedElectronVersion()} build for linux x64`);
    expect(refusal.output).toContain(`built for ABI ${process.versions.modules} but must be built for ABI ${abi}`);
  });

  it('succeeds with the Electron build of the driver, which the after-pack check reports', () => {
    expect(pack.status, pack.output).toBe(0);
    expect(pack.output).toContain(`after-pack: resources/native/better_sqlite3.node: elf x64, ABI ${abi}: OK`);
  });

  it('holds the main process, preload and renderer in the asar', () => {
    expect(entries).toEqual(expect.arrayContaining(['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/renderer/index.html']));
    expect(entries.some((entry) => /^\/dist\/renderer\/assets\/index-[\w-]+\.js$/.test(entry))).toBe(true);
    const main = extractFile(asarFile, 'dist/electron/main.cjs').toString();
    expect(main).toContain('require("better-sqlite3-multiple-ciphers")');
  });

  it("holds, of node_modules, only the driver's JavaScript (which main.cjs requires)", () => {
    const modules = entries.filter((entry) => entry.startsWith('/node_modules/'));
    expect(modules.length).toBeGreaterThan(0);
    for (const entry of modules) expect(entry).toMatch(/^\/node_modules\/better-sqlite3-multiple-ciphers(\/(lib(\/.*)?|package\.json|LICENSE))?$/);
    expect(entries).toContain('/node_modules/better-sqlite3-multiple-ciphers/lib/index.js');
  });

  it('holds no sources, source maps, native files or secrets', () => {
    expect(existsSync(path.join(project.dir, 'dist', 'electron', 'main.cjs.map'))).toBe(true);
    const forbidden = entries.filter((entry) => /\.(map|ts|tsx|node|p12|pfx|p8|pem|key)$|\/\.env$|^\/(src-main|src-renderer|src-shared|scripts|tests|native|resources|migrations)(\/|$)/.test(entry));
    expect(forbidden).toEqual([]);
    for (const entry of entries) {
      const stat = (() => {
        try {
          return extractFile(asarFile, entry.slice(1));
        } catch {
          return undefined; // a folder
        }
      })();
      if (stat) expect(stat.includes(PLANTED_SECRET), entry).toBe(false);
    }
  });

  it('has the driver unpacked beside the asar, and it is the Electron build', () => {
    const driver = path.join(appOut, 'resources', 'native', 'better_sqlite3.node');
    expect(checkNativeModule(driver, { abi, platform: 'linux', arch: 'x64' })).toMatchObject({ ok: true });
    // Nothing native was inside the asar, so nothing needed unpacking from it.
    expect(existsSync(path.join(appOut, 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('has every fuse flipped as electron-builder.yml says', async () => {
    const wire = await getCurrentFuseWire(path.join(appOut, 'clinic-office'));
    const expected: Record<string, boolean> = config.electronFuses;
    const byOption: Record<string, FuseV1Options> = {
      runAsNode: FuseV1Options.RunAsNode,
      enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
      enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
      enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
      onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
      loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
      grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
    };
    expect(Object.keys(byOption).sort()).toEqual(Object.keys(expected).sort());
    for (const [option, enabled] of Object.entries(expected)) {
      expect(wire[byOption[option] as FuseV1Options], option).toBe(enabled ? FuseState.ENABLE : FuseState.DISABLE);
    }
    // The stub started with Electron's defaults (run-as-node on, cookie encryption off, …).
    expect(readFileSync(path.join(electronDist, 'electron')).toString('latin1')).toContain('10110001');
  });

  it("bakes the update feed into resources/app-update.yml for electron-updater", () => {
    const appUpdate = load(readFileSync(path.join(appOut, 'resources', 'app-update.yml'), 'utf8'));
    expect(appUpdate).toMatchObject({ provider: 'generic', url: UPDATE_ENV.CLINIC_UPDATE_URL, channel: UPDATE_ENV.CLINIC_UPDATE_CHANNEL });
  });
});
