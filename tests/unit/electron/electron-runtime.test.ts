import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinaryPath } from '../../../src-main/electron-runtime';

let repo: string;
const electronDir = () => path.join(repo, 'node_modules', 'electron');

function fakeElectronPackage(options: { pathTxt?: string; binary?: string }): void {
  mkdirSync(electronDir(), { recursive: true });
  // index.js would download the binary if required: a trap that must never fire.
  writeFileSync(path.join(electronDir(), 'index.js'), "throw new Error('electron/index.js must not be required');");
  if (options.pathTxt !== undefined) writeFileSync(path.join(electronDir(), 'path.txt'), options.pathTxt);
  if (options.binary !== undefined) {
    const file = path.join(electronDir(), 'dist', options.binary);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  }
}

beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'clinic-electron-runtime-'));
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('electronBinaryPath', () => {
  it('finds the downloaded binary named by path.txt', () => {
    fakeElectronPackage({ pathTxt: 'electron', binary: 'electron' });
    expect(electronBinaryPath(repo, {})).toBe(path.join(electronDir(), 'dist', 'electron'));
  });

  it('finds the macOS app bundle executable', () => {
    fakeElectronPackage({ pathTxt: 'Electron.app/Contents/MacOS/Electron', binary: 'Electron.app/Contents/MacOS/Electron' });
    expect(electronBinaryPath(repo, {})).toBe(path.join(electronDir(), 'dist', 'Electron.app', 'Contents', 'MacOS', 'Electron'));
  });

  it('says null when electron is not installed at all', () => {
    expect(electronBinaryPath(repo, {})).toBeNull();
  });

  it('says null when the binary was never downloaded (no path.txt, as after an offline npm ci)', () => {
    fakeElectronPackage({});
    expect(electronBinaryPath(repo, {})).toBeNull();
  });

  it('says null when path.txt names a file that is not there', () => {
    fakeElectronPackage({ pathTxt: 'electron' });
    expect(electronBinaryPath(repo, {})).toBeNull();
  });

  it('says null when path.txt names a folder', () => {
    fakeElectronPackage({ pathTxt: 'electron' });
    mkdirSync(path.join(electronDir(), 'dist', 'electron'), { recursive: true });
    expect(electronBinaryPath(repo, {})).toBeNull();
  });

  it('refuses a path.txt that leaves dist/', () => {
    fakeElectronPackage({ pathTxt: '../index.js' });
    expect(electronBinaryPath(repo, {})).toBeNull();
    writeFileSync(path.join(electronDir(), 'path.txt'), path.join(electronDir(), 'index.js'));
    expect(electronBinaryPath(repo, {})).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself', () => {
    fakeElectronPackage({ pathTxt: 'electron' });
    const override = path.join(repo, 'custom-dist');
    mkdirSync(override);
    writeFileSync(path.join(override, 'electron'), '');
    expect(electronBinaryPath(repo, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(path.join(override, 'electron'));
  });

  it('tolerates a trailing newline in path.txt', () => {
    fakeElectronPackage({ pathTxt: 'electron\n', binary: 'electron' });
    expect(electronBinaryPath(repo, {})).toBe(path.join(electronDir(), 'dist', 'electron'));
  });
});
