/**
 * The clinic's recovery key and the backup key it protects.
 *
 * Backups are encrypted under a random 256-bit backup key. That key is stored twice, never in the
 * clear: wrapped (AES-256-GCM) under a key derived from the recovery key with scrypt — this
 * wrapping travels in every backup's manifest, so a backup folder plus the recovery key is all a
 * restore needs — and, for unattended scheduled backups, in the data folder's backup state file,
 * encrypted with the master key's file key. The recovery key itself is shown once and never stored.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import type { ScryptParams } from '../auth/passwords';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_CHARS = 25;

/** scrypt cost of the recovery key: 128 MiB, well under a second. Tests pass cheaper settings. */
export const RECOVERY_KDF: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** 25 Crockford base-32 characters (125 bits) in groups of five: easy to print, read and type. */
export function generateRecoveryKey(): string {
  const bytes = randomBytes(KEY_CHARS);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]);
  return Array.from({ length: 5 }, (_, i) => chars.slice(i * 5, i * 5 + 5).join('')).join('-');
}

export class RecoveryKeyFormatError extends Error {
  constructor() {
    super('This is not a recovery key: it has 25 letters and digits, in five groups of five (e.g. ABCDE-FGH12-…).');
    this.name = 'RecoveryKeyFormatError';
  }
}

export class WrongRecoveryKeyError extends Error {
  constructor() {
    super('The recovery key does not open this backup: check it was typed correctly, and that the backup is from this clinic. Nothing was changed.');
    this.name = 'WrongRecoveryKeyError';
  }
}

/** Upper case, no spaces or dashes, and the Crockford look-alikes (O→0, I/L→1) forgiven. */
export function normalizeRecoveryKey(text: string): string {
  const compact = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== KEY_CHARS || [...compact].some((c) => !ALPHABET.includes(c))) throw new RecoveryKeyFormatError();
  return compact;
}

export interface RecoveryWrap {
  /** Names the backup key (not secret): tells a backup made under this key from others. */
  keyId: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  nonce: string;
  wrapped: string;
  tag: string;
}

export function backupKeyId(backupKey: Buffer): string {
  return createHmac('sha256', backupKey).update('clinic-office/backup-key-id/v1').digest('hex').slice(0, 32);
}

function deriveWrappingKey(recoveryKey: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(normalizeRecoveryKey(recoveryKey), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function wrapAad(clinicId: string, keyId: string): Buffer {
  return Buffer.from(`clinic-office/backup-key-wrap/v1\0${clinicId}\0${keyId}`, 'utf8');
}

export async function wrapBackupKey(backupKey: Buffer, recoveryKey: string, clinicId: string, params: ScryptParams): Promise<RecoveryWrap> {
  const salt = randomBytes(16);
  const kek = await deriveWrappingKey(recoveryKey, salt, params);
  const keyId = backupKeyId(backupKey);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(wrapAad(clinicId, keyId));
  const wrapped = Buffer.concat([cipher.update(backupKey), cipher.final()]);
  return {
    keyId,
    kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64') },
    nonce: nonce.toString('base64'),
    wrapped: wrapped.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** The backup key, or WrongRecoveryKeyError (GCM refuses a wrong key, another clinic, or a changed wrapping). */
export async function unwrapBackupKey(wrap: RecoveryWrap, recoveryKey: string, clinicId: string): Promise<Buffer> {
  const { N, r, p, salt } = wrap.kdf;
  // Refuse absurd costs from a hostile manifest before spending memory on them.
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) throw new WrongRecoveryKeyError();
  const kek = await deriveWrappingKey(recoveryKey, Buffer.from(salt, 'base64'), { N, r, p });
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrap.nonce, 'base64'));
    decipher.setAAD(wrapAad(clinicId, wrap.keyId));
    decipher.setAuthTag(Buffer.from(wrap.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(wrap.wrapped, 'base64')), decipher.final()]);
    if (key.length !== 32 || backupKeyId(key) !== wrap.keyId) throw new WrongRecoveryKeyError();
    return key;
  } catch {
    throw new WrongRecoveryKeyError();
  }
}

/** The keys a backup uses, all from its backup key. */
export interface BackupKeys {
  /** SQLCipher raw key of the backup's database copy. */
  databaseKey: Buffer;
  /** Encrypts the documents in the backup. */
  fileKey: Buffer;
  /** HMAC key of the manifest. */
  manifestKey: Buffer;
}

export function deriveBackupKeys(backupKey: Buffer): BackupKeys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', backupKey, Buffer.alloc(0), `clinic-office/backup/${purpose}/v1`, 32));
  return { databaseKey: derive('database'), fileKey: derive('files'), manifestKey: derive('manifest') };
}
