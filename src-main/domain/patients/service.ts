import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Patient } from '../../../src-shared/patients/schema';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import { formatMrn } from '../../../src-shared/validation/mrn';
import type { Clock } from '../../clock';
import type { Database, PatientRow } from '../../db/schema';
import { takeMrnCounter } from '../../db/workstation';
import { AuditedRefusal } from '../../rpc/audited-refusal';
import type { Session } from '../../rpc/session';

export const PATIENT_COLUMNS = [
  'id',
  'mrn',
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'phone',
  'email',
  'restricted',
  'createdAt',
  'updatedAt',
] as const;

export function toPatient(row: Pick<PatientRow, (typeof PATIENT_COLUMNS)[number]>): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    restricted: row.restricted,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Call inside a transaction: the MRN counter and the row are written together. */
export async function createPatient(
  db: Kysely<Database>,
  clock: Clock,
  input: ParsedInput<'patients.create'>,
): Promise<Patient> {
  const { confirmNewPatient: _confirmed, ...fields } = input;
  const { code, counter } = await takeMrnCounter(db);
  const now = clock.now().toISOString();
  const row = await db
    .insertInto('patients')
    .values({ id: uuidv7(), mrn: formatMrn(code, counter), ...fields, restricted: null, createdAt: now, updatedAt: now, deletedAt: null })
    .returning(PATIENT_COLUMNS)
    .executeTakeFirstOrThrow();
  return toPatient(row);
}

export async function getPatient(db: Kysely<Database>, id: string): Promise<Patient> {
  const row = await db
    .selectFrom('patients')
    .select(PATIENT_COLUMNS)
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No patient with that id');
  return toPatient(row);
}

/**
 * Restricted charts (staff, VIP, sensitive) open only with the `patients.restricted` permission
 * or after break-glass for that chart in this session.
 */
export function mayOpen(patient: Pick<Patient, 'id' | 'restricted'>, session: Session): boolean {
  return patient.restricted === null || session.permissions.has('patients.restricted') || session.breakGlassPatients.has(patient.id);
}

export function restrictedChartError(patientId: string, userId: string | null): AuditedRefusal {
  return new AuditedRefusal(
    'FORBIDDEN',
    'This chart is restricted: opening it needs a stated reason (break-glass)',
    { action: 'auth.refused', userId, entityType: 'patient', entityId: patientId, detail: { reason: 'restricted' }, flagged: true },
    { details: { breakGlass: { patientId } } },
  );
}

export async function setRestriction(
  db: Kysely<Database>,
  clock: Clock,
  input: { id: string; restriction: Patient['restricted'] },
): Promise<Patient> {
  await getPatient(db, input.id);
  const row = await db
    .updateTable('patients')
    .set({ restricted: input.restriction, updatedAt: clock.now().toISOString() })
    .where('id', '=', input.id)
    .returning(PATIENT_COLUMNS)
    .executeTakeFirstOrThrow();
  return toPatient(row);
}

/** Writes only the fields that differ, so the op log records real changes only. */
export async function updatePatient(
  db: Kysely<Database>,
  clock: Clock,
  input: ParsedInput<'patients.update'>,
): Promise<Patient> {
  const { id, ...requested } = input;
  const current = await getPatient(db, id);
  const changes = Object.fromEntries(
    Object.entries(requested).filter(([key, value]) => value !== undefined && current[key as keyof Patient] !== value),
  );
  if (Object.keys(changes).length === 0) return current;
  const row = await db
    .updateTable('patients')
    .set({ ...changes, updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .returning(PATIENT_COLUMNS)
    .executeTakeFirstOrThrow();
  return toPatient(row);
}
