import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MASTER_KEY_BYTES } from './keys';

export const MASTER_KEY_ENV = 'CLINIC_MASTER_KEY';
const HEX_KEY = new RegExp(`^[0-9a-fA-F]{${MASTER_KEY_BYTES * 2}}$`);

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

/**
 * Browser mode's master key: from $CLINIC_MASTER_KEY (64 hex digits), or — only when asked for
 * with --dev-key-file — from a key file, created on first use. A key file beside the data protects
 * nothing against someone who copies both: it is for development and demonstrations.
 */
export function browserModeMasterKey(env: Readonly<Record<string, string | undefined>>, devKeyFile: string | undefined): { key: Buffer; source: 'env' | 'dev-key-file' } {
  const fromEnv = env[MASTER_KEY_ENV]?.trim();
  if (fromEnv) {
    if (!HEX_KEY.test(fromEnv)) throw new MasterKeyError(`${MASTER_KEY_ENV} must be ${MASTER_KEY_BYTES * 2} hexadecimal digits`);
    return { key: Buffer.from(fromEnv, 'hex'), source: 'env' };
  }
  if (!devKeyFile) {
    throw new MasterKeyError(
      `Browser mode needs the data folder's key: set ${MASTER_KEY_ENV} (64 hex digits, e.g. from \`openssl rand -hex 32\`), ` +
        'or, for development only, pass --dev-key-file FILE.',
    );
  }
  if (!existsSync(devKeyFile)) {
    mkdirSync(path.dirname(devKeyFile), { recursive: true });
    writeFileSync(devKeyFile, `${randomBytes(MASTER_KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const text = readFileSync(devKeyFile, 'utf8').trim();
  if (!HEX_KEY.test(text)) throw new MasterKeyError(`The key file does not hold ${MASTER_KEY_BYTES * 2} hexadecimal digits`);
  return { key: Buffer.from(text, 'hex'), source: 'dev-key-file' };
}
