/**
 * The desktop app's master key: 32 random bytes made at first run and kept in the user-data folder
 * only in the form the operating system's protected storage (Electron safeStorage: Keychain,
 * DPAPI, libsecret/KWallet) returns. Everything here is plain Node; the shell passes in
 * Electron's safeStorage. There is no fallback to an unprotected key: without OS protection the
 * app refuses to start and says why.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../db/clinic-db';
import { isPlaintextDatabase } from '../db/encrypt-existing';
import { writeFileAtomic } from './files';
import { MASTER_KEY_BYTES } from './keys';

export const DESKTOP_KEY_FILE = 'master-key.json';
const FORMAT = 'clinic-office/master-key';
const VERSION = 1;
const HEX_KEY = new RegExp(`^[0-9a-f]{${MASTER_KEY_BYTES * 2}}$`);

/** The part of Electron's safeStorage this needs (plus, on Linux, which backend it chose). */
export interface OsKeyProtection {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: safeStorage.getSelectedStorageBackend(). 'basic_text' means a hard-coded password: no protection. */
  backend?: string | undefined;
}

export class DesktopKeyError extends Error {
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'DesktopKeyError';
  }
}

export type DatabaseState = 'none' | 'plaintext' | 'encrypted';

export function databaseState(dataDir: string): DatabaseState {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file) || statSync(file).size === 0) return 'none';
  return isPlaintextDatabase(file) ? 'plaintext' : 'encrypted';
}

const UNPROTECTED_BACKENDS = new Set(['basic_text', 'unknown']);

export type KeyPlan = { action: 'load' } | { action: 'create' } | { action: 'refuse'; error: DesktopKeyError };

/** What to do at start-up, from the facts alone. */
export function planDesktopKey(facts: {
  protectionAvailable: boolean;
  backend?: string | undefined;
  keyFileExists: boolean;
  database: DatabaseState;
}): KeyPlan {
  if (!facts.protectionAvailable || (facts.backend !== undefined && UNPROTECTED_BACKENDS.has(facts.backend))) {
    return {
      action: 'refuse',
      error: new DesktopKeyError(
        'Clinic Office cannot protect its data key',
        'Clinic Office keeps the key that encrypts the clinic data in the protected storage of the operating system ' +
          '(Keychain on macOS, the user account’s protection on Windows, the Secret Service or KWallet on Linux), ' +
          'and that storage is not available for this user' +
          (facts.backend ? ` (storage: ${facts.backend})` : '') +
          '.\n\nClinic Office will not keep the key unprotected, so it cannot start. ' +
          'On Linux, sign in to a desktop session with a keyring (e.g. GNOME Keyring or KWallet) and try again; ' +
          'otherwise please contact your administrator.',
      ),
    };
  }
  if (facts.keyFileExists) return { action: 'load' };
  if (facts.database === 'encrypted') {
    return {
      action: 'refuse',
      error: new DesktopKeyError(
        'The key of the clinic data is missing',
        'The data folder holds an encrypted clinic database, but the key file that opens it is missing from this user account. ' +
          'A new key would not open it, so nothing was changed.\n\n' +
          `Put the key file (${DESKTOP_KEY_FILE}) back, or move the data folder away and restore the latest backup with the recovery key.`,
      ),
    };
  }
  return { action: 'create' };
}

export function serializeKeyFile(protectedKey: Buffer): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, protection: 'os', data: protectedKey.toString('base64') })}\n`;
}

/** The OS-protected bytes held in a key file. */
export function parseKeyFile(text: string): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DesktopKeyError('The key file of the clinic data is damaged', `The key file (${DESKTOP_KEY_FILE}) is not readable. Nothing was changed.`);
  }
  const file = parsed as { format?: unknown; version?: unknown; protection?: unknown; data?: unknown };
  if (file.format !== FORMAT || file.protection !== 'os' || typeof file.data !== 'string') {
    throw new DesktopKeyError('The key file of the clinic data is damaged', `The key file (${DESKTOP_KEY_FILE}) is not a Clinic Office key file. Nothing was changed.`);
  }
  if (file.version !== VERSION) {
    throw new DesktopKeyError('The key file is from another version', `The key file (${DESKTOP_KEY_FILE}) was written by a newer version of Clinic Office. Please update Clinic Office.`);
  }
  return Buffer.from(file.data, 'base64');
}

function unprotect(protection: OsKeyProtection, protectedKey: Buffer): Buffer {
  let text: string;
  try {
    text = protection.decryptString(protectedKey);
  } catch {
    throw new DesktopKeyError(
      'The key of the clinic data cannot be unlocked',
      'The operating system would not unlock the key of the clinic data for this user account (was the key file copied from another computer or user?). ' +
        'Nothing was changed. Sign in as the user who set up Clinic Office, or restore the latest backup with the recovery key.',
    );
  }
  if (!HEX_KEY.test(text)) throw new DesktopKeyError('The key file of the clinic data is damaged', 'The unlocked key has the wrong length. Nothing was changed.');
  return Buffer.from(text, 'hex');
}

/** Loads the master key, or makes one at first run; throws DesktopKeyError with what to tell the user. */
export function loadOrCreateDesktopMasterKey(options: { keyFile: string; dataDir: string; protection: OsKeyProtection }): { key: Buffer; created: boolean } {
  const { keyFile, protection } = options;
  const plan = planDesktopKey({
    protectionAvailable: protection.isEncryptionAvailable(),
    backend: protection.backend,
    keyFileExists: existsSync(keyFile),
    database: databaseState(options.dataDir),
  });
  if (plan.action === 'refuse') throw plan.error;
  if (plan.action === 'load') return { key: unprotect(protection, parseKeyFile(readFileSync(keyFile, 'utf8'))), created: false };
  const key = randomBytes(MASTER_KEY_BYTES);
  const protectedKey = protection.encryptString(key.toString('hex'));
  // Check the round trip before any data is encrypted under a key that could not be read back.
  if (!unprotect(protection, protectedKey).equals(key)) {
    throw new DesktopKeyError('Clinic Office cannot protect its data key', 'The operating system did not return the key it protected. Nothing was changed.');
  }
  mkdirSync(path.dirname(keyFile), { recursive: true });
  writeFileAtomic(keyFile, Buffer.from(serializeKeyFile(protectedKey)));
  return { key, created: true };
}
