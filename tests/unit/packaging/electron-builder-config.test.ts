/**
 * electron-builder.yml against app-builder-lib's own JSON schema (the one electron-builder itself
 * validates with), plus what the schema cannot know: the Electron-ABI driver ships, the Node build
 * in node_modules never does, and the security fuses are set.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_BINDING_DEV_PATH, NATIVE_BINDING_RESOURCE_PATH } from '../../../src-main/electron/launch';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
  $schema?: string;
};

interface FileSet {
  from?: string;
  to?: string;
  filter?: string | string[];
}

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  directories?: { output?: string };
  files?: (string | FileSet)[];
  extraResources?: (string | FileSet)[];
  asarUnpack?: string[];
  npmRebuild?: boolean;
  nodeGypRebuild?: boolean;
  buildDependenciesFromSource?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: unknown };
  win?: { target?: unknown };
  mac?: { target?: unknown };
}

const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

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

describe('electron-builder.yml', () => {
  it("is valid against app-builder-lib's scheme.json", () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('is checked for real: an unknown key, a wrong type and a bad fuse are reported', () => {
    const unknownKey = errorsOf({ ...config, notAnOption: true });
    expect(unknownKey).toContainEqual(expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'notAnOption' } }));
    expect(errorsOf({ ...config, asar: 'yes please' }).length).toBeGreaterThan(0);
    expect(errorsOf({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }).length).toBeGreaterThan(0);
    expect(errorsOf({ ...config, afterPack: 42 }).length).toBeGreaterThan(0);
    // …while the schema's `typeof` keyword accepts what electron-builder accepts for a hook.
    expect(errorsOf({ ...config, afterPack: () => undefined })).toEqual([]);
    expect(errorsOf({ ...config, afterPack: 'scripts/after-pack.cjs' })).toEqual([]);
  });

  it('names the app and packs into out/ as an asar', () => {
    expect(config.appId).toBe('org.clinicoffice.app');
    expect(config.productName).toBe('Clinic Office');
    expect(config.directories?.output).toBe('out');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']));
  });

  it('ships the Electron-ABI driver where the shell loads it from', () => {
    expect(config.extraResources).toContainEqual({ from: NATIVE_BINDING_DEV_PATH, to: NATIVE_BINDING_RESOURCE_PATH });
  });

  it('never ships, unpacks or rebuilds the Node build of the driver', () => {
    expect(config.files).toContain('!**/node_modules/better-sqlite3-multiple-ciphers/build/**');
    const positive = [...(config.files ?? []), ...(config.extraResources ?? []), ...(config.asarUnpack ?? [])]
      .flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.from ?? '', ...[entry.filter ?? []].flat()]))
      .filter((pattern) => !pattern.startsWith('!'));
    for (const pattern of positive) {
      expect(pattern).not.toContain('node_modules');
      if (pattern.endsWith('.node')) expect(pattern).toBe(NATIVE_BINDING_DEV_PATH);
    }
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('sketches installers for Linux, Windows and macOS', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('packages the entry point package.json names', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });
});
