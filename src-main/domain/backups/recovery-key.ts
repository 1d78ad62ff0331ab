import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 25 Crockford base-32 characters (125 bits) in groups of five: easy to print, read and type. */
export function generateRecoveryKey(): string {
  const bytes = randomBytes(25);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]);
  return Array.from({ length: 5 }, (_, i) => chars.slice(i * 5, i * 5 + 5).join('')).join('-');
}

/** Made at first run; shown once. The backups issue stores what it needs to encrypt backups under it. */
export async function createRecoveryKey(_db: Kysely<Database>): Promise<string> {
  return generateRecoveryKey();
}
