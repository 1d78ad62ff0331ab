import { sql, type Insertable, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../../src-main/db/schema';
import { PATIENT_LINKED_TABLES, type PatientLinkedTable } from '../../../src-main/domain/patients/linked-tables';
import { LOGGED_REQUEST_STATE } from '../../../src-main/domain/record-requests/service';

/**
 * Linked records made by raw inserts (merging relies on the tables only, not on their services).
 * Typed by PatientLinkedTable: a table added to PATIENT_LINKED_TABLES does not compile here until
 * it has a sample, and every merge test then covers it.
 */
type Sample = { [T in PatientLinkedTable]: (patientId: string, parents: Parents, n: number) => Omit<Insertable<Database[T]>, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt'> };

interface Parents {
  payerId: string;
  providerId: string;
  appointmentTypeId: string;
  /** For check-ins to name (any appointment: merging looks at the patient column only). */
  appointmentId: string;
}

const SAMPLES: Sample = {
  patientContacts: (patientId, _parents, n) => ({
    patientId,
    role: 'emergency',
    name: `Contact ${n}`,
    relationship: 'sister',
    phone: '+16175550100',
    email: null,
    dateOfBirth: null,
    addressLine1: null,
    addressLine2: null,
    city: null,
    region: null,
    postalCode: null,
    country: null,
  }),
  coverages: (patientId, { payerId }, n) => ({
    patientId,
    payerId,
    rank: 'primary',
    memberId: `MEM${n}`,
    groupNumber: null,
    planName: null,
    subscriberRelationship: 'self',
    subscriberGivenName: null,
    subscriberFamilyName: null,
    subscriberDateOfBirth: null,
    effectiveFrom: null,
    effectiveTo: null,
    cardFrontDocumentId: null,
    cardBackDocumentId: null,
  }),
  documents: (patientId, _parents, n) => ({
    patientId,
    kind: 'scan',
    title: `Scan ${n}`,
    documentDate: '2026-01-15',
    contentType: 'application/pdf',
    byteSize: 1000 + n,
    sha256: n.toString(16).padStart(64, '0'),
    fileName: `scan-${n}.pdf`,
    createdBy: null,
  }),
  recordRequests: (patientId, _parents, n) => ({
    patientId,
    requesterName: `Requester ${n}`,
    requesterKind: 'attorney',
    requesterContact: null,
    purpose: 'legal',
    recordsRequested: 'Visit notes',
    authorizationOnFile: 1,
    authorizationDocumentId: null,
    receivedOn: '2026-02-01',
    dueOn: '2026-03-03',
    ...LOGGED_REQUEST_STATE,
  }),
  appointments: (patientId, { providerId, appointmentTypeId }, n) => ({
    patientId,
    providerId,
    appointmentTypeId,
    startAt: new Date(Date.UTC(2026, 2, 9, 14) + n * 3_600_000).toISOString(),
    endAt: new Date(Date.UTC(2026, 2, 9, 14, 30) + n * 3_600_000).toISOString(),
    status: 'booked',
    statusChangedAt: '2026-03-01T12:00:00.000Z',
    note: null,
    overbookReason: null,
    cancelledBy: null,
    cancelReason: null,
    roomId: null,
    rescheduledToId: null,
    seriesId: null,
    occurrenceDate: null,
    bookedBy: null,
  }),
  appointmentSeries: (patientId, { providerId, appointmentTypeId }, n) => ({
    patientId,
    providerId,
    appointmentTypeId,
    startDate: '2026-03-09',
    startTime: '09:00',
    durationMinutes: 30 + n,
    rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
    exceptions: '[]',
  }),
  waitlistEntries: (patientId, { appointmentTypeId }, n) => ({
    patientId,
    appointmentTypeId,
    providerId: null,
    weekdays: '["tue"]',
    partOfDay: n % 2 ? 'morning' : null,
    earliestDate: null,
    note: null,
    status: 'waiting',
    bookedAppointmentId: null,
  }),
  checkIns: (patientId, { appointmentId }, n) => ({
    appointmentId,
    patientId,
    insurance: 'self_pay',
    coverageId: null,
    identityChecked: 1,
    consentsSigned: '[]',
    copayEntryId: null,
    idempotencyKey: `check-in-${n}`,
    checkedInAt: '2026-03-09T13:55:00.000Z',
    checkedInBy: null,
    undoneAt: null,
    undoneBy: null,
    undoReason: null,
  }),
  messages: (patientId, { providerId }, n) => ({
    kind: 'phone_message',
    patientId,
    callerName: `Caller ${n}`,
    callbackPhone: '+16175550100',
    subject: 'Asks for a refill',
    body: null,
    urgency: 'routine',
    recipientUserId: null,
    recipientProviderId: providerId,
    status: 'new',
    dueDate: null,
    takenBy: null,
    doneAt: null,
    doneBy: null,
    outcome: null,
  }),
  referrals: (patientId, _parents, n) => ({
    direction: 'outgoing',
    patientId,
    providerId: null,
    otherName: `Specialist ${n}`,
    otherOrganization: null,
    otherPhone: null,
    otherFax: null,
    reason: 'Cardiology consult',
    diagnoses: '[]',
    documentsSent: '[]',
    status: 'open',
    referredOn: '2026-02-01',
    sentAt: null,
    appointmentDate: null,
    reportReceivedOn: null,
    reportDocumentId: null,
    note: null,
  }),
};

export interface LinkedRecord {
  /** As in PATIENT_LINKED_TABLES (Kysely's name). */
  table: PatientLinkedTable;
  id: string;
}

let counter = 0;

async function ensurePayer(db: Kysely<Database>, at: string): Promise<string> {
  const existing = await db.selectFrom('payers').select('id').executeTakeFirst();
  if (existing) return existing.id;
  const id = uuidv7();
  await db
    .insertInto('payers')
    .values({ id, name: 'Test Payer', ediPayerId: null, addressLine1: null, addressLine2: null, city: null, region: null, postalCode: null, country: null, phone: null, active: 1, createdAt: at, updatedAt: at, deletedAt: null })
    .execute();
  return id;
}

/** A provider and an appointment type for appointments, series and waitlist entries to name. */
async function ensureSchedulingParents(db: Kysely<Database>, at: string): Promise<{ providerId: string; appointmentTypeId: string }> {
  const provider = await db.selectFrom('providers').select('id').executeTakeFirst();
  const type = await db.selectFrom('appointmentTypes').select('id').executeTakeFirst();
  const rowTimes = { createdAt: at, updatedAt: at, deletedAt: null };
  const providerId = provider?.id ?? uuidv7();
  if (!provider) {
    await db
      .insertInto('providers')
      .values({ id: providerId, givenName: 'Grace', familyName: 'Hopper', credentials: null, specialty: null, npi: '1234567893', active: 1, color: null, defaultRoomId: null, ...rowTimes })
      .execute();
  }
  const appointmentTypeId = type?.id ?? uuidv7();
  if (!type) {
    await db
      .insertInto('appointmentTypes')
      .values({ id: appointmentTypeId, name: 'Follow-up', durationMinutes: 30, color: '#2f6fdf', overbookRule: 'never', overbookCapPerDay: null, active: 1, ...rowTimes })
      .execute();
  }
  return { providerId, appointmentTypeId };
}

/**
 * An appointment for check-ins to name: any there is, else one of a chart of its own (so the
 * charts a test merges hold only the records it made).
 */
async function ensureAppointment(db: Kysely<Database>, at: string, parents: { providerId: string; appointmentTypeId: string }): Promise<string> {
  const existing = await db.selectFrom('appointments').select('id').executeTakeFirst();
  if (existing) return existing.id;
  const patientId = uuidv7();
  await sql`INSERT INTO patients (id, mrn, given_name, family_name, date_of_birth, sex, created_at, updated_at)
            VALUES (${patientId}, 'SMP-000001-0', 'Sample', 'Parent', '1970-01-01', 'unknown', ${at}, ${at})`.execute(db);
  const id = uuidv7();
  await db.insertInto('appointments').values({ ...SAMPLES.appointments(patientId, { ...parents, payerId: '', appointmentId: '' }, 0), id, createdAt: at, updatedAt: at, deletedAt: null }).execute();
  return id;
}

/** Inserts one record of `table` for the patient, stamped `at` (removed at `at` too when asked). */
export async function addLinkedRecord(
  db: Kysely<Database>,
  table: PatientLinkedTable,
  patientId: string,
  at: string,
  options: { removed?: boolean } = {},
): Promise<LinkedRecord> {
  const id = uuidv7();
  const scheduling = await ensureSchedulingParents(db, at);
  const parents = { payerId: await ensurePayer(db, at), ...scheduling, appointmentId: await ensureAppointment(db, at, scheduling) };
  const values = { ...SAMPLES[table](patientId, parents, ++counter), id, createdAt: at, updatedAt: at, deletedAt: options.removed ? at : null };
  // One sample per table, matched by the mapped type above.
  await db.insertInto(table).values(values as never).execute();
  return { table, id };
}

/** One current and one removed record of every linked table. */
export async function addOneOfEach(db: Kysely<Database>, patientId: string, at: string): Promise<LinkedRecord[]> {
  const made: LinkedRecord[] = [];
  for (const { table } of PATIENT_LINKED_TABLES) {
    made.push(await addLinkedRecord(db, table, patientId, at));
    made.push(await addLinkedRecord(db, table, patientId, at, { removed: true }));
  }
  return made;
}

/** Every row of every linked table, all columns, keyed by table: for comparing before and after. */
export async function snapshotLinkedRows(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const { table } of PATIENT_LINKED_TABLES) {
    snapshot[table] = await db.selectFrom(table).selectAll().orderBy('id').execute();
  }
  return snapshot;
}

/** The patient a linked record belongs to now, and its updated_at. */
export async function ownerOf(db: Kysely<Database>, record: LinkedRecord): Promise<{ patientId: string | null; updatedAt: string }> {
  return db.selectFrom(record.table).select(['patientId', 'updatedAt']).where('id', '=', record.id).executeTakeFirstOrThrow();
}
