/**
 * Every table whose rows travel between workstations, and the columns of each that stay local
 * (derived or storage-only). A migration that creates a synced table or adds a column to one
 * calls installChangeCapture for it; the change-capture tests walk this list.
 */
export const SYNCED_TABLES = {
  patients: { localColumns: ['pk', 'phone_rev'] },
} as const satisfies Record<string, { localColumns: readonly string[] }>;

export type SyncedTable = keyof typeof SYNCED_TABLES;

/** Tables that never sync: the op log itself, this workstation's identity, Kysely's bookkeeping. */
export const LOCAL_TABLES = [
  'sync_ops',
  'workstation',
  'kysely_migration',
  'kysely_migration_lock',
] as const;

/** Each synced row is identified across devices by this column (a UUIDv7). */
export const SYNC_ROW_ID_COLUMN = 'id';
