import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DESKTOP_KEY_FILE,
  DesktopKeyError,
  loadOrCreateDesktopMasterKey,
  parseKeyFile,
  planDesktopKey,
  serializeKeyFile,
  type OsKeyProtection,
} from '../../../src-main/security/desktop-key';

/** A stand-in for safeStorage: reversible, but never the key in the clear, and bound to one "account". */
function fakeProtection(account = 'alice', overrides: Partial<OsKeyProtection> = {}): OsKeyProtection & { encryptString: ReturnType<typeof vi.fn> } {
  return {
    isEncryptionAvailable: () => true,
    encryptString: vi.fn((text: string) => Buffer.from(`${account}|${Buffer.from(text).toString('base64')}`).reverse()),
    decryptString: (data: Buffer) => {
      const [who, body] = Buffer.from(data).reverse().toString().split('|');
      if (who !== account || body === undefined) throw new Error('cannot decrypt');
      return Buffer.from(body, 'base64').toString();
    },
    ...overrides,
  } as OsKeyProtection & { encryptString: ReturnType<typeof vi.fn> };
}

describe('planDesktopKey', () => {
  it('refuses without OS protection, or with the unprotected basic_text store, whatever else is true', () => {
    for (const database of ['none', 'plaintext', 'encrypted'] as const) {
      for (const keyFileExists of [true, false]) {
        expect(planDesktopKey({ protectionAvailable: false, keyFileExists, database }).action).toBe('refuse');
        expect(planDesktopKey({ protectionAvailable: true, backend: 'basic_text', keyFileExists, database }).action).toBe('refuse');
      }
    }
  });

  it('loads an existing key file, creates one for a new or unencrypted folder, refuses an encrypted folder without its key', () => {
    expect(planDesktopKey({ protectionAvailable: true, backend: 'gnome_libsecret', keyFileExists: true, database: 'encrypted' })).toEqual({ action: 'load' });
    expect(planDesktopKey({ protectionAvailable: true, keyFileExists: false, database: 'none' })).toEqual({ action: 'create' });
    expect(planDesktopKey({ protectionAvailable: true, keyFileExists: false, database: 'plaintext' })).toEqual({ action: 'create' });
    const refused = planDesktopKey({ protectionAvailable: true, keyFileExists: false, database: 'encrypted' });
    expect(refused.action).toBe('refuse');
    expect(refused.action === 'refuse' && refused.error.message).toMatch(/key file .* is missing/);
  });
});

describe('the key file format', () => {
  it('round-trips and refuses what is not a key file', () => {
    const bytes = Buffer.from([1, 2, 3, 250]);
    expect(parseKeyFile(serializeKeyFile(bytes)).equals(bytes)).toBe(true);
    expect(() => parseKeyFile('not json')).toThrow(DesktopKeyError);
    expect(() => parseKeyFile('{"format":"other"}')).toThrow(/not a Clinic Office key file/);
    expect(() => parseKeyFile(serializeKeyFile(bytes).replace('"version":1', '"version":2'))).toThrow(/newer version/);
  });
});

describe('loadOrCreateDesktopMasterKey', () => {
  let dir: string;
  let keyFile: string;
  let dataDir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'clinic-desktop-key-'));
    keyFile = path.join(dir, 'userData', DESKTOP_KEY_FILE);
    dataDir = path.join(dir, 'data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a random 32-byte key at first run, stores only the protected form, and loads it again', () => {
    const protection = fakeProtection();
    const first = loadOrCreateDesktopMasterKey({ keyFile, dataDir, protection });
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    const stored = readFileSync(keyFile, 'utf8');
    expect(stored).not.toContain(first.key.toString('hex'));
    expect(stored).not.toContain(first.key.toString('base64'));
    const again = loadOrCreateDesktopMasterKey({ keyFile, dataDir, protection });
    expect(again).toEqual({ key: first.key, created: false });
    expect(protection.encryptString).toHaveBeenCalledOnce();
  });

  it('refuses (never writing a key) when protection is unavailable', () => {
    const protection = fakeProtection('alice', { isEncryptionAvailable: () => false });
    expect(() => loadOrCreateDesktopMasterKey({ keyFile, dataDir, protection })).toThrow(DesktopKeyError);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses a key file another account protected, and a damaged one, without replacing it', () => {
    loadOrCreateDesktopMasterKey({ keyFile, dataDir, protection: fakeProtection('alice') });
    const before = readFileSync(keyFile);
    expect(() => loadOrCreateDesktopMasterKey({ keyFile, dataDir, protection: fakeProtection('bob') })).toThrow(/would not unlock/);
    expect(readFileSync(keyFile).equals(before)).toBe(true);
    writeFileSync(keyFile, '{');
    expect(() => loadOrCreateDesktopMasterKey({ keyFile, dataDir, protection: fakeProtection('alice') })).toThrow(/not readable/);
  });

  it('refuses to make a new key when an encrypted database is already there', () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'clinic.db'), Buffer.alloc(4096, 0xab)); // random-looking: not a plain SQLite header
    expect(() => loadOrCreateDesktopMasterKey({ keyFile, dataDir, protection: fakeProtection() })).toThrow(/key .* is missing/);
    expect(existsSync(keyFile)).toBe(false);
  });
});
