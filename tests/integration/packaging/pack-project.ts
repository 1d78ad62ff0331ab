/**
 * A throwaway copy of the project to pack for real with electron-builder, without the Electron
 * runtime (which cannot be downloaded here): the app is built into the copy (renderer with vite,
 * main + preload with scripts/build-electron.mjs, source maps included so their exclusion is
 * proven), node_modules is linked, and electron-builder runs in a child process with the copy as
 * its working folder, exactly as `npm run package` runs it, against a stub Electron:
 *
 *   - Linux: an executable `electron` placeholder carrying the fuse sentinel and wire that
 *     @electron/fuses looks for (its SENTINEL, then wire version 1, wire length, one byte per fuse);
 *   - macOS: an Electron.app skeleton (Info.plists, executables, the framework binary carrying the
 *     fuse wire) that electron-builder renames, brands and zips.
 *
 * The wire starts as Electron ships it, so every fuse the config changes is seen to flip.
 * Planted next to the sources: a .env with a fake secret, a signing key file and the Node build of
 * the driver, which the package must never pick up.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SENTINEL } from '@electron/fuses/dist/constants';
import { TEST_BUILD_OVERRIDES } from '../../../scripts/release/policy.mjs';

export const root = path.resolve(import.meta.dirname, '..', '..', '..');
export const PLANTED_SECRET = 'planted-secret-4f1c9a-never-ship-me';
export const UPDATE_ENV = { CLINIC_UPDATE_URL: 'https://updates.clinic.test/clinic-office/stable', CLINIC_UPDATE_CHANNEL: 'latest' };

/** Electron's own fuse defaults, in wire order (RunAsNode … GrantFileProtocolExtraPrivileges). */
const ELECTRON_DEFAULT_WIRE = '10110001';

export interface PackProject {
  dir: string;
  /** out/test-build/, where a test build's packages go */
  output: string;
  remove(): void;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function runOrThrow(command: string, args: string[], cwd: string): void {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.output}`);
}

export function makePackProject(name: string): PackProject {
  const dir = mkdtempSync(path.join(tmpdir(), `pack-${name}-`));
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) copyFileSync(path.join(root, file), path.join(dir, file));
  cpSync(path.join(root, 'resources'), path.join(dir, 'resources'), { recursive: true });
  cpSync(path.join(root, 'scripts', 'release'), path.join(dir, 'scripts', 'release'), { recursive: true });
  copyFileSync(path.join(root, 'scripts', 'sign-windows.mjs'), path.join(dir, 'scripts', 'sign-windows.mjs'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

  runOrThrow(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs'), '--outdir', path.join(dir, 'dist', 'electron')], root);
  runOrThrow(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src-renderer/vite.config.ts', '--outDir', path.join(dir, 'dist', 'renderer'), '--emptyOutDir', '--logLevel', 'warn'], root);

  writeFileSync(path.join(dir, '.env'), `CSC_KEY_PASSWORD=${PLANTED_SECRET}\n`);
  writeFileSync(path.join(dir, 'release-signing.p12'), PLANTED_SECRET);
  mkdirSync(path.join(dir, 'src-main'), { recursive: true });
  writeFileSync(path.join(dir, 'src-main', 'secret-source.ts'), `export const key = '${PLANTED_SECRET}';\n`);
  mkdirSync(path.join(dir, 'native', 'electron'), { recursive: true });
  copyFileSync(path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node'), path.join(dir, 'native', 'electron', 'better_sqlite3.node'));

  return { dir, output: path.join(dir, 'out', 'test-build'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function fuseCarrier(executable: boolean): Buffer {
  const script = executable ? '#!/bin/sh\necho "stub Electron: nothing runs here"\nexit 1\n' : '';
  return Buffer.concat([Buffer.from(script), Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(ELECTRON_DEFAULT_WIRE)]);
}

function writeExecutable(file: string, content: Buffer | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  chmodSync(file, 0o755);
}

/** An unpacked Linux Electron: the `electron` executable is all electron-builder needs. */
export function stubLinuxElectron(dir: string): string {
  writeExecutable(path.join(dir, 'electron'), fuseCarrier(true));
  writeFileSync(path.join(dir, 'LICENSE'), 'stub Electron licence\n');
  return dir;
}

const plist = (entries: Record<string, string>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict>${Object.entries(
    entries,
  )
    .map(([key, value]) => `<key>${key}</key><string>${value}</string>`)
    .join('')}</dict></plist>\n`;

/** An unpacked macOS Electron: Electron.app with its helper, framework binary and Info.plists. */
export function stubMacElectron(dir: string): string {
  const contents = path.join(dir, 'Electron.app', 'Contents');
  mkdirSync(path.join(contents, 'Resources'), { recursive: true });
  writeFileSync(path.join(contents, 'Info.plist'), plist({ CFBundleExecutable: 'Electron', CFBundleIdentifier: 'com.github.Electron', CFBundleName: 'Electron' }));
  writeExecutable(path.join(contents, 'MacOS', 'Electron'), fuseCarrier(true));
  const helper = path.join(contents, 'Frameworks', 'Electron Helper.app', 'Contents');
  writeExecutable(path.join(helper, 'MacOS', 'Electron Helper'), '#!/bin/sh\nexit 1\n');
  writeFileSync(path.join(helper, 'Info.plist'), plist({ CFBundleExecutable: 'Electron Helper', CFBundleIdentifier: 'com.github.Electron.helper', CFBundleName: 'Electron Helper' }));
  writeExecutable(path.join(contents, 'Frameworks', 'Electron Framework.framework', 'Electron Framework'), fuseCarrier(false));
  return dir;
}

/** A 7-Zip for electron-builder's archives (it would download its own): Debian's `7zip` package. */
export function sevenZip(): string {
  if (process.env.ELECTRON_BUILDER_7ZIP_PATH) return process.env.ELECTRON_BUILDER_7ZIP_PATH;
  for (const name of ['7zz', '7za', '7z']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  throw new Error('The packaging tests need 7-Zip to make zips: apt-get install 7zip (or set ELECTRON_BUILDER_7ZIP_PATH).');
}

export interface BuilderRun {
  platform: 'LINUX' | 'MAC';
  target: string;
  archs: ('x64' | 'arm64')[];
  electronDist: string;
  config?: Record<string, unknown>;
}

/**
 * electron-builder in a child process, in the project copy, with `npm run package`'s test-build
 * overrides (scripts/release/policy.mjs) plus the stub Electron. Returns its exit status and log.
 */
export function runElectronBuilder(project: PackProject, { platform, target, archs, electronDist, config = {} }: BuilderRun): { status: number | null; output: string } {
  const runner = `
    import { build, Platform, Arch } from 'electron-builder';
    const { platform, target, archs, config } = JSON.parse(process.env.PACK_REQUEST);
    await build({ projectDir: process.cwd(), targets: Platform[platform].createTarget(target, ...archs.map((a) => Arch[a])), config, publish: 'never' });
  `;
  const request = { platform, target, archs, config: { ...structuredClone(TEST_BUILD_OVERRIDES), electronDist, ...config } };
  const env = { ...process.env, ...UPDATE_ENV, PACK_REQUEST: JSON.stringify(request), ...(target === 'dir' ? {} : { ELECTRON_BUILDER_7ZIP_PATH: sevenZip() }) };
  return run(process.execPath, ['--input-type=module', '-e', runner], project.dir, env);
}
