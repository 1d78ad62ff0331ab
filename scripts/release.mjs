// @ts-check
/**
 * npm run release   — signed installers for this machine's OS (see docs/releasing.md)
 * npm run package   — the same build as a test build: unsigned, into out/test-build/
 *
 *   1. refuses to start when anything a signed release needs is missing (scripts/release/policy.mjs);
 *   2. builds the renderer and the Electron main process + preload (no source maps);
 *   3. builds the database driver for Electron's ABI, once per CPU architecture, into
 *      native/release/<arch>/ (scripts/build-native-electron.sh, with npm_config_nodedir unset; the
 *      Node build in node_modules that the tests use is never touched) and checks each one;
 *   4. runs electron-builder (electron-builder.yml; its afterPack hook checks the driver again inside
 *      every package, and its Windows hook signs);
 *   5. on Linux, writes SHA256SUMS for the output and signs it with CLINIC_GPG_KEY.
 *
 * Options: --test-build (or CLINIC_TEST_BUILD=1), --reuse-native (keep drivers already in
 * native/release/<arch>/ when they pass the check: for machines that cannot download Electron's
 * headers, with drivers built elsewhere on the same OS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, Platform } from 'electron-builder';
import { checkNativeModule, describeCheck, electronAbi, installedElectronVersion } from './release/check-native-abi.mjs';
import { parseReleaseArgs, releasePlan, UsageError } from './release/policy.mjs';
import { writeSha256Sums } from './release/sha256sums.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILDER_PLATFORM = { linux: Platform.LINUX, win: Platform.WINDOWS, mac: Platform.MAC };
const NODE_PLATFORM = { linux: 'linux', win: 'win32', mac: 'darwin' };

/** @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
function run(command, args, env = process.env) {
  console.log(`release: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
}

/** @param {'linux' | 'win' | 'mac'} platform @param {string} arch @param {boolean} reuse */
function buildNativeDriver(platform, arch, reuse) {
  const outDir = path.join(root, 'native', 'release', arch);
  const file = path.join(outDir, 'better_sqlite3.node');
  const expected = { abi: electronAbi(installedElectronVersion()), platform: NODE_PLATFORM[platform], arch };
  if (!(reuse && existsSync(file) && checkNativeModule(file, expected).ok)) {
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, ELECTRON_ARCH: arch, NATIVE_OUT_DIR: outDir };
    for (const name of ['npm_config_nodedir', 'NPM_CONFIG_NODEDIR']) delete env[name];
    run('bash', [path.join('scripts', 'build-native-electron.sh')], env);
  }
  const result = checkNativeModule(file, expected);
  if (!result.ok) throw new Error(`release: ${describeCheck(path.relative(root, file), result)}`);
  console.log(`release: ${describeCheck(path.relative(root, file), result)}`);
}

async function main() {
  // electron-builder resolves the yml's hook paths (./scripts/…) from the working folder.
  process.chdir(root);
  const options = parseReleaseArgs(process.argv.slice(2), process.env, process.platform);
  const plan = releasePlan({ platform: options.platform, env: process.env, testBuild: options.testBuild });
  if (!plan.ok) {
    for (const problem of plan.problems) console.error(`release: ${problem}`);
    return 1;
  }
  for (const note of plan.notes) console.warn(`release: ${note}`);
  // electron-builder.yml's publish entry reads these (${env.…}); set for the build only.
  Object.assign(process.env, plan.updateEnv);

  run('npx', ['vite', 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn']);
  run(process.execPath, ['scripts/build-electron.mjs', '--no-sourcemap']);
  for (const arch of plan.archs) buildNativeDriver(plan.platform, arch, options.reuseNative);

  const artifacts = await build({
    projectDir: root,
    targets: BUILDER_PLATFORM[plan.platform].createTarget(),
    config: plan.configOverrides,
    publish: 'never',
  });
  if (plan.platform === 'linux') {
    const sums = await writeSha256Sums(path.join(root, plan.outputDir), { gpgKey: plan.gpgKey });
    artifacts.push(sums.sums, ...(sums.signature ? [sums.signature] : []));
  }
  console.log(`release: ${plan.testBuild ? 'TEST BUILD (unsigned)' : 'signed release'} for ${plan.platform}, feed ${plan.updateEnv.CLINIC_UPDATE_URL} (${plan.updateEnv.CLINIC_UPDATE_CHANNEL}):`);
  for (const file of artifacts) console.log(`  ${path.relative(root, file)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof UsageError ? `release: ${error.message}` : error);
    process.exitCode = 1;
  },
);
