/**
 * What this data folder knows about its backups, kept in a file of the data folder encrypted with
 * the master key's file key (it holds the backup key, so scheduled backups run unattended).
 * Local on purpose: the backup folder is a path on this computer, and the backup key must never
 * reach the synced tables.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readEncryptedFile, writeEncryptedFile } from '../../security/files';

export const BACKUP_STATE_FILE = 'backup-state.bin';
export const PENDING_RESTORE_FILE = 'restore-pending.bin';
const STATE_CONTEXT = 'backup-state';
const PENDING_CONTEXT = 'restore-pending';

export const DEFAULT_KEEP = 14;
export const DEFAULT_EVERY_HOURS = 24;

const recoveryWrapSchema = z.object({
  keyId: z.string(),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string() }),
  nonce: z.string(),
  wrapped: z.string(),
  tag: z.string(),
});
export { recoveryWrapSchema };

const stateSchema = z.object({
  version: z.literal(1),
  clinicId: z.string(),
  /** Hex. */
  backupKey: z.string().regex(/^[0-9a-f]{64}$/),
  recovery: recoveryWrapSchema,
  folder: z.string().nullable(),
  keep: z.number().int().min(1),
  everyHours: z.number().int().min(1),
  lastGood: z.object({ at: z.string(), name: z.string(), folder: z.string() }).nullable(),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
});
export type BackupState = z.infer<typeof stateSchema>;

export class BackupStateError extends Error {
  constructor() {
    super('The backup settings of this data folder cannot be read (the file was changed, or the data key is not this folder’s).');
    this.name = 'BackupStateError';
  }
}

export function readBackupState(dataDir: string, fileKey: Buffer): BackupState | null {
  const file = path.join(dataDir, BACKUP_STATE_FILE);
  if (!existsSync(file)) return null;
  try {
    return stateSchema.parse(JSON.parse(readEncryptedFile(file, fileKey, STATE_CONTEXT).toString('utf8')));
  } catch {
    throw new BackupStateError();
  }
}

/** The state, or null when there is none or it cannot be read (callers that only want to keep settings). */
export function readBackupStateOrNull(dataDir: string, fileKey: Buffer): BackupState | null {
  try {
    return readBackupState(dataDir, fileKey);
  } catch {
    return null;
  }
}

export function writeBackupState(dataDir: string, fileKey: Buffer, state: BackupState): void {
  writeEncryptedFile(path.join(dataDir, BACKUP_STATE_FILE), Buffer.from(JSON.stringify(stateSchema.parse(state))), fileKey, STATE_CONTEXT);
}

const pendingSchema = z.object({
  backup: z.string(),
  backupKey: z.string().regex(/^[0-9a-f]{64}$/),
  scheduledAt: z.string(),
  scheduledBy: z.string().nullable(),
});
export type PendingRestore = z.infer<typeof pendingSchema>;

export function readPendingRestore(dataDir: string, fileKey: Buffer): PendingRestore | null {
  const file = path.join(dataDir, PENDING_RESTORE_FILE);
  if (!existsSync(file)) return null;
  try {
    return pendingSchema.parse(JSON.parse(readEncryptedFile(file, fileKey, PENDING_CONTEXT).toString('utf8')));
  } catch {
    return null;
  }
}

export function writePendingRestore(dataDir: string, fileKey: Buffer, pending: PendingRestore): void {
  writeEncryptedFile(path.join(dataDir, PENDING_RESTORE_FILE), Buffer.from(JSON.stringify(pendingSchema.parse(pending))), fileKey, PENDING_CONTEXT);
}

export function clearPendingRestore(dataDir: string): void {
  rmSync(path.join(dataDir, PENDING_RESTORE_FILE), { force: true });
}
