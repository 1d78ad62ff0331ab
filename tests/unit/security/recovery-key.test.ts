import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  backupKeyId,
  generateRecoveryKey,
  normalizeRecoveryKey,
  RECOVERY_KDF,
  RecoveryKeyFormatError,
  unwrapBackupKey,
  wrapBackupKey,
  WrongRecoveryKeyError,
} from '../../../src-main/domain/backups/recovery-key';
import { TEST_KDF } from '../../support/test-keys';

describe('the recovery key', () => {
  it('is 25 Crockford base-32 characters in five groups, different every time', () => {
    const a = generateRecoveryKey();
    expect(a).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(generateRecoveryKey()).not.toBe(a);
  });

  it('is read forgivingly (case, spaces, dashes, O/I/L look-alikes) and strictly otherwise', () => {
    expect(normalizeRecoveryKey('abcde fgh1o-ilxyz 01234 56789')).toBe('ABCDEFGH1011XYZ0123456789');
    for (const bad of ['', 'ABCDE', 'ABCDE-FGHJK-MNPQR-STVWX-YZ012-3', 'ABCDE-FGHJK-MNPQR-STVWX-YZ01U', 'ABCDE-FGHJK-MNPQR-STVWX-YZ01!']) {
      expect(() => normalizeRecoveryKey(bad), bad).toThrow(RecoveryKeyFormatError);
    }
  });

  it('wraps the backup key (AES-GCM under scrypt of the recovery key) and only that key, for that clinic, unwraps it', async () => {
    const recoveryKey = generateRecoveryKey();
    const backupKey = randomBytes(32);
    const wrap = await wrapBackupKey(backupKey, recoveryKey, 'clinic-1', TEST_KDF);
    expect(wrap.keyId).toBe(backupKeyId(backupKey));
    expect(wrap.kdf).toMatchObject({ name: 'scrypt', N: TEST_KDF.N, r: TEST_KDF.r, p: TEST_KDF.p });
    expect(JSON.stringify(wrap)).not.toContain(backupKey.toString('base64'));
    expect((await unwrapBackupKey(wrap, recoveryKey.toLowerCase().replaceAll('-', ' '), 'clinic-1')).equals(backupKey)).toBe(true);
    await expect(unwrapBackupKey(wrap, generateRecoveryKey(), 'clinic-1')).rejects.toThrow(WrongRecoveryKeyError);
    await expect(unwrapBackupKey(wrap, recoveryKey, 'clinic-2')).rejects.toThrow(WrongRecoveryKeyError);
    await expect(unwrapBackupKey({ ...wrap, tag: Buffer.alloc(16).toString('base64') }, recoveryKey, 'clinic-1')).rejects.toThrow(WrongRecoveryKeyError);
    // A hostile manifest cannot make scrypt use absurd memory.
    await expect(unwrapBackupKey({ ...wrap, kdf: { ...wrap.kdf, N: 2 ** 30 } }, recoveryKey, 'clinic-1')).rejects.toThrow(WrongRecoveryKeyError);
  });

  it('uses memory-hard production settings (scrypt N=2^17, r=8, p=1: 128 MiB)', async () => {
    expect(RECOVERY_KDF).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const recoveryKey = generateRecoveryKey();
    const wrap = await wrapBackupKey(randomBytes(32), recoveryKey, 'clinic-1', RECOVERY_KDF);
    expect(wrap.kdf).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(wrap.kdf.salt, 'base64')).toHaveLength(16);
  });
});
