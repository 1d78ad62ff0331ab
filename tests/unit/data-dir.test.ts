import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../src-main/data-dir';

describe('default data folder (the same one Electron userData uses)', () => {
  it('follows each platform’s convention', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Clinic Office');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg/Clinic Office');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Clinic Office');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Clinic Office',
    );
  });
});

describe('resolveDataDir', () => {
  it('prefers the flag, then CLINIC_DATA_DIR, then the fallback, always absolute', () => {
    expect(resolveDataDir('rel/dir', { CLINIC_DATA_DIR: '/env' }, '/fallback')).toBe(path.resolve('rel/dir'));
    expect(resolveDataDir(undefined, { CLINIC_DATA_DIR: '/env' }, '/fallback')).toBe('/env');
    expect(resolveDataDir(undefined, { CLINIC_DATA_DIR: '  ' }, '/fallback')).toBe('/fallback');
    expect(resolveDataDir(undefined, {}, '/fallback')).toBe('/fallback');
  });
});
