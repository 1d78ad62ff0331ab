import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptBuffer, decryptFile, encryptBuffer, encryptFile, FileDecryptError, isEncryptedBuffer } from '../../../src-main/security/files';
import { TEST_KEYS } from '../../support/test-keys';

const key = TEST_KEYS.fileKey;
const other = Buffer.alloc(32, 9);
const secret = Buffer.from('Maria Lopez, 1985-07-14: chart notes');

describe('file encryption (AES-256-GCM)', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('round-trips, with a header, a version byte and a fresh nonce every time', () => {
    const a = encryptBuffer(secret, key, 'document');
    const b = encryptBuffer(secret, key, 'document');
    expect(a.subarray(0, 4).toString('ascii')).toBe('CLOF');
    expect(a[4]).toBe(1);
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(secret.length + 5 + 12 + 16);
    expect(a.includes(Buffer.from('Lopez'))).toBe(false);
    expect(isEncryptedBuffer(a)).toBe(true);
    expect(decryptBuffer(a, key, 'document').equals(secret)).toBe(true);
  });

  it('refuses any changed byte, a cut-short file, another key, another context or another version with a clear error', () => {
    const sealed = encryptBuffer(secret, key, 'document');
    for (let i = 0; i < sealed.length; i += 1) {
      const tampered = Buffer.from(sealed);
      tampered[i]! ^= 0x01;
      expect(() => decryptBuffer(tampered, key, 'document'), `byte ${i}`).toThrow(FileDecryptError);
    }
    expect(() => decryptBuffer(sealed.subarray(0, sealed.length - 1), key, 'document')).toThrow(/changed or damaged/);
    expect(() => decryptBuffer(sealed.subarray(0, 20), key, 'document')).toThrow(/cut short/);
    expect(() => decryptBuffer(sealed, other, 'document')).toThrow(/another key/);
    expect(() => decryptBuffer(sealed, key, 'backup-state')).toThrow(FileDecryptError);
    const future = Buffer.from(sealed);
    future[4] = 2;
    expect(() => decryptBuffer(future, key, 'document')).toThrow(/format version 2/);
    expect(() => decryptBuffer(secret, key)).toThrow(/not an encrypted Clinic Office file/);
    try {
      decryptBuffer(sealed, other, 'document');
    } catch (error) {
      expect((error as Error).message).not.toContain('Lopez');
    }
  });

  it('encrypts and decrypts files, writing whole-or-nothing', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'clinic-files-'));
    const plain = path.join(dir, 'plain.txt');
    const sealed = path.join(dir, 'sealed.bin');
    const back = path.join(dir, 'back.txt');
    writeFileSync(plain, secret);
    encryptFile(plain, sealed, key);
    expect(readFileSync(sealed).includes(Buffer.from('Maria'))).toBe(false);
    decryptFile(sealed, back, key);
    expect(readFileSync(back).equals(secret)).toBe(true);
    expect(() => decryptFile(sealed, back, other)).toThrow(FileDecryptError);
    expect(readFileSync(back).equals(secret)).toBe(true); // a refused decrypt leaves the target as it was
  });
});
