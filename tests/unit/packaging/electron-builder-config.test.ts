/**
 * electron-builder.yml against app-builder-lib's own JSON schema (the one electron-builder itself
 * validates with), plus what the schema cannot know: identities that must never change, every fuse
 * set, installers that keep the clinic's data, signing and notarisation on, no secret in the file,
 * the Electron-ABI driver shipped and the Node build never.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKED_DRIVER } from '../../../scripts/release/after-pack.mjs';
import { RELEASE_ARCHS } from '../../../scripts/release/policy.mjs';
import { NATIVE_BINDING_RESOURCE_PATH } from '../../../src-main/electron/launch';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
  $schema?: string;
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

interface FileSet {
  from?: string;
  to?: string;
  filter?: string | string[];
}

interface Target {
  target: string;
  arch?: string[];
}

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  directories?: { output?: string; buildResources?: string };
  files?: (string | FileSet)[];
  extraResources?: (string | FileSet)[];
  asarUnpack?: string[];
  npmRebuild?: boolean;
  nodeGypRebuild?: boolean;
  buildDependenciesFromSource?: boolean;
  forceCodeSigning?: boolean;
  afterPack?: string;
  electronFuses?: Record<string, boolean>;
  publish?: Record<string, string>[];
  linux?: { target?: Target[]; executableName?: string };
  win?: { target?: Target[]; signtoolOptions?: { sign?: string; publisherName?: string[]; signingHashAlgorithms?: string[] }; azureSignOptions?: unknown };
  nsis?: Record<string, unknown>;
  msi?: Record<string, unknown>;
  mac?: { target?: Target[]; hardenedRuntime?: boolean; notarize?: boolean; entitlements?: string; entitlementsInherit?: string };
}

const ymlText = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const config = load(ymlText) as BuilderConfig;

/** Written once, never changed: Windows Installer knows its upgrades by it (see the yml). */
const MSI_UPGRADE_CODE = 'BAD714FA-1FE7-44C3-B4D8-24FEECEAE2C2';

let validate: ValidateFunction;

beforeAll(() => {
  // scheme.json is draft-07 (Ajv's default draft). Its one non-standard keyword, `typeof`, marks
  // hooks that must be functions (or module paths); a YAML file can never hold a function, so the
  // keyword checks what it says rather than being ignored, and strict mode stays on for the rest.
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, allowUnionTypes: true });
  ajv.addKeyword({
    keyword: 'typeof',
    schemaType: 'string',
    validate: (expected: string, data: unknown) => typeof data === expected,
    errors: false,
  });
  validate = ajv.compile(schema);
});

const errorsOf = (value: unknown): ErrorObject[] => (validate(value) ? [] : (validate.errors ?? []));
const targetsOf = (targets: Target[] | undefined) => Object.fromEntries((targets ?? []).map((t) => [t.target, t.arch]));

