import { hkdfSync } from 'node:crypto';

/** The keys a data folder needs, all derived from one 256-bit master key kept outside the database. */
export interface ClinicKeys {
  /** SQLCipher raw key for the database (and every copy made with VACUUM INTO). */
  databaseKey: Buffer;
  /** HMAC key of this workstation's audit chain: outside the database, so the chain cannot be recomputed. */
  auditKey: Buffer;
  /** Encrypts files in the data folder (documents). */
  fileKey: Buffer;
}

export const MASTER_KEY_BYTES = 32;

export function deriveClinicKeys(masterKey: Buffer): ClinicKeys {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new Error(`The master key must be ${MASTER_KEY_BYTES} bytes`);
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `clinic-office/${purpose}/v1`, 32));
  return { databaseKey: derive('database'), auditKey: derive('audit'), fileKey: derive('files') };
}
