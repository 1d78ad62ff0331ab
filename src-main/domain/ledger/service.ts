/**
 * The clinic's ledger (migration 0008): insert-only entries in integer cents, signed by their effect
 * on what the bucket is owed. Payments are posted once per idempotency key; a correction is a
 * reversing entry; balances are sums of entries. A merge cannot move entries (triggers refuse every
 * UPDATE), so a chart's ledger is its own entries and those of every chart merged into it.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Balances, LedgerEntry, PaymentMethod } from '../../../src-shared/ledger/schema';
import { receiptNumber } from '../../../src-shared/ledger/money';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Clock } from '../../clock';
import type { Database, LedgerEntriesTable, PatientsTable } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { assertMayOpen } from '../patients/service';

type Db = Kysely<Database>;
type EntryRow = Selectable<LedgerEntriesTable>;

export interface NewPayment {
  patientId: string;
  appointmentId: string | null;
  /** As the user typed it: positive. */
  amountCents: number;
  method: PaymentMethod;
  reference: string | null;
  idempotencyKey: string;
}

export interface Posted {
  entry: LedgerEntry;
  /** The key was used before for this same payment: that entry, nothing new posted. */
  replayed: boolean;
}

function fieldError(code: 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT', field: string, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, message, { fields: { [field]: message }, ...(details ? { details } : {}) });
}

async function entryRow(db: Db, column: 'id' | 'idempotencyKey' | 'reversesId', value: string): Promise<EntryRow | undefined> {
  return db.selectFrom('ledgerEntries').selectAll().where(column, '=', value).executeTakeFirst();
}

/** The entries as the contract shows them: with who posted them and what reversed them. */
async function toEntries(db: Db, rows: readonly EntryRow[]): Promise<LedgerEntry[]> {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((row) => row.id));
  const userIds = JSON.stringify([...new Set(rows.flatMap((row) => (row.postedBy ? [row.postedBy] : [])))]);
  const [reversals, users] = await Promise.all([
    db.selectFrom('ledgerEntries').select(['id', 'reversesId']).where('reversesId', 'in', sql<string>`(SELECT value FROM json_each(${ids}))`).execute(),
    db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', sql<string>`(SELECT value FROM json_each(${userIds}))`).execute(),
  ]);
  const reversedBy = new Map(reversals.map((r) => [r.reversesId!, r.id]));
  const names = new Map(users.map((u) => [u.id, u]));
  return rows.map((row) => ({
    id: row.id,
    receiptNumber: receiptNumber(row.id),
    patientId: row.patientId,
    appointmentId: row.appointmentId,
    encounterId: row.encounterId,
    entryType: row.entryType,
    bucket: row.bucket,
    amountCents: row.amountCents,
    method: row.method,
    reference: row.reference,
    reversesId: row.reversesId,
    reversedById: reversedBy.get(row.id) ?? null,
    reason: row.reason,
    postedAt: row.postedAt,
    postedBy: row.postedBy ? (names.get(row.postedBy) ?? null) : null,
  }));
}

async function toEntry(db: Db, row: EntryRow): Promise<LedgerEntry> {
  const [entry] = await toEntries(db, [row]);
  return entry!;
}

/** One entry by id; NOT_FOUND on `field` when there is none. */
export async function getEntry(db: Db, id: string, field = 'entryId'): Promise<LedgerEntry> {
  const row = await entryRow(db, 'id', id);
  if (!row) throw fieldError('NOT_FOUND', field, 'No ledger entry with this id');
  return toEntry(db, row);
}

/** Whether an entry posted under a key is the payment asked for now (a retry), rather than another one. */
function isSamePayment(row: EntryRow, payment: NewPayment): boolean {
  return (
    row.entryType === 'payment' &&
    row.bucket === 'patient' &&
    row.reversesId === null &&
    row.patientId === payment.patientId &&
    row.appointmentId === payment.appointmentId &&
    row.amountCents === -payment.amountCents &&
    row.method === payment.method &&
    row.reference === payment.reference
  );
}

/** The appointment a payment is for must be one of the patient's. */
async function checkAppointmentOf(db: Db, payment: NewPayment): Promise<void> {
  const field = 'appointmentId';
  if (payment.appointmentId === null) return;
  const appointment = await db.selectFrom('appointments').select('patientId').where('id', '=', payment.appointmentId).where('deletedAt', 'is', null).executeTakeFirst();
  if (!appointment) throw fieldError('NOT_FOUND', field, 'No such appointment');
  if (appointment.patientId !== payment.patientId) throw fieldError('VALIDATION', field, 'This appointment is another patient’s');
}

/**
 * Posts a patient payment (stored negative) once per idempotency key: the same key with the same
 * payment returns the first entry; with another payment it is refused (CONFLICT).
 * The chart is the caller's to check. Call inside a transaction.
 */
export async function postPayment(db: Db, clock: Clock, session: Session, payment: NewPayment): Promise<Posted> {
  const earlier = await entryRow(db, 'idempotencyKey', payment.idempotencyKey);
  if (earlier) {
    if (isSamePayment(earlier, payment)) return { entry: await toEntry(db, earlier), replayed: true };
    throw fieldError('CONFLICT', 'idempotencyKey', 'This request was already used for a different payment: start the payment again', {
      reason: 'idempotency_key_reused',
      entryId: earlier.id,
    });
  }
  await checkAppointmentOf(db, payment);
  const row = await insertEntry(db, clock, session, {
    patientId: payment.patientId,
    appointmentId: payment.appointmentId,
    encounterId: null,
    entryType: 'payment',
    bucket: 'patient',
    amountCents: -payment.amountCents,
    method: payment.method,
    reference: payment.reference,
    reversesId: null,
    reason: null,
    idempotencyKey: payment.idempotencyKey,
  });
  return { entry: await toEntry(db, row), replayed: false };
}

