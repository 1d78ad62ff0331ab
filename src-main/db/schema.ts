import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../src-shared/auth/permissions';

/** Column names are camelCase here; Kysely's CamelCasePlugin maps them to the snake_case columns. */
export interface PatientsTable {
  /** Local rowid alias: keeps the FTS index stable across VACUUM. Never synced. */
  pk: Generated<number>;
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string | null;
  /** Reversed phone digits, kept by a trigger, so "last digits" search uses an index. Never synced. */
  phoneRev: Generated<string | null>;
  email: string | null;
  /** Search keys of the names (folded: lower case, no accents or apostrophes), kept by triggers. Never synced. */
  familyKey: Generated<string | null>;
  givenKey: Generated<string | null>;
  restricted: 'staff' | 'vip' | 'sensitive' | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Words inside patients' names (after a hyphen, space or apostrophe), kept by triggers. Local. */
export interface PatientNameWordsTable {
  word: string;
  familyKey: string;
  givenKey: string;
  pk: number;
}

export interface UsersTable {
  pk: Generated<number>;
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SettingsTable {
  /** The setting's name, e.g. clinic.name. */
  id: string;
  /** JSON text. */
  value: string;
  updatedAt: string;
}

export interface LoginAttemptsTable {
  username: string;
  failures: number;
  lockedUntil: string | null;
  lastFailureAt: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  deviceId: string;
  userId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  /** JSON object text. */
  detail: string;
  flagged: number;
  prevHash: string;
  hash: string;
}

export interface SyncOpsTable {
  /** Local order of arrival: the change-feed cursor. */
  seq: Generated<number>;
  opId: string;
  hlc: string;
  deviceId: string;
  authorId: string | null;
  tbl: string;
  rowId: string;
  col: string;
  /** JSON text of the column's new value. */
  value: string;
}

export interface WorkstationTable {
  singleton: number;
  deviceId: string;
  code: string;
  mrnCounter: number;
  createdAt: string;
}

export interface Database {
  patients: PatientsTable;
  patientNameWords: PatientNameWordsTable;
  users: UsersTable;
  settings: SettingsTable;
  loginAttempts: LoginAttemptsTable;
  auditLog: AuditLogTable;
  syncOps: SyncOpsTable;
  workstation: WorkstationTable;
}

export type PatientRow = Selectable<PatientsTable>;
export type NewPatientRow = Insertable<PatientsTable>;
