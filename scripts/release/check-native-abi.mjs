// @ts-check
/**
 * Proves a native module is built for the runtime that will load it. A module compiled with
 * NODE_MODULE (as the database driver is) exports `node_register_module_v<ABI>`, where ABI is the
 * NODE_MODULE_VERSION of the headers it was compiled against: Node 20's is 115, Electron 45's
 * another number. A driver built against Node's headers (npm_config_nodedir set, or the Node build
 * from node_modules copied by mistake) names the wrong one, and Electron refuses to load it at the
 * clinic, so the release stops here instead.
 *
 * Where the numbers come from: node-abi, the table electron-builder itself uses
 * (app-builder-lib → @electron/rebuild → node-abi), looked up through that chain so it is the very
 * copy the packager was installed with. Electron publishes the same numbers in its releases
 * (`process.versions.modules` inside Electron); Node's own is `process.versions.modules`.
 *
 *   node scripts/release/check-native-abi.mjs FILE... [--electron VERSION | --abi N] [--platform P] [--arch A]
 *
 * Without --electron or --abi the Electron version is node_modules/electron's. Exit 1 on a mismatch.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeModuleFormatError, readNativeModule } from './native-symbols.mjs';

/** @typedef {import('./native-symbols.mjs').NativeModuleInfo} NativeModuleInfo */
/** @typedef {{ abi: string, platform?: string | undefined, arch?: string | undefined }} Expected */
/** @typedef {{ ok: boolean, problems: string[], found: { format?: string, arch?: string | undefined, abis: string[] } }} CheckResult */

const REGISTER_SYMBOL = /^node_register_module_v(\d+)$/;
const FORMAT_OF_PLATFORM = /** @type {Record<string, string>} */ ({ linux: 'elf', darwin: 'macho', mas: 'macho', win32: 'pe' });

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** node-abi as electron-builder resolves it (app-builder-lib → @electron/rebuild → node-abi). */
function nodeAbiTable() {
  const fromRepository = createRequire(path.join(repositoryRoot, 'package.json'));
  const fromBuilder = createRequire(fromRepository.resolve('app-builder-lib/package.json'));
  const fromRebuild = createRequire(fromBuilder.resolve('@electron/rebuild'));
  return /** @type {{ getAbi(version: string, runtime: 'node' | 'electron'): string }} */ (fromRebuild('node-abi'));
}

/** @param {string} electronVersion @returns {string} NODE_MODULE_VERSION of that Electron */
export function electronAbi(electronVersion) {
  return nodeAbiTable().getAbi(electronVersion, 'electron');
}

/** @returns {string} the Electron version installed in node_modules (what electron-builder packs) */
export function installedElectronVersion() {
  const file = path.join(repositoryRoot, 'node_modules', 'electron', 'package.json');
  return /** @type {{ version: string }} */ (JSON.parse(readFileSync(file, 'utf8'))).version;
}

/** @param {readonly string[]} exports @returns {string[]} the ABIs named by module-register exports */
export function registeredAbis(exports) {
  return exports.flatMap((name) => REGISTER_SYMBOL.exec(name)?.[1] ?? []);
}

/**
 * @param {NativeModuleInfo} info
 * @param {Expected} expected
 * @returns {CheckResult}
 */
export function checkModuleInfo(info, expected) {
  const abis = registeredAbis(info.exports);
  const problems = [];
  if (abis.length === 0) {
    problems.push('it exports no node_register_module_v<ABI> symbol, so it is not a Node/Electron native module built with NODE_MODULE');
  } else if (!abis.every((abi) => abi === expected.abi)) {
    problems.push(`it is built for ABI ${abis.join(', ')} but must be built for ABI ${expected.abi}`);
  }
  const format = expected.platform === undefined ? undefined : FORMAT_OF_PLATFORM[expected.platform];
  if (format !== undefined && info.format !== format) {
    problems.push(`it is a ${info.format} file but ${expected.platform} loads ${format} files`);
  }
  if (expected.arch !== undefined && info.arch !== expected.arch) {
    problems.push(`it is built for the ${info.arch ?? 'unknown'} processor but the package is for ${expected.arch}`);
  }
  return { ok: problems.length === 0, problems, found: { format: info.format, arch: info.arch, abis } };
}

/**
 * @param {string} file
 * @param {Expected} expected
 * @returns {CheckResult}
 */
export function checkNativeModule(file, expected) {
  try {
    return checkModuleInfo(readNativeModule(file), expected);
  } catch (error) {
    if (error instanceof NativeModuleFormatError) return { ok: false, problems: [`it is ${error.message}`], found: { abis: [] } };
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { ok: false, problems: ['it does not exist'], found: { abis: [] } };
    throw error;
  }
}

/** @param {string} file @param {CheckResult} result */
export function describeCheck(file, result) {
  return result.ok
    ? `${file}: ${result.found.format} ${result.found.arch}, ABI ${result.found.abis.join(', ')}: OK`
    : `${file}: ${result.problems.join('; ')}`;
}

/** @param {string[]} argv */
function main(argv) {
  const files = [];
  /** @type {Record<string, string>} */
  const options = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = /** @type {string} */ (argv[index]);
    if (arg.startsWith('--')) options[arg.slice(2)] = argv[++index] ?? '';
    else files.push(arg);
  }
  if (files.length === 0) {
    console.error('usage: check-native-abi.mjs FILE... [--electron VERSION | --abi N] [--platform P] [--arch A]');
    return 2;
  }
  const abi = options.abi ?? electronAbi(options.electron ?? installedElectronVersion());
  let failed = false;
  for (const file of files) {
    const result = checkNativeModule(file, { abi, platform: options.platform, arch: options.arch });
    (result.ok ? console.log : console.error)(describeCheck(file, result));
    failed ||= !result.ok;
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
