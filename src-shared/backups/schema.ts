import { z } from 'zod';

/** Where backups go, how many are kept, and how often the running app makes one. */
export const backupConfigureInput = z.object({
  /** An absolute folder path on this computer (ideally another disk, or a network or removable drive). */
  folder: z.string({ error: 'Required' }).trim().min(1, 'Required').max(1000, 'At most 1000 characters'),
  keep: z.number({ error: 'A number' }).int('A whole number').min(1, 'At least 1').max(365, 'At most 365'),
  everyHours: z.number({ error: 'A number' }).int('A whole number').min(1, 'At least every hour').max(168, 'At least once a week'),
});
export type BackupConfigureInput = z.infer<typeof backupConfigureInput>;

export const BACKUP_WARNINGS = ['no-recovery-key', 'state-unreadable', 'no-folder', 'folder-unavailable', 'never', 'stale', 'same-disk', 'last-failed', 'restore-refused'] as const;

export const backupWarningSchema = z.object({ code: z.enum(BACKUP_WARNINGS), message: z.string() });

export const backupStatusOutput = z.object({
  /** False for a data folder set up before backups existed (no recovery key yet). */
  ready: z.boolean(),
  folder: z.string().nullable(),
  keep: z.number().int(),
  everyHours: z.number().int(),
  lastGoodAt: z.string().nullable(),
  lastGoodName: z.string().nullable(),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
  /** The backup folder is on the same disk as the data (a disk failure would take both). */
  sameDisk: z.boolean().nullable(),
  pendingRestore: z.object({ backup: z.string(), scheduledAt: z.string() }).nullable(),
  warnings: z.array(backupWarningSchema),
});
export type BackupStatus = z.infer<typeof backupStatusOutput>;

export const backupSummarySchema = z.object({
  /** The backup's folder name (inside the backup folder). */
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  reason: z.string(),
  appVersion: z.string(),
  schemaVersion: z.string(),
  patients: z.number().int(),
  /** null: this version has no appointments yet. */
  appointments: z.number().int().nullable(),
  sameClinic: z.boolean(),
  /** The manifest's seal holds under this folder's backup key (checksums are checked by preview). */
  authentic: z.boolean(),
});
export type BackupSummary = z.infer<typeof backupSummarySchema>;

export const backupListOutput = z.object({
  folder: z.string().nullable(),
  items: z.array(backupSummarySchema),
  /** Folders in the backup folder that could not be read as backups. */
  unreadable: z.array(z.string()),
});

export const backupRunOutput = z.object({ name: z.string(), path: z.string(), createdAt: z.string(), patients: z.number().int() });

export const backupRefInput = z.object({
  /** A backup's name in the backup folder, or the absolute path of a backup folder. */
  backup: z.string({ error: 'Required' }).trim().min(1, 'Required').max(1000),
  recoveryKey: z.string({ error: 'Required' }).trim().min(1, 'Required').max(100),
});

export const backupPreviewOutput = z.object({
  path: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.string(),
  patients: z.number().int(),
  appointments: z.number().int().nullable(),
  /** The backup is of the clinic whose data is in this folder. */
  sameClinic: z.boolean(),
  /** The data folder is empty (any clinic's backup may go there). */
  targetEmpty: z.boolean(),
  /** What the data folder holds now (null: no database). */
  currentPatients: z.number().int().nullable(),
});
export type BackupPreview = z.infer<typeof backupPreviewOutput>;

export const backupScheduleRestoreOutput = z.object({
  scheduled: z.literal(true),
  path: z.string(),
  createdAt: z.string(),
  /** The restore runs when Clinic Office next starts, before the database is opened. */
  appliesAt: z.literal('next-start'),
});
