// @ts-check
/**
 * What a release build needs and what it does, decided from the command line and the environment
 * alone (no I/O here, so every rule is unit-tested: tests/unit/packaging/release-policy.test.ts).
 *
 * A release build (`npm run release`) refuses to start unless every installer it makes will be
 * signed: Windows by Azure Trusted Signing or a certificate on a hardware token, macOS with a
 * Developer ID and notarised, Linux with a GPG-signed SHA256SUMS. A test build (`npm run package`,
 * or `--test-build`, or CLINIC_TEST_BUILD=1) signs nothing, says so, and goes to out/test-build/
 * so it is never mistaken for a release.
 */

/** @typedef {'linux' | 'win' | 'mac'} ReleasePlatform */
/**
 * @typedef {{ method: 'azure', dlib: string, metadata: { Endpoint: string, CodeSigningAccountName: string, CertificateProfileName: string }, timestampUrl: string }
 *   | { method: 'token', certificateSha1: string, timestampUrl: string }} WindowsSigning
 */
/**
 * @typedef {{
 *   ok: true, testBuild: boolean, platform: ReleasePlatform, archs: string[], outputDir: string,
 *   updateEnv: { CLINIC_UPDATE_URL: string, CLINIC_UPDATE_CHANNEL: string },
 *   configOverrides: Record<string, unknown>, gpgKey: string | undefined, notes: string[]
 * } | { ok: false, problems: string[] }} ReleasePlan
 */
/** @typedef {Readonly<Record<string, string | undefined>>} Env */

/** The two rings: `latest` is stable (electron-updater's name for it), `beta` the early ring. */
export const UPDATE_CHANNELS = /** @type {const} */ (['latest', 'beta']);
/** The feed a test build is made with when none is given: an address that can never resolve. */
export const TEST_BUILD_UPDATE_URL = 'https://updates.invalid/clinic-office';
export const RELEASE_OUTPUT = 'out';
export const TEST_BUILD_OUTPUT = 'out/test-build';

/** Each platform's CPU architectures, as electron-builder.yml's targets list them. */
export const RELEASE_ARCHS = /** @type {const} */ ({ linux: ['x64'], win: ['x64'], mac: ['x64', 'arm64'] });

const AZURE_VARIABLES = /** @type {const} */ ([
  'AZURE_TRUSTED_SIGNING_ENDPOINT',
  'AZURE_TRUSTED_SIGNING_ACCOUNT',
  'AZURE_TRUSTED_SIGNING_PROFILE',
  'AZURE_TRUSTED_SIGNING_DLIB',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
]);
const APPLE_NOTARY_VARIABLES = /** @type {const} */ (['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']);
const DEFAULT_TIMESTAMP_URL = 'http://timestamp.digicert.com';
const AZURE_TIMESTAMP_URL = 'http://timestamp.acs.microsoft.com';

export class UsageError extends Error {
  /** @override */
  name = 'UsageError';
}

/** @param {Env} env @param {string} name */
const isSet = (env, name) => (env[name] ?? '').trim() !== '';

/** @param {string} nodePlatform process.platform @returns {ReleasePlatform} */
export function releasePlatformOf(nodePlatform) {
  if (nodePlatform === 'win32') return 'win';
  if (nodePlatform === 'darwin') return 'mac';
  if (nodePlatform === 'linux') return 'linux';
  throw new UsageError(`Clinic Office is not released for ${nodePlatform}.`);
}

/**
 * @param {readonly string[]} argv the arguments after the script's name
 * @param {Env} env
 * @param {string} nodePlatform process.platform
 * @returns {{ testBuild: boolean, platform: ReleasePlatform, reuseNative: boolean }}
 */
export function parseReleaseArgs(argv, env, nodePlatform) {
  let testBuild = env.CLINIC_TEST_BUILD === '1';
  let reuseNative = false;
  for (const arg of argv) {
    if (arg === '--test-build') testBuild = true;
    else if (arg === '--reuse-native') reuseNative = true;
    else throw new UsageError(`Unknown option ${arg}. Options: --test-build, --reuse-native.`);
  }
  return { testBuild, platform: releasePlatformOf(nodePlatform), reuseNative };
}

/**
 * How Windows files are signed: Azure Trusted Signing when its variables are set (signtool with
 * Microsoft's signing dlib; the Entra ID credentials are read by the dlib itself), else the
 * certificate on a hardware token named by its SHA-1 thumbprint in the Windows certificate store.
 * @param {Env} env
 * @returns {{ ok: true, signing: WindowsSigning } | { ok: false, problems: string[] }}
 */
export function windowsSigning(env) {
  const azureSet = AZURE_VARIABLES.filter((name) => isSet(env, name));
  if (azureSet.length > 0) {
    const missing = AZURE_VARIABLES.filter((name) => !isSet(env, name));
    if (missing.length > 0) return { ok: false, problems: [`Azure Trusted Signing is half configured: set ${missing.join(', ')}.`] };
    return {
      ok: true,
      signing: {
        method: 'azure',
        dlib: /** @type {string} */ (env.AZURE_TRUSTED_SIGNING_DLIB),
        metadata: {
          Endpoint: /** @type {string} */ (env.AZURE_TRUSTED_SIGNING_ENDPOINT),
          CodeSigningAccountName: /** @type {string} */ (env.AZURE_TRUSTED_SIGNING_ACCOUNT),
          CertificateProfileName: /** @type {string} */ (env.AZURE_TRUSTED_SIGNING_PROFILE),
        },
        timestampUrl: env.WIN_SIGN_TIMESTAMP_URL || AZURE_TIMESTAMP_URL,
      },
    };
  }
  const thumbprint = (env.WIN_SIGN_CERT_SHA1 ?? '').replace(/\s/g, '');
  if (thumbprint !== '') {
    if (!/^[0-9a-fA-F]{40}$/.test(thumbprint)) return { ok: false, problems: ['WIN_SIGN_CERT_SHA1 must be the certificate\'s SHA-1 thumbprint (40 hexadecimal digits).'] };
    return { ok: true, signing: { method: 'token', certificateSha1: thumbprint.toUpperCase(), timestampUrl: env.WIN_SIGN_TIMESTAMP_URL || DEFAULT_TIMESTAMP_URL } };
  }
  return {
    ok: false,
    problems: [`Windows installers must be signed: set ${AZURE_VARIABLES.join(', ')} (Azure Trusted Signing), or WIN_SIGN_CERT_SHA1 (a certificate on a hardware token).`],
  };
}

