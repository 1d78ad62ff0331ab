import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Coverage, CoverageStatus } from '../../../src-shared/insurance/schema';
import type { DuplicateCandidate } from '../../../src-shared/patients/schema';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import { localIsoDate } from '../../../src-shared/validation/dates';
import type { Clock } from '../../clock';
import type { CoveragesTable, Database } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { isChartDocument } from '../documents/service';
import { changedFields } from '../insurance/changes';
import { getPayer } from '../insurance/payers';
import { openChart } from '../patients/open-chart';
import { memberKey, memberKeyMatches } from './member-key';

type CoverageRow = Selectable<CoveragesTable>;
/** What a coverage holds besides its identity and times. */
type CoverageFields = Omit<CoverageRow, 'pk' | 'id' | 'patientId' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

const RANK_ORDER = sql<number>`CASE c.rank WHEN 'primary' THEN 0 WHEN 'secondary' THEN 1 ELSE 2 END`;
const OPEN_START = '0000-01-01';
const OPEN_END = '9999-12-31';

export function coverageStatus(range: Pick<CoverageRow, 'effectiveFrom' | 'effectiveTo'>, today: string): CoverageStatus {
  if (range.effectiveFrom !== null && range.effectiveFrom > today) return 'future';
  if (range.effectiveTo !== null && range.effectiveTo < today) return 'ended';
  return 'active';
}

function coverageQuery(db: Kysely<Database>) {
  return db
    .selectFrom('coverages as c')
    .innerJoin('payers as p', 'p.id', 'c.payerId')
    .selectAll('c')
    .select('p.name as payerName')
    .where('c.deletedAt', 'is', null);
}

function toCoverage(row: CoverageRow & { payerName: string }, today: string): Coverage {
  const { pk: _pk, deletedAt: _deleted, ...rest } = row;
  return { ...rest, status: coverageStatus(row, today) };
}

const today = (clock: Clock) => localIsoDate(clock.now());

/** A patient's coverages, current and past (removed ones are not): primary → tertiary, newest first within a rank. */
export async function listCoverages(db: Kysely<Database>, clock: Clock, patientId: string): Promise<Coverage[]> {
  const rows = await coverageQuery(db)
    .where('c.patientId', '=', patientId)
    .orderBy(RANK_ORDER)
    .orderBy(sql`coalesce(c.effective_from, '')`, 'desc')
    .orderBy('c.createdAt', 'desc')
    .execute();
  return rows.map((row) => toCoverage(row, today(clock)));
}

