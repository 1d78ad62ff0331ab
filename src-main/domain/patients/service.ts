import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { normalizeRegistration, problemFields, registrationProblems } from '../../../src-shared/patients/registration-rules';
import { patientFieldsSchema, type Patient, type PatientFields } from '../../../src-shared/patients/schema';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import { formatMrn } from '../../../src-shared/validation/mrn';
import type { Clock } from '../../clock';
import type { Database, PatientRow } from '../../db/schema';
import { takeMrnCounter } from '../../db/workstation';
import { AuditedRefusal } from '../../rpc/audited-refusal';
import type { Session } from '../../rpc/session';

/** The patient's own fields, every one of which a registration or an edit may set. */
export const PATIENT_FIELD_NAMES = Object.keys(patientFieldsSchema.shape) as (keyof PatientFields)[];

export const PATIENT_COLUMNS = ['id', 'mrn', ...PATIENT_FIELD_NAMES, 'restricted', 'createdAt', 'updatedAt'] as const;

type PatientColumnsRow = Pick<PatientRow, (typeof PATIENT_COLUMNS)[number]>;

export function toPatient(row: PatientColumnsRow): Patient {
  const patient = Object.fromEntries(PATIENT_COLUMNS.map((column) => [column, row[column]]));
  // Codes outside the lists (e.g. from a newer version through sync) are refused by the output check.
  return patient as Patient;
}

function validationError(problems: readonly { field: string; message: string }[]): AppError {
  const fields = problemFields(problems);
  return new AppError('VALIDATION', `Please check: ${Object.keys(fields).join(', ')}`, { fields });
}

/** A newly chosen primary provider must exist and see patients (an inactive one may stay where it was). */
async function checkPrimaryProvider(db: Kysely<Database>, providerId: string | null): Promise<void> {
  if (providerId === null) return;
  const provider = await db.selectFrom('providers').select('active').where('id', '=', providerId).where('deletedAt', 'is', null).executeTakeFirst();
  if (!provider) throw validationError([{ field: 'primaryProviderId', message: 'No such provider' }]);
  if (provider.active !== 1) throw validationError([{ field: 'primaryProviderId', message: 'This provider no longer sees patients' }]);
}

/** Call inside a transaction: the MRN counter and the row are written together. */
export async function createPatient(
  db: Kysely<Database>,
  clock: Clock,
  input: ParsedInput<'patients.create'>,
): Promise<Patient> {
  const { confirmNewPatient: _confirmed, memberId: _checkedForDuplicatesOnly, ...fields } = input;
  await checkPrimaryProvider(db, fields.primaryProviderId);
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

/** Refuses a chart the session may not open (see mayOpen); the router audits the refusal, and the screen offers break-glass. */
export function assertMayOpen(chart: Pick<Patient, 'id' | 'restricted'>, session: Session): void {
  if (mayOpen(chart, session)) return;
  throw new AuditedRefusal(
    'FORBIDDEN',
    'This chart is restricted: opening it needs a stated reason (break-glass)',
    { action: 'auth.refused', userId: session.userId, entityType: 'patient', entityId: chart.id, detail: { reason: 'restricted' }, flagged: true },
    { details: { breakGlass: { patientId: chart.id } } },
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

/**
 * Writes only the fields that differ, so the op log records real changes only. The rules across
 * fields are checked on the stored patient with the change applied: "prefers text messages" sent
 * alone is refused when the stored phone is not a mobile.
 */
export async function updatePatient(
  db: Kysely<Database>,
  clock: Clock,
  input: ParsedInput<'patients.update'>,
): Promise<Patient> {
  const { id, ...requested } = input;
  const current = await getPatient(db, id);
  const sent = Object.fromEntries(Object.entries(requested).filter(([, value]) => value !== undefined));
  const merged = normalizeRegistration({ ...current, ...sent });
  const problems = registrationProblems(merged);
  if (problems.length > 0) throw validationError(problems);
  const changes = Object.fromEntries(PATIENT_FIELD_NAMES.filter((name) => merged[name] !== current[name]).map((name) => [name, merged[name]]));
  if (Object.keys(changes).length === 0) return current;
  if ('primaryProviderId' in changes) await checkPrimaryProvider(db, merged.primaryProviderId);
  const row = await db
    .updateTable('patients')
    .set({ ...changes, updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .returning(PATIENT_COLUMNS)
    .executeTakeFirstOrThrow();
  return toPatient(row);
}