describe('electron-builder.yml', () => {
  it("is valid against app-builder-lib's scheme.json", () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('is checked for real: an unknown key, a wrong type and a bad fuse are reported', () => {
    const unknownKey = errorsOf({ ...config, notAnOption: true });
    expect(unknownKey).toContainEqual(expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'notAnOption' } }));
    expect(errorsOf({ ...config, asar: 'yes please' }).length).toBeGreaterThan(0);
    expect(errorsOf({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }).length).toBeGreaterThan(0);
    expect(errorsOf({ ...config, msi: { ...config.msi, upgradeCode: 42 } }).length).toBeGreaterThan(0);
    expect(errorsOf({ ...config, afterPack: 42 }).length).toBeGreaterThan(0);
    // …while the schema's `typeof` keyword accepts what electron-builder accepts for a hook.
    expect(errorsOf({ ...config, afterPack: () => undefined })).toEqual([]);
    expect(errorsOf({ ...config, afterPack: 'scripts/after-pack.cjs' })).toEqual([]);
  });

  it('keeps the identities that must never change: appId and the MSI upgrade code', () => {
    expect(config.appId).toBe('org.clinicoffice.app');
    expect(config.productName).toBe('Clinic Office');
    expect(config.msi?.upgradeCode).toBe(MSI_UPGRADE_CODE);
    // No NSIS guid of its own: it derives from the fixed appId.
    expect(config.nsis).not.toHaveProperty('guid');
  });

  it('packs only the built JS, the renderer and package.json into an asar in out/', () => {
    expect(config.directories?.output).toBe('out');
    expect(config.asar).toBe(true);
    const positive = (config.files ?? []).filter((entry) => typeof entry === 'string' && !entry.startsWith('!'));
    expect(positive).toEqual(['dist/electron/**', 'dist/renderer/**', 'package.json']);
    expect(config.files).toContain('!**/*.map');
  });

  it('ships the Electron-ABI driver per architecture where the shell loads it, unpacked, and checks it after packing', () => {
    expect(config.extraResources).toEqual([{ from: 'native/release/${arch}/better_sqlite3.node', to: NATIVE_BINDING_RESOURCE_PATH }]);
    expect(PACKED_DRIVER).toBe(NATIVE_BINDING_RESOURCE_PATH);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.afterPack).toBe('./scripts/release/after-pack.mjs');
    expect(existsSync(path.join(root, config.afterPack ?? ''))).toBe(true);
  });

  it('never ships or rebuilds the Node build of the driver, nor any other dependency', () => {
    expect(config.files).toContain('!**/node_modules/!(better-sqlite3-multiple-ciphers){,/**}');
    expect(config.files).toContain('!**/node_modules/better-sqlite3-multiple-ciphers/!(lib|package.json|LICENSE){,/**}');
    const positive = [...(config.files ?? []), ...(config.extraResources ?? [])]
      .flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.from ?? '', ...[entry.filter ?? []].flat()]))
      .filter((pattern) => !pattern.startsWith('!'));
    for (const pattern of positive) expect(pattern).not.toContain('node_modules');
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it("sets every fuse app-builder-lib's schema knows, each to its safe value", () => {
    const fuseKeys = Object.keys(schema.definitions.FuseOptionsV1.properties).filter((key) => key !== 'resetAdHocDarwinSignature');
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(fuseKeys.sort());
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('makes NSIS (per user or per machine, data kept) and a per-machine MSI for Windows x64', () => {
    expect(targetsOf(config.win?.target)).toEqual({ nsis: ['x64'], msi: ['x64'] });
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    });
    expect(config.msi).toMatchObject({ perMachine: true });
  });

  it('signs Windows files through the hook, with the publisher names as a list', () => {
    expect(config.forceCodeSigning).toBe(true);
    expect(config.win?.signtoolOptions?.sign).toBe('./scripts/sign-windows.mjs');
    expect(existsSync(path.join(root, 'scripts', 'sign-windows.mjs'))).toBe(true);
    expect(config.win?.signtoolOptions?.signingHashAlgorithms).toEqual(['sha256']);
    expect(Array.isArray(config.win?.signtoolOptions?.publisherName)).toBe(true);
    expect(config.win?.signtoolOptions?.publisherName?.length).toBeGreaterThan(0);
    expect(config.win).not.toHaveProperty('azureSignOptions');
  });

  it('makes dmg + zip for Intel and Apple silicon, hardened and notarised, with minimal entitlements', () => {
    expect(targetsOf(config.mac?.target)).toEqual({ dmg: ['x64', 'arm64'], zip: ['x64', 'arm64'] });
    expect(RELEASE_ARCHS.mac).toEqual(['x64', 'arm64']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toMatch(/^resources\/entitlements\.mac\..*plist$/);
      const plist = readFileSync(path.join(root, file ?? ''), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      expect([...plist.matchAll(/<key>([^<]+)<\/key>\s*<(\w+)\/>/g)].map((m) => [m[1], m[2]])).toEqual([['com.apple.security.cs.allow-jit', 'true']]);
    }
  });

  it('makes an AppImage and a deb for Linux x64', () => {
    expect(targetsOf(config.linux?.target)).toEqual({ AppImage: ['x64'], deb: ['x64'] });
    expect(RELEASE_ARCHS.linux).toEqual(['x64']);
    expect(config.linux?.executableName).toBe('clinic-office');
  });

  it('publishes to one generic feed whose address and ring come from the environment', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: '${env.CLINIC_UPDATE_URL}', channel: '${env.CLINIC_UPDATE_CHANNEL}' }]);
  });

  it('holds no secret: no credential keys, key material, passwords or tokens', () => {
    const secretKeys = /\b(cscLink|cscKeyPassword|cscInstallerLink|cscInstallerKeyPassword|certificateFile|certificatePassword|certificateSha1|appleIdPassword|password|token|secret|apiKey)\s*:/i;
    expect(ymlText).not.toMatch(secretKeys);
    expect(ymlText).not.toMatch(/-----BEGIN|MII[A-Za-z0-9+/]{20}|\.(p12|pfx|p8|pem|key)\b/);
    // Every ${env.…} reference is one of the two non-secret feed settings.
    expect([...ymlText.matchAll(/\$\{env\.(\w+)\}/g)].map((m) => m[1])).toEqual(['CLINIC_UPDATE_URL', 'CLINIC_UPDATE_CHANNEL']);
  });

  it('packages the entry point package.json names', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.scripts.release).toBe('node scripts/release.mjs');
    expect(pkg.scripts.package).toBe('node scripts/release.mjs --test-build');
  });
});
