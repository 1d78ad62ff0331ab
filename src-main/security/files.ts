/**
 * Authenticated encryption of files in the data folder (and in backups): AES-256-GCM from
 * node:crypto, a fresh random 96-bit nonce per file, the 128-bit tag at the end.
 *
 * Layout: "CLOF" | version (1 byte) | nonce (12) | ciphertext | tag (16).
 * The header is authenticated too (as additional data), together with an optional context string
 * naming what the file is for, so a file cannot be swapped for another kind of encrypted file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';

const MAGIC = Buffer.from('CLOF', 'ascii');

/** Context of the files in the data folder's documents/ folder (documents arrive in a later issue). */
export const DOCUMENT_CONTEXT = 'document';
export const DOCUMENTS_DIR = 'documents';
export const FILE_FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1;
const OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

export class FileDecryptError extends Error {
  constructor(reason: string) {
    super(`This encrypted file cannot be read: ${reason}. Nothing was changed.`);
    this.name = 'FileDecryptError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('The file key must be 32 bytes');
}

function additionalData(header: Buffer, context: string): Buffer {
  return Buffer.concat([header, Buffer.from(`\0${context}`, 'utf8')]);
}

export function encryptBuffer(plain: Buffer, key: Buffer, context = ''): Buffer {
  checkKey(key);
  const header = Buffer.concat([MAGIC, Buffer.from([FILE_FORMAT_VERSION])]);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData(header, context));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

export function isEncryptedBuffer(data: Buffer): boolean {
  return data.length >= OVERHEAD && data.subarray(0, MAGIC.length).equals(MAGIC);
}

export function decryptBuffer(data: Buffer, key: Buffer, context = ''): Buffer {
  checkKey(key);
  if (data.length < OVERHEAD || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new FileDecryptError('it is not an encrypted Clinic Office file, or it was cut short');
  }
  const version = data[MAGIC.length];
  if (version !== FILE_FORMAT_VERSION) throw new FileDecryptError(`its format version ${String(version)} is not one this version of Clinic Office reads`);
  const header = data.subarray(0, HEADER_BYTES);
  const nonce = data.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const body = data.subarray(HEADER_BYTES + NONCE_BYTES, data.length - TAG_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(additionalData(header, context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new FileDecryptError('it was changed or damaged, or it was encrypted with another key');
  }
}

/** Writes whole-or-nothing: a temporary file, flushed to disk, then renamed over the target. */
export function writeFileAtomic(file: string, data: Buffer, mode = 0o600): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function encryptFile(source: string, target: string, key: Buffer, context = ''): void {
  writeFileAtomic(target, encryptBuffer(readFileSync(source), key, context));
}

export function decryptFile(source: string, target: string, key: Buffer, context = ''): void {
  writeFileAtomic(target, decryptBuffer(readFileSync(source), key, context));
}

export function writeEncryptedFile(file: string, plain: Buffer, key: Buffer, context = ''): void {
  writeFileAtomic(file, encryptBuffer(plain, key, context));
}

export function readEncryptedFile(file: string, key: Buffer, context = ''): Buffer {
  return decryptBuffer(readFileSync(file), key, context);
}
