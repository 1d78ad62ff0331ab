/**
 * The release build's refusal logic (scripts/release/policy.mjs): a release never makes unsigned
 * installers; a test build is said out loud and kept apart; the feed is https and a known ring.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  parseReleaseArgs,
  releasePlan,
  RELEASE_ARCHS,
  signtoolArguments,
  TEST_BUILD_OUTPUT,
  TEST_BUILD_UPDATE_URL,
  windowsSigning,
} from '../../../scripts/release/policy.mjs';
import { sign } from '../../../scripts/sign-windows.mjs';

const FEED = { CLINIC_UPDATE_URL: 'https://updates.example-clinic.org/clinic-office/stable/', CLINIC_UPDATE_CHANNEL: 'latest' };
const AZURE = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://eus.codesigning.azure.net/',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'clinic-office',
  AZURE_TRUSTED_SIGNING_PROFILE: 'public-trust',
  AZURE_TRUSTED_SIGNING_DLIB: 'C:\\tools\\Azure.CodeSigning.Dlib.dll',
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 'from-the-vault',
};
const TOKEN = { WIN_SIGN_CERT_SHA1: '0123456789abcdef0123456789ABCDEF01234567' };
const MAC = { CSC_NAME: 'Developer ID Application: Clinic Office (TEAMID1234)', APPLE_API_KEY: '/keys/AuthKey.p8', APPLE_API_KEY_ID: 'KEYID', APPLE_API_ISSUER: 'issuer-uuid' };

const problemsOf = (plan: ReturnType<typeof releasePlan>): string[] => (plan.ok ? [] : plan.problems);

describe('a release build', () => {
  it('refuses unsigned Windows, macOS and Linux installers, saying what to set and that a test build exists', () => {
    for (const platform of ['win', 'mac', 'linux'] as const) {
      const plan = releasePlan({ platform, env: FEED, testBuild: false });
      expect(plan.ok).toBe(false);
      expect(problemsOf(plan).at(-1)).toMatch(/Refusing to make unsigned installers.*npm run package/);
    }
    expect(problemsOf(releasePlan({ platform: 'win', env: FEED, testBuild: false }))[0]).toMatch(/AZURE_TRUSTED_SIGNING_ENDPOINT.*WIN_SIGN_CERT_SHA1/);
    expect(problemsOf(releasePlan({ platform: 'linux', env: FEED, testBuild: false }))[0]).toMatch(/CLINIC_GPG_KEY/);
    const mac = problemsOf(releasePlan({ platform: 'mac', env: FEED, testBuild: false }));
    expect(mac[0]).toMatch(/CSC_NAME.*CSC_LINK/);
    expect(mac[1]).toMatch(/notarised: set APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER/);
  });

  it('refuses a macOS build that would be signed but not notarised, naming what is missing', () => {
    const { APPLE_API_ISSUER: _dropped, ...withoutIssuer } = MAC;
    expect(problemsOf(releasePlan({ platform: 'mac', env: { ...FEED, ...withoutIssuer }, testBuild: false }))[0]).toMatch(/notarised: set APPLE_API_ISSUER \(/);
  });

  it('goes ahead when signing is configured, forcing electron-builder to sign, into out/', () => {
    const envs = { win: { ...FEED, ...TOKEN }, mac: { ...FEED, ...MAC }, linux: { ...FEED, CLINIC_GPG_KEY: 'ABCDEF0123456789' } };
    for (const platform of ['win', 'mac', 'linux'] as const) {
      const plan = releasePlan({ platform, env: envs[platform], testBuild: false });
      expect(plan).toMatchObject({ ok: true, testBuild: false, outputDir: 'out', configOverrides: { forceCodeSigning: true }, notes: [] });
      if (plan.ok) expect(plan.archs).toEqual([...RELEASE_ARCHS[platform]]);
    }
    expect(RELEASE_ARCHS.mac).toEqual(['x64', 'arm64']);
    const linux = releasePlan({ platform: 'linux', env: { ...FEED, CLINIC_GPG_KEY: 'ABCDEF0123456789' }, testBuild: false });
    expect(linux.ok && linux.gpgKey).toBe('ABCDEF0123456789');
  });

  it('needs an https feed and a known ring', () => {
    const env = { ...TOKEN };
    expect(problemsOf(releasePlan({ platform: 'win', env, testBuild: false }))[0]).toMatch(/Set CLINIC_UPDATE_URL/);
    expect(problemsOf(releasePlan({ platform: 'win', env: { ...env, CLINIC_UPDATE_URL: 'http://10.0.0.5/updates' }, testBuild: false }))[0]).toMatch(/must be an https:\/\/ address/);
    expect(problemsOf(releasePlan({ platform: 'win', env: { ...env, ...FEED, CLINIC_UPDATE_CHANNEL: 'stable' }, testBuild: false }))[0]).toMatch(/one of latest, beta; it is "stable"/);
    const beta = releasePlan({ platform: 'win', env: { ...env, CLINIC_UPDATE_URL: 'https://clinic-server.lan/updates/beta/', CLINIC_UPDATE_CHANNEL: 'beta' }, testBuild: false });
    expect(beta.ok && beta.updateEnv).toEqual({ CLINIC_UPDATE_URL: 'https://clinic-server.lan/updates/beta', CLINIC_UPDATE_CHANNEL: 'beta' });
    const defaulted = releasePlan({ platform: 'win', env: { ...env, CLINIC_UPDATE_URL: FEED.CLINIC_UPDATE_URL }, testBuild: false });
    expect(defaulted.ok && defaulted.updateEnv.CLINIC_UPDATE_CHANNEL).toBe('latest');
  });
});

describe('a test build', () => {
  it('needs no signing secrets, signs nothing, says so and goes to out/test-build/', () => {
    for (const platform of ['win', 'mac', 'linux'] as const) {
      const plan = releasePlan({ platform, env: {}, testBuild: true });
      expect(plan).toMatchObject({
        ok: true,
        testBuild: true,
        outputDir: TEST_BUILD_OUTPUT,
        gpgKey: undefined,
        updateEnv: { CLINIC_UPDATE_URL: TEST_BUILD_UPDATE_URL, CLINIC_UPDATE_CHANNEL: 'latest' },
        configOverrides: {
          directories: { output: TEST_BUILD_OUTPUT },
          forceCodeSigning: false,
          win: { signExecutable: false },
          mac: { identity: '-', hardenedRuntime: false, notarize: false },
        },
      });
      expect(plan.ok && plan.notes[0]).toMatch(/TEST BUILD: nothing is signed/);
    }
  });

  it('still refuses a feed that is not https', () => {
    expect(problemsOf(releasePlan({ platform: 'linux', env: { CLINIC_UPDATE_URL: 'ftp://x' }, testBuild: true }))).toEqual([
      'CLINIC_UPDATE_URL must be an https:// address (the updater trusts nothing else); it is "ftp://x".',
    ]);
  });

  it('is asked for with --test-build or CLINIC_TEST_BUILD=1; anything else is a usage error', () => {
    expect(parseReleaseArgs([], {}, 'linux')).toEqual({ testBuild: false, platform: 'linux', reuseNative: false });
    expect(parseReleaseArgs(['--test-build'], {}, 'win32')).toEqual({ testBuild: true, platform: 'win', reuseNative: false });
    expect(parseReleaseArgs(['--reuse-native'], { CLINIC_TEST_BUILD: '1' }, 'darwin')).toEqual({ testBuild: true, platform: 'mac', reuseNative: true });
    expect(parseReleaseArgs([], { CLINIC_TEST_BUILD: 'yes' }, 'linux').testBuild).toBe(false);
    expect(() => parseReleaseArgs(['--unsigned'], {}, 'linux')).toThrow(/Unknown option --unsigned/);
    expect(() => parseReleaseArgs([], {}, 'freebsd')).toThrow(/not released for freebsd/);
  });
});

describe('Windows signing', () => {
  it('uses Azure Trusted Signing when configured, through signtool and its dlib', () => {
    const decided = windowsSigning(AZURE);
    expect(decided).toEqual({
      ok: true,
      signing: {
        method: 'azure',
        dlib: AZURE.AZURE_TRUSTED_SIGNING_DLIB,
        metadata: { Endpoint: AZURE.AZURE_TRUSTED_SIGNING_ENDPOINT, CodeSigningAccountName: 'clinic-office', CertificateProfileName: 'public-trust' },
        timestampUrl: 'http://timestamp.acs.microsoft.com',
      },
    });
    if (!decided.ok) return;
    expect(signtoolArguments(decided.signing, 'C:\\out\\Clinic Office.exe', 'C:\\tmp\\metadata.json')).toEqual([
      'sign', '/v', '/fd', 'SHA256', '/tr', 'http://timestamp.acs.microsoft.com', '/td', 'SHA256',
      '/dlib', AZURE.AZURE_TRUSTED_SIGNING_DLIB, '/dmdf', 'C:\\tmp\\metadata.json', 'C:\\out\\Clinic Office.exe',
    ]);
  });

  it('refuses a half-configured Azure account, naming the missing variables', () => {
    const { AZURE_CLIENT_SECRET: _a, AZURE_TRUSTED_SIGNING_DLIB: _b, ...partial } = AZURE;
    expect(windowsSigning({ ...partial, ...TOKEN })).toEqual({
      ok: false,
      problems: ['Azure Trusted Signing is half configured: set AZURE_TRUSTED_SIGNING_DLIB, AZURE_CLIENT_SECRET.'],
    });
  });

  it('otherwise uses the hardware token certificate by thumbprint, with a timestamp', () => {
    const decided = windowsSigning({ ...TOKEN, WIN_SIGN_TIMESTAMP_URL: 'http://timestamp.sectigo.com' });
    expect(decided).toEqual({ ok: true, signing: { method: 'token', certificateSha1: '0123456789ABCDEF0123456789ABCDEF01234567', timestampUrl: 'http://timestamp.sectigo.com' } });
    if (!decided.ok) return;
    expect(signtoolArguments(decided.signing, 'a.exe')).toEqual([
      'sign', '/v', '/fd', 'SHA256', '/tr', 'http://timestamp.sectigo.com', '/td', 'SHA256', '/sha1', '0123456789ABCDEF0123456789ABCDEF01234567', 'a.exe',
    ]);
    expect(windowsSigning({ WIN_SIGN_CERT_SHA1: 'not-a-thumbprint' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/40 hexadecimal digits/)] });
  });
});

describe("electron-builder's Windows signing hook (scripts/sign-windows.mjs)", () => {
  const work = mkdtempSync(path.join(tmpdir(), 'sign-windows-'));
  const record = path.join(work, 'calls.txt');
  const fakeSigntool = path.join(work, 'signtool');
  // Records its arguments, one per line, and a copy of the Azure metadata file it was given.
  writeFileSync(fakeSigntool, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nfor a; do case "$a" in *.json) cat "$a" > '${record}.json';; esac; done\n`);
  chmodSync(fakeSigntool, 0o755);
  afterEach(() => vi.unstubAllEnvs());

  const stubEnv = (env: Record<string, string>) => {
    for (const name of [...Object.keys(AZURE), ...Object.keys(TOKEN)]) vi.stubEnv(name, '');
    for (const [name, value] of Object.entries({ SIGNTOOL_PATH: fakeSigntool, ...env })) vi.stubEnv(name, value);
  };

  it('runs signtool with the token certificate for each file electron-builder hands it', async () => {
    stubEnv(TOKEN);
    await sign({ path: path.join(work, 'Clinic Office.exe') });
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([
      'sign', '/v', '/fd', 'SHA256', '/tr', 'http://timestamp.digicert.com', '/td', 'SHA256', '/sha1', TOKEN.WIN_SIGN_CERT_SHA1.toUpperCase(), path.join(work, 'Clinic Office.exe'),
    ]);
  });

  it("gives Azure's dlib a metadata file naming the account and profile (no secret in it)", async () => {
    stubEnv(AZURE);
    await sign({ path: 'setup.msi' });
    expect(readFileSync(record, 'utf8')).toContain('/dlib\nC:\\tools\\Azure.CodeSigning.Dlib.dll\n/dmdf\n');
    const metadata = readFileSync(`${record}.json`, 'utf8');
    expect(JSON.parse(metadata)).toEqual({ Endpoint: AZURE.AZURE_TRUSTED_SIGNING_ENDPOINT, CodeSigningAccountName: 'clinic-office', CertificateProfileName: 'public-trust' });
    expect(metadata).not.toContain(AZURE.AZURE_CLIENT_SECRET);
  });

  it('fails the build, saying why, when nothing is configured', async () => {
    stubEnv({});
    await expect(sign({ path: 'setup.exe' })).rejects.toThrow(/sign-windows: Windows installers must be signed/);
  });

  afterEach(() => rmSync(record, { force: true }));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
});
