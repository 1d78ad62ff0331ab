/**
 * Every table whose rows travel between workstations, and the columns of each that stay local
 * (derived or storage-only). A migration that creates a synced table or adds a column to one
 * calls installChangeCapture for it; the change-capture tests walk this list.
 */
export const SYNCED_TABLES = {
  patients: { localColumns: ['pk', 'phone_rev', 'family_key', 'given_key'] },
  users: { localColumns: ['pk'] },
  settings: { localColumns: [] },
  providers: { localColumns: ['pk'] },
  payers: { localColumns: ['pk'] },
  patient_contacts: { localColumns: ['pk'] },
  documents: { localColumns: ['pk'] },
  coverages: { localColumns: ['pk'] },
  record_requests: { localColumns: ['pk'] },
  patient_merges: { localColumns: ['pk'] },
  resources: { localColumns: ['pk'] },
  appointment_types: { localColumns: ['pk'] },
  appointment_type_resources: { localColumns: ['pk'] },
  availability_templates: { localColumns: ['pk'] },
  availability_exceptions: { localColumns: ['pk'] },
  appointment_series: { localColumns: ['pk'] },
  appointments: { localColumns: ['pk'] },
  appointment_resources: { localColumns: ['pk'] },
  appointment_status_changes: { localColumns: ['pk'] },
  waitlist_entries: { localColumns: ['pk'] },
  ledger_entries: { localColumns: ['pk'] },
  check_ins: { localColumns: ['pk'] },
  messages: { localColumns: ['pk'] },
  referrals: { localColumns: ['pk'] },
  supply_items: { localColumns: ['pk'] },
  supply_orders: { localColumns: ['pk'] },
  supply_order_lines: { localColumns: ['pk'] },
  supply_stock_movements: { localColumns: ['pk'] },
} as const satisfies Record<string, { localColumns: readonly string[] }>;

export type SyncedTable = keyof typeof SYNCED_TABLES;

/**
 * Tables that never sync: the op log itself, this workstation's identity and sign-in lockouts,
 * the patients' inner-name-word index (derived by triggers on every workstation),
 * Kysely's bookkeeping. The audit log is one hash chain per workstation; the sync issue ships
 * each chain (insert-only) to the server.
 */
export const LOCAL_TABLES = [
  'sync_ops',
  'workstation',
  'patient_name_words',
  'login_attempts',
  'audit_log',
  'kysely_migration',
  'kysely_migration_lock',
] as const;

/** Each synced row is identified across devices by this column (a UUIDv7). */
export const SYNC_ROW_ID_COLUMN = 'id';
