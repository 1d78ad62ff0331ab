/**
 * The native-driver check (scripts/release/check-native-abi.mjs): it reads the module-register
 * symbol a .node file exports and refuses a driver built for another ABI, OS or processor. Checked
 * on the real Node build in node_modules and on synthetic ELF, Mach-O and PE files.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNativeModule, electronAbi, installedElectronVersion, registeredAbis } from '../../../scripts/release/check-native-abi.mjs';
import { parseNativeModule, readNativeModule } from '../../../scripts/release/native-symbols.mjs';
import { nativeFixture, registerSymbol, writeNativeFixture, type FixtureFormat } from '../../support/native-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node');
const nodeAbi = process.versions.modules;
const electronVersion = installedElectronVersion();
const electronsAbi = electronAbi(electronVersion);
const work = mkdtempSync(path.join(tmpdir(), 'native-abi-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PLATFORM_OF: Record<FixtureFormat, string> = { elf: 'linux', macho: 'darwin', pe: 'win32' };

describe('the ABI numbers', () => {
  it("come from node-abi: Electron 45's is its own, not Node's (115 on Node 20)", () => {
    expect(electronVersion).toMatch(/^45\./);
    expect(electronsAbi).toMatch(/^\d+$/);
    expect(electronsAbi).not.toBe(nodeAbi);
    expect(electronAbi('45.5.0')).toBe('150');
  });
});

describe('the Node build of the driver in node_modules', () => {
  it("names Node's ABI in its module-register export", () => {
    const info = readNativeModule(nodeBuild);
    expect(info.format).toBe('elf');
    expect(info.arch).toBe(process.arch);
    expect(registeredAbis(info.exports)).toEqual([nodeAbi]);
    expect(info.exports).toContain(registerSymbol(nodeAbi));
  });

  it("passes a check for Node's ABI and fails one for Electron's, naming both numbers", () => {
    expect(checkNativeModule(nodeBuild, { abi: nodeAbi, platform: 'linux', arch: process.arch })).toMatchObject({ ok: true, problems: [] });
    const wrong = checkNativeModule(nodeBuild, { abi: electronsAbi, platform: 'linux', arch: process.arch });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems).toEqual([`it is built for ABI ${nodeAbi} but must be built for ABI ${electronsAbi}`]);
  });

  it('fails the command-line check against Electron (exit 1) and passes with --abi of Node', () => {
    const cli = path.join(root, 'scripts', 'release', 'check-native-abi.mjs');
    const refused = spawnSync(process.execPath, [cli, nodeBuild], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`built for ABI ${nodeAbi} but must be built for ABI ${electronsAbi}`);
    const accepted = spawnSync(process.execPath, [cli, nodeBuild, '--abi', nodeAbi, '--platform', 'linux'], { encoding: 'utf8' });
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain(`ABI ${nodeAbi}: OK`);
  });

  it('is caught when the same file is relabelled for Electron (one symbol renamed)', () => {
    const bytes = readFileSync(nodeBuild);
    const from = Buffer.from(registerSymbol(nodeAbi));
    const to = Buffer.from(registerSymbol(electronsAbi));
    expect(to.length).toBe(from.length);
    const at = bytes.indexOf(from);
    expect(at).toBeGreaterThan(0);
    to.copy(bytes, at);
    const relabelled = path.join(work, 'relabelled.node');
    writeFileSync(relabelled, bytes);
    expect(checkNativeModule(relabelled, { abi: electronsAbi, platform: 'linux', arch: process.arch }).ok).toBe(true);
    expect(checkNativeModule(relabelled, { abi: nodeAbi }).problems).toEqual([`it is built for ABI ${electronsAbi} but must be built for ABI ${nodeAbi}`]);
  });
});

describe.each<FixtureFormat>(['elf', 'macho', 'pe'])('a %s module', (format) => {
  const platform = PLATFORM_OF[format];

  it('reports its exports (not its imports or local symbols) and its processor', () => {
    for (const arch of ['x64', 'arm64'] as const) {
      const info = parseNativeModule(nativeFixture({ format, arch, exports: [registerSymbol(electronsAbi), 'sqlite3_open'] }));
      expect(info).toEqual({ format, arch, exports: [registerSymbol(electronsAbi), 'sqlite3_open'] });
    }
  });

  it("passes only for Electron's ABI, its own OS and its own processor", () => {
    const file = writeNativeFixture(path.join(work, `${format}.node`), { format, arch: 'arm64', exports: [registerSymbol(electronsAbi)] });
    expect(checkNativeModule(file, { abi: electronsAbi, platform, arch: 'arm64' })).toMatchObject({ ok: true, found: { format, arch: 'arm64', abis: [electronsAbi] } });
    expect(checkNativeModule(file, { abi: nodeAbi, platform, arch: 'arm64' }).problems).toEqual([`it is built for ABI ${electronsAbi} but must be built for ABI ${nodeAbi}`]);
    expect(checkNativeModule(file, { abi: electronsAbi, platform, arch: 'x64' }).problems).toEqual(['it is built for the arm64 processor but the package is for x64']);
    const otherPlatform = platform === 'linux' ? 'win32' : 'linux';
    expect(checkNativeModule(file, { abi: electronsAbi, platform: otherPlatform }).problems).toEqual([
      `it is a ${format} file but ${otherPlatform} loads ${otherPlatform === 'linux' ? 'elf' : 'pe'} files`,
    ]);
  });
});

describe('what is not a Node/Electron module built with NODE_MODULE', () => {
  it('is refused with a reason: no register symbol, an N-API module, a text file, a universal binary, a missing file', () => {
    const noRegister = writeNativeFixture(path.join(work, 'plain.node'), { format: 'elf', arch: 'x64', exports: ['sqlite3_open'] });
    expect(checkNativeModule(noRegister, { abi: electronsAbi }).problems[0]).toMatch(/exports no node_register_module_v<ABI> symbol/);
    const napi = writeNativeFixture(path.join(work, 'napi.node'), { format: 'pe', arch: 'x64', exports: ['napi_register_module_v1'] });
    expect(checkNativeModule(napi, { abi: electronsAbi }).problems[0]).toMatch(/exports no node_register_module_v<ABI> symbol/);

    const text = path.join(work, 'text.node');
    writeFileSync(text, 'not a binary at all');
    expect(checkNativeModule(text, { abi: electronsAbi }).problems).toEqual(['it is not an ELF, Mach-O or PE file']);

    const fat = path.join(work, 'fat.node');
    writeFileSync(fat, Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]));
    expect(checkNativeModule(fat, { abi: electronsAbi }).problems).toEqual(['it is a universal (fat) Mach-O file: build one driver per architecture']);

    const truncated = path.join(work, 'truncated.node');
    copyFileSync(nodeBuild, truncated);
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 200));
    expect(checkNativeModule(truncated, { abi: electronsAbi }).problems).toEqual(['it is a truncated or damaged file']);

    expect(checkNativeModule(path.join(work, 'absent.node'), { abi: electronsAbi }).problems).toEqual(['it does not exist']);
  });
});