/**
 * signtool's arguments for one file (SHA-256 file digest, RFC 3161 timestamp with SHA-256).
 * @param {WindowsSigning} signing
 * @param {string} file
 * @param {string} metadataFile Azure only: the JSON file holding `signing.metadata`
 */
export function signtoolArguments(signing, file, metadataFile = '') {
  const common = ['sign', '/v', '/fd', 'SHA256', '/tr', signing.timestampUrl, '/td', 'SHA256'];
  return signing.method === 'azure'
    ? [...common, '/dlib', signing.dlib, '/dmdf', metadataFile, file]
    : [...common, '/sha1', signing.certificateSha1, file];
}

/** @param {Env} env @returns {string[]} what a signed, notarised macOS build still lacks */
function macProblems(env) {
  const problems = [];
  if (!isSet(env, 'CSC_LINK') && !isSet(env, 'CSC_NAME')) {
    problems.push('macOS apps must be signed: set CSC_NAME (a "Developer ID Application" identity in the keychain) or CSC_LINK and CSC_KEY_PASSWORD (its .p12).');
  }
  const missing = APPLE_NOTARY_VARIABLES.filter((name) => !isSet(env, name));
  if (missing.length > 0) problems.push(`macOS apps must be notarised: set ${missing.join(', ')} (an App Store Connect API key).`);
  return problems;
}

/** @param {Env} env @param {boolean} testBuild @returns {{ problems: string[], updateEnv: { CLINIC_UPDATE_URL: string, CLINIC_UPDATE_CHANNEL: string } }} */
function updateFeed(env, testBuild) {
  const problems = [];
  const url = (env.CLINIC_UPDATE_URL ?? '').trim() || (testBuild ? TEST_BUILD_UPDATE_URL : '');
  const channel = (env.CLINIC_UPDATE_CHANNEL ?? '').trim() || 'latest';
  if (url === '') problems.push('Set CLINIC_UPDATE_URL to the update feed (https://…), one URL per ring.');
  else if (!/^https:\/\/[^/\s]+/.test(url)) problems.push(`CLINIC_UPDATE_URL must be an https:// address (the updater trusts nothing else); it is "${url}".`);
  if (!(/** @type {readonly string[]} */ (UPDATE_CHANNELS).includes(channel))) {
    problems.push(`CLINIC_UPDATE_CHANNEL must be one of ${UPDATE_CHANNELS.join(', ')}; it is "${channel}".`);
  }
  return { problems, updateEnv: { CLINIC_UPDATE_URL: url.replace(/\/+$/, ''), CLINIC_UPDATE_CHANNEL: channel } };
}

/** What a test build changes in electron-builder.yml: nothing is signed or notarised. */
export const TEST_BUILD_OVERRIDES = Object.freeze({
  directories: { output: TEST_BUILD_OUTPUT },
  forceCodeSigning: false,
  win: { signExecutable: false },
  // Ad hoc, so it runs on Apple silicon; without the hardened runtime, since library validation
  // would refuse the ad-hoc-signed driver.
  mac: { identity: '-', hardenedRuntime: false, notarize: false },
});

/**
 * @param {{ platform: ReleasePlatform, env: Env, testBuild: boolean }} input
 * @returns {ReleasePlan}
 */
export function releasePlan({ platform, env, testBuild }) {
  const feed = updateFeed(env, testBuild);
  const problems = [...feed.problems];
  if (!testBuild) {
    if (platform === 'win') {
      const signing = windowsSigning(env);
      if (!signing.ok) problems.push(...signing.problems);
    } else if (platform === 'mac') {
      problems.push(...macProblems(env));
    } else if (!isSet(env, 'CLINIC_GPG_KEY')) {
      problems.push('Linux releases ship a signed SHA256SUMS: set CLINIC_GPG_KEY to the fingerprint of the release key in gpg.');
    }
  }
  if (problems.length > 0) {
    if (!testBuild) problems.push('Refusing to make unsigned installers. For a build to try out, use `npm run package` (a test build).');
    return { ok: false, problems };
  }
  return {
    ok: true,
    testBuild,
    platform,
    archs: [...RELEASE_ARCHS[platform]],
    outputDir: testBuild ? TEST_BUILD_OUTPUT : RELEASE_OUTPUT,
    updateEnv: feed.updateEnv,
    configOverrides: testBuild ? structuredClone(TEST_BUILD_OVERRIDES) : { forceCodeSigning: true },
    gpgKey: testBuild ? undefined : env.CLINIC_GPG_KEY,
    notes: testBuild ? ['TEST BUILD: nothing is signed or notarised. Never give it to a clinic or publish it to a feed.'] : [],
  };
}