/** What an entry says; the id, the poster and the times are the insert's. */
type EntryContent = Omit<EntryRow, 'pk' | 'id' | 'postedAt' | 'postedBy' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

/** Inserts one ledger entry (insert-only: it is never updated), posted now by the session's user. */
async function insertEntry(db: Db, clock: Clock, session: Session, content: EntryContent): Promise<EntryRow> {
  const now = clock.now().toISOString();
  return db
    .insertInto('ledgerEntries')
    .values({ id: uuidv7(), ...content, postedAt: now, postedBy: session.userId, createdAt: now, updatedAt: now, deletedAt: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Reverses an entry: a new entry with the opposite amount on the same chart, bucket, visit and
 * method, naming the original, with the reason. Refused for a reversal and for an entry already
 * reversed (the unique index would refuse a second one anyway). Call inside a transaction.
 */
export async function reverseEntry(db: Db, clock: Clock, session: Session, entryId: string, reason: string): Promise<{ reversal: LedgerEntry; original: LedgerEntry }> {
  const original = await entryRow(db, 'id', entryId);
  if (!original) throw fieldError('NOT_FOUND', 'entryId', 'No ledger entry with this id');
  if (original.reversesId !== null) {
    throw fieldError('CONFLICT', 'entryId', 'This entry is itself a reversal and cannot be reversed: post a new entry instead', {
      reason: 'is_reversal',
      reversesId: original.reversesId,
    });
  }
  const earlier = await entryRow(db, 'reversesId', original.id);
  if (earlier) throw fieldError('CONFLICT', 'entryId', 'This entry was already reversed', { reason: 'already_reversed', reversalId: earlier.id });
  const row = await insertEntry(db, clock, session, {
    patientId: original.patientId,
    appointmentId: original.appointmentId,
    encounterId: original.encounterId,
    entryType: original.entryType,
    bucket: original.bucket,
    amountCents: -original.amountCents,
    method: original.method,
    reference: original.reference,
    reversesId: original.id,
    reason,
    // At most one reversal per entry, so its key follows from the entry: a synced retry posts nothing.
    idempotencyKey: `reversal:${original.id}`,
  });
  const [reversal, reversed] = await toEntries(db, [row, original]);
  return { reversal: reversal!, original: reversed! };
}

/**
 * The charts whose entries make up a chart's ledger: the chart, and every chart merged into it
 * (following chains: A into B, B into C gives C all three). A merge undone clears merged_into_id,
 * so the entries go back with their chart without anything moving.
 */
export async function chartsOfLedger(db: Db, patientId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE charts(id) AS (
      SELECT ${patientId}
      UNION SELECT p.id FROM patients p JOIN charts c ON p.merged_into_id = c.id
    )
    SELECT id FROM charts`.execute(db);
  return rows.map((row) => row.id);
}

/**
 * The open chart whose ledger shows a chart's entries: the chart itself, or the one it was merged
 * into (following chains, bounded: sync could deliver a cycle the rules forbid). Undefined for a
 * chart that does not exist or was removed without a merge.
 */
async function holdingChart(db: Db, patientId: string): Promise<Pick<PatientsTable, 'id' | 'restricted'> | undefined> {
  const load = (id: string) => db.selectFrom('patients').select(['id', 'restricted', 'deletedAt', 'mergedIntoId']).where('id', '=', id).executeTakeFirst();
  let chart = await load(patientId);
  const seen = new Set<string>();
  while (chart?.mergedIntoId && !seen.has(chart.id)) {
    seen.add(chart.id);
    chart = await load(chart.mergedIntoId);
  }
  return chart && chart.deletedAt === null ? chart : undefined;
}

/**
 * Refuses an entry the session may not see: its chart (or the chart it was merged into) must exist
 * and be one the session may open (restricted charts: audited FORBIDDEN offering break-glass).
 */
export async function assertMayOpenEntry(db: Db, session: Session, entry: Pick<LedgerEntry, 'patientId'>): Promise<void> {
  const chart = await holdingChart(db, entry.patientId);
  if (!chart) throw new AppError('NOT_FOUND', 'The chart of this ledger entry no longer exists');
  assertMayOpen(chart, session);
}

/** A chart's entries, newest first, and its balance per bucket: sums of the entries, never stored. */
export async function ledgerForPatient(db: Db, patientId: string): Promise<{ entries: LedgerEntry[]; balances: Balances; chartIds: string[] }> {
  const chartIds = await chartsOfLedger(db, patientId);
  const rows = await db.selectFrom('ledgerEntries').selectAll().where('patientId', 'in', chartIds).orderBy('postedAt', 'desc').orderBy('pk', 'desc').execute();
  const sums = await db
    .selectFrom('ledgerEntries')
    .select(['bucket', (eb) => eb.fn.sum<number>('amountCents').as('total')])
    .where('patientId', 'in', chartIds)
    .groupBy('bucket')
    .execute();
  const balances: Balances = { patient: 0, insurance: 0 };
  for (const { bucket, total } of sums) balances[bucket] = Number(total);
  return { entries: await toEntries(db, rows), balances, chartIds };
}
