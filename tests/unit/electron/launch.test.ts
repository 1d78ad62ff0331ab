import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WrongKeyError } from '../../../src-main/db/open';
import {
  missingBuildMessage,
  missingDriverMessage,
  NATIVE_BINDING_DEV_PATH,
  NATIVE_BINDING_RESOURCE_PATH,
  nativeBindingPath,
  resolveDataDir,
  startupFailureMessage,
} from '../../../src-main/electron/launch';

const userDataPath = '/home/frontdesk/.config/Clinic Office';

describe('resolveDataDir', () => {
  it("defaults to Electron's userData folder", () => {
    expect(resolveDataDir({ argv: ['/opt/clinic/clinic-office'], env: {}, userDataPath })).toBe(userDataPath);
  });

  it('takes CLINIC_DATA_DIR over the default', () => {
    expect(resolveDataDir({ argv: [], env: { CLINIC_DATA_DIR: '/data/clinic' }, userDataPath })).toBe(path.resolve('/data/clinic'));
    expect(resolveDataDir({ argv: [], env: { CLINIC_DATA_DIR: '  ' }, userDataPath })).toBe(userDataPath);
  });

  it('takes --data-dir over everything, in both spellings', () => {
    const env = { CLINIC_DATA_DIR: '/data/from-env' };
    expect(resolveDataDir({ argv: ['electron', '.', '--data-dir', '/data/a'], env, userDataPath })).toBe(path.resolve('/data/a'));
    expect(resolveDataDir({ argv: ['electron', '.', '--data-dir=/data/b'], env, userDataPath })).toBe(path.resolve('/data/b'));
  });

  it('makes a relative folder absolute', () => {
    expect(resolveDataDir({ argv: ['--data-dir', 'rel/dir'], env: {}, userDataPath })).toBe(path.resolve('rel/dir'));
  });

  it('refuses --data-dir without a folder', () => {
    expect(() => resolveDataDir({ argv: ['--data-dir'], env: {}, userDataPath })).toThrow('--data-dir needs a folder');
    expect(() => resolveDataDir({ argv: ['--data-dir', '--inspect'], env: {}, userDataPath })).toThrow();
    expect(() => resolveDataDir({ argv: ['--data-dir='], env: {}, userDataPath })).toThrow();
  });
});

describe('nativeBindingPath', () => {
  it('uses the Electron build in native/electron/ during development', () => {
    expect(nativeBindingPath({ isPackaged: false, resourcesPath: '/ignored', appRoot: '/repo' })).toBe(
      path.join('/repo', 'native', 'electron', 'better_sqlite3.node'),
    );
  });

  it('uses the copy in the resources folder when packaged', () => {
    expect(nativeBindingPath({ isPackaged: true, resourcesPath: '/opt/Clinic Office/resources', appRoot: '/ignored' })).toBe(
      path.join('/opt/Clinic Office/resources', 'native', 'better_sqlite3.node'),
    );
  });

  it("never points at the Node build the tests use", () => {
    for (const isPackaged of [true, false]) {
      const file = nativeBindingPath({ isPackaged, resourcesPath: '/r', appRoot: '/repo' });
      expect(file).not.toContain('node_modules');
    }
    expect(NATIVE_BINDING_DEV_PATH).toBe('native/electron/better_sqlite3.node');
    expect(NATIVE_BINDING_RESOURCE_PATH).toBe('native/better_sqlite3.node');
  });
});

describe('start-up messages', () => {
  it('tells a developer how to build a missing driver', () => {
    const { message } = missingDriverMessage('/repo/native/electron/better_sqlite3.node', false);
    expect(message).toContain('npm run build:native-electron');
    expect(message).toContain('/repo/native/electron/better_sqlite3.node');
  });

  it('tells an end user to reinstall', () => {
    expect(missingDriverMessage('/x', true).message).toContain('reinstall');
    expect(missingBuildMessage('/x/index.html', 'npm run build:renderer', true).message).toContain('reinstall');
    expect(missingBuildMessage('/x/index.html', 'npm run build:renderer', false).message).toContain('npm run build:renderer');
  });

  it('recognises a driver built for another ABI', () => {
    const error = Object.assign(new Error('… was compiled against a different Node.js version using NODE_MODULE_VERSION 115 …'), {
      code: 'ERR_DLOPEN_FAILED',
    });
    expect(startupFailureMessage(error, '/data', false).message).toContain('npm run build:native-electron');
  });

  it("never repeats an error's message, which could quote data", () => {
    const error = Object.assign(new Error('UNIQUE constraint failed: Maria Lopez 1985-07-14'), { code: 'SQLITE_CONSTRAINT' });
    const { message } = startupFailureMessage(error, '/data/clinic', false);
    expect(message).toContain('SQLITE_CONSTRAINT');
    expect(message).toContain('/data/clinic');
    expect(message).not.toContain('Maria');
  });

  it('shows the wrong-key message as it is (it quotes no data and says nothing changed)', () => {
    const { title, message } = startupFailureMessage(new WrongKeyError(), '/data/clinic', true);
    expect(title).toBe('Clinic Office cannot open its data');
    expect(message).toContain('cannot be opened with this key');
    expect(message).toContain('Nothing was changed');
    expect(message).toContain('/data/clinic');
  });
});