async function getCoverage(db: Kysely<Database>, clock: Clock, id: string): Promise<Coverage> {
  const row = await coverageQuery(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No coverage with that id');
  return toCoverage(row, today(clock));
}

/** A coverage and its patient, when the session may open that chart. */
export async function openableCoverage(db: Kysely<Database>, clock: Clock, session: Session, id: string): Promise<Coverage> {
  const coverage = await getCoverage(db, clock, id);
  await openChart({ db, session }, coverage.patientId);
  return coverage;
}

/** Subscriber details belong to someone else than the patient; for "self" they are cleared. */
function withSubscriberRule(fields: CoverageFields): CoverageFields {
  if (fields.subscriberRelationship === 'self') {
    return { ...fields, subscriberGivenName: null, subscriberFamilyName: null, subscriberDateOfBirth: null };
  }
  const missing = (['subscriberGivenName', 'subscriberFamilyName', 'subscriberDateOfBirth'] as const).filter((name) => fields[name] === null);
  if (missing.length > 0) {
    throw new AppError('VALIDATION', 'The subscriber’s name and date of birth are needed when the patient is not the subscriber', {
      fields: Object.fromEntries(missing.map((name) => [name, 'Required when the patient is not the subscriber'])),
    });
  }
  return fields;
}

function assertDatesInOrder({ effectiveFrom, effectiveTo }: Pick<CoverageFields, 'effectiveFrom' | 'effectiveTo'>): void {
  if (effectiveFrom !== null && effectiveTo !== null && effectiveTo < effectiveFrom) {
    throw new AppError('VALIDATION', 'The coverage cannot end before it starts', { fields: { effectiveTo: 'Must be on or after the start date' } });
  }
}

/** One coverage per rank at a time: another of the same rank whose dates overlap is refused. */
async function assertRankFree(db: Kysely<Database>, patientId: string, fields: CoverageFields, exceptId: string | null): Promise<void> {
  const from = fields.effectiveFrom ?? OPEN_START;
  const to = fields.effectiveTo ?? OPEN_END;
  let query = db
    .selectFrom('coverages')
    .select('id')
    .where('patientId', '=', patientId)
    .where('rank', '=', fields.rank)
    .where('deletedAt', 'is', null)
    .where(sql<boolean>`coalesce(effective_from, ${OPEN_START}) <= ${to} AND coalesce(effective_to, ${OPEN_END}) >= ${from}`);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const overlapping = await query.executeTakeFirst();
  if (overlapping) {
    throw new AppError('CONFLICT', `This patient already has a ${fields.rank} coverage for these dates: end it first, or choose another rank`, {
      fields: { rank: `A ${fields.rank} coverage overlaps these dates` },
      details: { overlappingCoverageId: overlapping.id },
    });
  }
}

/** A new or changed payer must be active (an existing coverage keeps a payer deactivated later). */
async function assertPayerUsable(db: Kysely<Database>, payerId: string): Promise<void> {
  const payer = await getPayer(db, payerId);
  if (!payer.active) {
    throw new AppError('VALIDATION', 'This payer is inactive: choose another, or reactivate it under Admin → Payers', {
      fields: { payerId: 'This payer is inactive' },
    });
  }
}

/** Card images must be documents in this patient's chart. */
async function assertCardDocuments(db: Kysely<Database>, patientId: string, refs: Partial<Pick<CoverageFields, 'cardFrontDocumentId' | 'cardBackDocumentId'>>): Promise<void> {
  const wrong: Record<string, string> = {};
  for (const [field, documentId] of Object.entries(refs)) {
    if (documentId && !(await isChartDocument(db, patientId, documentId))) wrong[field] = 'Not a document in this patient’s chart';
  }
  if (Object.keys(wrong).length > 0) throw new AppError('VALIDATION', 'A card image must be a document in this patient’s chart', { fields: wrong });
}

/**
 * Other patients who are the subscriber ("self") of a coverage with this payer and member id.
 * Only a second "self" is suspect: a spouse or child on the subscriber's card legitimately shares
 * the id, but two subscribers of one card are usually one person registered twice (or a typo).
 */
async function sharedMemberIdCandidates(db: Kysely<Database>, patientId: string, fields: CoverageFields): Promise<DuplicateCandidate[]> {
  if (fields.subscriberRelationship !== 'self') return [];
  const rows = await db
    .selectFrom('patients')
    .select(['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'phone'])
    .where('deletedAt', 'is', null)
    .where('id', '!=', patientId)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('coverages')
        .select('patientId')
        .where(memberKeyMatches(memberKey(fields.memberId)))
        .where('payerId', '=', fields.payerId)
        .where('subscriberRelationship', '=', 'self'),
    )
    .orderBy('familyName')
    .orderBy('givenName')
    .limit(5)
    .execute();
  return rows.map((row) => ({ ...row, reasons: ['same_member_id' as const] }));
}

async function assertMemberIdNotShared(db: Kysely<Database>, patientId: string, fields: CoverageFields, confirmed: boolean): Promise<void> {
  if (confirmed) return;
  const candidates = await sharedMemberIdCandidates(db, patientId, fields);
  // No patient data in the message: the candidates travel in details only.
  if (candidates.length > 0) {
    throw new AppError('CONFLICT', 'Another patient is the subscriber of a coverage with this payer and member id', {
      fields: { memberId: 'Already the member id of another patient with this payer' },
      details: { sharedMemberId: candidates },
    });
  }
}

export async function addCoverage(db: Kysely<Database>, clock: Clock, input: ParsedInput<'coverages.add'>): Promise<Coverage> {
  const { patientId, confirmSharedMemberId, ...requested } = input;
  const fields = withSubscriberRule(requested);
  assertDatesInOrder(fields);
  await assertPayerUsable(db, fields.payerId);
  await assertCardDocuments(db, patientId, { cardFrontDocumentId: fields.cardFrontDocumentId, cardBackDocumentId: fields.cardBackDocumentId });
  await assertRankFree(db, patientId, fields, null);
  await assertMemberIdNotShared(db, patientId, fields, confirmSharedMemberId === true);
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('coverages')
    .values({ id, patientId, ...fields, createdAt: now, updatedAt: now, deletedAt: null })
    .execute();
  return getCoverage(db, clock, id);
}

function fieldsOf(coverage: Coverage): CoverageFields {
  const { id: _id, patientId: _patient, payerName: _payer, status: _status, createdAt: _created, updatedAt: _updated, ...fields } = coverage;
  return fields;
}

/** Checks the stored coverage merged with the change; writes only the fields that differ. */
export async function updateCoverage(db: Kysely<Database>, clock: Clock, current: Coverage, input: ParsedInput<'coverages.update'>): Promise<Coverage> {
  const { id: _id, confirmSharedMemberId, ...requested } = input;
  const before = fieldsOf(current);
  const merged = withSubscriberRule({ ...before, ...changedFields(before, requested) });
  const changes = changedFields(before, merged);
  if (Object.keys(changes).length === 0) return current;
  const changed = (...names: (keyof CoverageFields)[]) => names.some((name) => name in changes);
  assertDatesInOrder(merged);
  if (changed('payerId')) await assertPayerUsable(db, merged.payerId);
  await assertCardDocuments(db, current.patientId, {
    ...(changed('cardFrontDocumentId') ? { cardFrontDocumentId: merged.cardFrontDocumentId } : {}),
    ...(changed('cardBackDocumentId') ? { cardBackDocumentId: merged.cardBackDocumentId } : {}),
  });
  if (changed('rank', 'effectiveFrom', 'effectiveTo')) await assertRankFree(db, current.patientId, merged, current.id);
  if (changed('memberId', 'payerId', 'subscriberRelationship')) {
    await assertMemberIdNotShared(db, current.patientId, merged, confirmSharedMemberId === true);
  }
  await db
    .updateTable('coverages')
    .set({ ...changes, updatedAt: clock.now().toISOString() })
    .where('id', '=', current.id)
    .execute();
  return getCoverage(db, clock, current.id);
}

/** Ends a coverage on a date (default today); it stays listed as past coverage. */
export async function endCoverage(db: Kysely<Database>, clock: Clock, current: Coverage, effectiveTo: string | undefined): Promise<Coverage> {
  const end = effectiveTo ?? today(clock);
  if (current.effectiveFrom !== null && end < current.effectiveFrom) {
    throw new AppError('VALIDATION', 'The coverage cannot end before it starts (remove it instead if it was entered by mistake)', {
      fields: { effectiveTo: 'Must be on or after the start date' },
    });
  }
  if (current.effectiveTo === end) return current;
  await db.updateTable('coverages').set({ effectiveTo: end, updatedAt: clock.now().toISOString() }).where('id', '=', current.id).execute();
  return getCoverage(db, clock, current.id);
}

/** Soft deletion: the row stays for sync and the audit trail, and leaves every list and lookup. */
export async function removeCoverage(db: Kysely<Database>, clock: Clock, current: Coverage): Promise<void> {
  const now = clock.now().toISOString();
  await db.updateTable('coverages').set({ deletedAt: now, updatedAt: now }).where('id', '=', current.id).execute();
}
