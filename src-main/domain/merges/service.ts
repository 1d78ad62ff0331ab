import { format } from 'date-fns';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ChartMerge, MergeInput, MergePreview, UnmergeConflictDetails, UnmergeBlock } from '../../../src-shared/merges/schema';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Clock } from '../../clock';
import type { Database, PatientMergesTable } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { assertMayOpen } from '../patients/service';
import { overlappingVisits } from '../scheduling/patient-overlaps';
import {
  currentStateOf,
  linkedCountsOf,
  linkedRowsOf,
  linkedTableNamed,
  moveLinkedRows,
  recordKind,
  restoreLinkedRow,
  withArticle,
  type MovedRow,
} from './linked-rows';

type MergeRow = Pick<PatientMergesTable, 'id' | 'survivorId' | 'mergedId' | 'mergedAt' | 'mergedBy' | 'moved' | 'unmergedAt' | 'unmergedBy'>;
const MERGE_COLUMNS = ['id', 'survivorId', 'mergedId', 'mergedAt', 'mergedBy', 'moved', 'unmergedAt', 'unmergedBy'] as const;

/** A chart as merging sees it: closed charts too (deleted_at), and what closed them. */
interface ChartRow extends PatientSummary {
  deletedAt: string | null;
  mergedIntoId: string | null;
}

const CHART_COLUMNS = ['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex', 'phone', 'email', 'restricted', 'deletedAt', 'mergedIntoId'] as const;

async function loadChart(db: Kysely<Database>, id: string): Promise<ChartRow | undefined> {
  return db.selectFrom('patients').select(CHART_COLUMNS).where('id', '=', id).executeTakeFirst();
}

const summaryOf = ({ deletedAt: _deleted, mergedIntoId: _into, ...summary }: ChartRow): PatientSummary => summary;

type Side = 'survivorId' | 'mergedId';
const SIDE_LABEL: Record<Side, string> = { survivorId: 'The chart to keep', mergedId: 'The duplicate chart' };

/** One side of a merge: exists, open (not merged or removed), and the session may open it. */
async function openChartFor(db: Kysely<Database>, session: Session, id: string, side: Side): Promise<ChartRow> {
  const chart = await loadChart(db, id);
  if (chart?.mergedIntoId) {
    throw new AppError('CONFLICT', `${SIDE_LABEL[side]} was already merged into another chart`, {
      fields: { [side]: 'Already merged into another chart' },
      details: { mergedInto: chart.mergedIntoId },
    });
  }
  if (!chart || chart.deletedAt !== null) {
    throw new AppError('NOT_FOUND', `${SIDE_LABEL[side]} does not exist`, { fields: { [side]: 'No patient with this id' } });
  }
  assertMayOpen(chart, session);
  return chart;
}

/** Every check a merge makes before writing anything; `patients.mergePreview` makes the same. */
async function mergeableCharts(db: Kysely<Database>, session: Session, input: MergeInput): Promise<{ survivor: ChartRow; merged: ChartRow }> {
  if (input.survivorId === input.mergedId) {
    throw new AppError('VALIDATION', 'A chart cannot be merged with itself: choose the duplicate chart', {
      fields: { mergedId: 'This is the chart to keep, not a duplicate of it' },
    });
  }
  const survivor = await openChartFor(db, session, input.survivorId, 'survivorId');
  const merged = await openChartFor(db, session, input.mergedId, 'mergedId');
  // Its records would otherwise land in a chart anyone may open.
  if (merged.restricted !== null && survivor.restricted === null) {
    throw new AppError('CONFLICT', 'The duplicate chart is restricted and the chart to keep is not: restrict the chart to keep first', {
      fields: { mergedId: 'Restricted chart' },
    });
  }
  return { survivor, merged };
}

export async function previewMerge(db: Kysely<Database>, clock: Clock, session: Session, input: MergeInput): Promise<MergePreview> {
  const { survivor, merged } = await mergeableCharts(db, session, input);
  return {
    survivor: { ...summaryOf(survivor), linked: await linkedCountsOf(db, survivor.id) },
    merged: { ...summaryOf(merged), linked: await linkedCountsOf(db, merged.id) },
    overlapping: await overlappingVisits(db, clock, survivor.id, merged.id),
  };
}

/**
 * Moves every record of the duplicate to the survivor, records what moved, and closes the
 * duplicate (merged_into_id + deleted_at: gone from search, duplicate checks and patients.get).
 * The survivor's own details are not touched. Call inside a transaction. Returns the merge's id.
 */
export async function mergeCharts(db: Kysely<Database>, clock: Clock, session: Session, input: MergeInput): Promise<string> {
  const { survivor, merged } = await mergeableCharts(db, session, input);
  const now = clock.now().toISOString();
  const moved = await linkedRowsOf(db, merged.id);
  await moveLinkedRows(db, merged.id, survivor.id, now);
  const id = uuidv7();
  await db
    .insertInto('patientMerges')
    .values({
      id,
      survivorId: survivor.id,
      mergedId: merged.id,
      mergedAt: now,
      mergedBy: session.userId,
      moved: JSON.stringify(moved),
      unmergedAt: null,
      unmergedBy: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  await db.updateTable('patients').set({ mergedIntoId: survivor.id, deletedAt: now, updatedAt: now }).where('id', '=', merged.id).execute();
  return id;
}

async function loadMerge(db: Kysely<Database>, mergeId: string): Promise<MergeRow> {
  const merge = await db.selectFrom('patientMerges').select(MERGE_COLUMNS).where('id', '=', mergeId).where('deletedAt', 'is', null).executeTakeFirst();
  if (!merge) throw new AppError('NOT_FOUND', 'No merge with that id', { fields: { mergeId: 'No merge with this id' } });
  return merge;
}

function unmergeRefusal(message: string, details: UnmergeConflictDetails): AppError {
  return new AppError('CONFLICT', `This merge cannot be undone: ${message}`, { details });
}

/** In this computer's time, which is the screen's: the service runs on the workstation. */
const localMinute = (iso: string) => format(new Date(iso), "MM/dd/yyyy 'at' h:mm a");

const RECORD_PROBLEM: Record<Exclude<UnmergeBlock, 'later_merge' | 'chart_changed'>, (kind: string, changedAt: string | null) => string> = {
  record_moved: (kind) => `${withArticle(kind)} it moved now belongs to another chart`,
  record_changed: (kind, changedAt) => `${withArticle(kind)} it moved was changed after the merge${changedAt ? `, on ${localMinute(changedAt)}` : ''}`,
  record_missing: (kind) => `${withArticle(kind)} it moved is not in this database (or this version of the app does not know its kind)`,
};

/**
 * Why a merge can no longer be undone exactly, or null while it can. Undo must put back exactly
 * what the merge moved and nothing else, so it is refused when:
 * - later_merge: another merge still in force closed the survivor (A into B, then B into C: B's
 *   records, A's among them, are in C now) or the duplicate: undo that one first;
 * - chart_changed: the duplicate is no longer closed into the survivor, or the survivor was removed
 *   (both can only come from elsewhere, e.g. another workstation through sync);
 * - record_moved: a moved record now belongs to another chart;
 * - record_changed: a moved record was written after the merge. The merge stamped every moved row
 *   with updated_at = merged_at, and an undo of a later merge puts that stamp back; so any other
 *   updated_at means someone edited or removed the record since — an edit made on the surviving
 *   chart, which moving the record back would silently carry to the other patient;
 * - record_missing: a moved row is not here, or of a table this version does not know.
 * Every record in the way is listed in details.records; the message names the first.
 */
export async function undoRefusal(db: Kysely<Database>, merge: MergeRow): Promise<AppError | null> {
  const later = await db
    .selectFrom('patientMerges')
    .select('id')
    .where('id', '!=', merge.id)
    .where('unmergedAt', 'is', null)
    .where('deletedAt', 'is', null)
    .where('mergedId', 'in', [merge.survivorId, merge.mergedId])
    .orderBy('mergedAt', 'desc')
    .executeTakeFirst();
  if (later) {
    return unmergeRefusal('one of its charts was merged again later; undo that later merge first', {
      reason: 'later_merge',
      blockingMergeId: later.id,
    });
  }
  const [survivor, merged] = await Promise.all([loadChart(db, merge.survivorId), loadChart(db, merge.mergedId)]);
  if (!survivor || survivor.deletedAt !== null || merged?.mergedIntoId !== merge.survivorId || merged.deletedAt === null) {
    return unmergeRefusal('one of its charts was changed elsewhere since (reopened, removed or merged on another workstation)', {
      reason: 'chart_changed',
    });
  }
  const blocked = await recordsInTheWay(db, merge);
  const first = blocked[0];
  if (!first) return null;
  const more = blocked.length > 1 ? ` (and ${blocked.length - 1} more record${blocked.length > 2 ? 's' : ''})` : '';
  return unmergeRefusal(`${RECORD_PROBLEM[first.problem](first.kind, first.changedAt)}${more}`, {
    reason: first.problem,
    records: blocked.map(({ problem: _problem, ...record }) => record),
  });
}

interface BlockedRecord {
  table: string;
  kind: string;
  id: string;
  changedAt: string | null;
  problem: 'record_moved' | 'record_changed' | 'record_missing';
}

async function recordsInTheWay(db: Kysely<Database>, merge: MergeRow): Promise<BlockedRecord[]> {
  const blocked: BlockedRecord[] = [];
  for (const [table, rows] of movedByTable(merge)) {
    const entry = linkedTableNamed(table);
    const state = entry ? await currentStateOf(db, entry, rows.map((row) => row.id)) : new Map<string, never>();
    for (const row of rows) {
      const current = state.get(row.id);
      const base = { table, kind: recordKind(table), id: row.id };
      if (!current) blocked.push({ ...base, changedAt: null, problem: 'record_missing' });
      else if (current.patientId !== merge.survivorId) blocked.push({ ...base, changedAt: current.updatedAt, problem: 'record_moved' });
      else if (current.updatedAt !== merge.mergedAt) blocked.push({ ...base, changedAt: current.updatedAt, problem: 'record_changed' });
    }
  }
  return blocked;
}

function movedRows(merge: Pick<MergeRow, 'moved'>): MovedRow[] {
  return JSON.parse(merge.moved) as MovedRow[];
}

function movedByTable(merge: Pick<MergeRow, 'moved'>): Map<string, MovedRow[]> {
  const byTable = new Map<string, MovedRow[]>();
  for (const row of movedRows(merge)) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row]);
  return byTable;
}

/** The merge, if the session may open both its charts (a restricted one needs the permission or break-glass). */
async function mergeForSession(db: Kysely<Database>, session: Session, mergeId: string): Promise<MergeRow> {
  const merge = await loadMerge(db, mergeId);
  for (const id of [merge.survivorId, merge.mergedId]) {
    const chart = await loadChart(db, id);
    if (chart) assertMayOpen(chart, session);
  }
  return merge;
}

/**
 * Moves exactly the recorded rows back (with the updated_at they had before the merge), reopens
 * the duplicate and marks the merge undone; refused with CONFLICT while undoRefusal says why not.
 * Call inside a transaction.
 */
export async function unmergeCharts(db: Kysely<Database>, clock: Clock, session: Session, mergeId: string): Promise<void> {
  const merge = await mergeForSession(db, session, mergeId);
  if (merge.unmergedAt !== null) {
    throw new AppError('CONFLICT', 'This merge was already undone', { details: { unmergedAt: merge.unmergedAt } });
  }
  const refusal = await undoRefusal(db, merge);
  if (refusal) throw refusal;
  const now = clock.now().toISOString();
  for (const row of movedRows(merge)) {
    // undoRefusal found every recorded table known.
    await restoreLinkedRow(db, linkedTableNamed(row.table)!, row, merge.mergedId);
  }
  await db.updateTable('patients').set({ mergedIntoId: null, deletedAt: null, updatedAt: now }).where('id', '=', merge.mergedId).execute();
  await db.updateTable('patientMerges').set({ unmergedAt: now, unmergedBy: session.userId, updatedAt: now }).where('id', '=', merge.id).execute();
}

/** How many records a merge moved, per table. */
function movedCounts(merge: Pick<MergeRow, 'moved'>): ChartMerge['moved'] {
  return [...movedByTable(merge)].map(([table, rows]) => ({ table, kind: recordKind(table), count: rows.length }));
}

/** The merges a chart took part in, newest first, each with whether (or why not) it can be undone. */
export async function chartMerges(db: Kysely<Database>, session: Session, patientId: string): Promise<ChartMerge[]> {
  const chart = await loadChart(db, patientId);
  if (!chart) throw new AppError('NOT_FOUND', 'No patient with that id', { fields: { patientId: 'No patient with this id' } });
  assertMayOpen(chart, session);
  const merges = await db
    .selectFrom('patientMerges')
    .select(MERGE_COLUMNS)
    .where((eb) => eb.or([eb('survivorId', '=', patientId), eb('mergedId', '=', patientId)]))
    .where('deletedAt', 'is', null)
    .orderBy('mergedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return Promise.all(merges.map((merge) => describeMerge(db, merge)));
}

export async function describeMergeById(db: Kysely<Database>, mergeId: string): Promise<ChartMerge> {
  return describeMerge(db, await loadMerge(db, mergeId));
}

async function describeMerge(db: Kysely<Database>, merge: MergeRow): Promise<ChartMerge> {
  const chartRef = (id: string) => db.selectFrom('patients').select(['id', 'mrn']).where('id', '=', id).executeTakeFirstOrThrow();
  const userRef = async (id: string | null) =>
    id === null ? null : ((await db.selectFrom('users').select(['id', 'displayName']).where('id', '=', id).executeTakeFirst()) ?? null);
  const refusal = merge.unmergedAt === null ? await undoRefusal(db, merge) : null;
  return {
    id: merge.id,
    survivor: await chartRef(merge.survivorId),
    merged: await chartRef(merge.mergedId),
    mergedAt: merge.mergedAt,
    mergedBy: await userRef(merge.mergedBy),
    moved: movedCounts(merge),
    unmergedAt: merge.unmergedAt,
    unmergedBy: await userRef(merge.unmergedBy),
    undo: merge.unmergedAt === null ? { possible: refusal === null, reason: refusal?.message ?? null } : null,
  };
}

/**
 * The open chart that now holds a merged chart's records (following chains: A into B, B into C
 * gives C), or null for a chart that was not merged. Bounded: a cycle (impossible by the rules,
 * but sync could deliver one) ends the walk.
 */
async function survivorOf(db: Kysely<Database>, patientId: string): Promise<ChartRow | null> {
  let current = await loadChart(db, patientId);
  const seen = new Set<string>();
  while (current?.mergedIntoId && !seen.has(current.id)) {
    seen.add(current.id);
    current = await loadChart(db, current.mergedIntoId);
  }
  return current && current.id !== patientId && current.mergedIntoId === null ? current : null;
}

/** NOT_FOUND that says where a merged chart went (details.mergedInto and its MRN), for opening its old address. */
export async function mergedChartError(db: Kysely<Database>, patientId: string): Promise<AppError | null> {
  const survivor = await survivorOf(db, patientId);
  return survivor
    ? new AppError('NOT_FOUND', 'This chart was merged into another chart', { details: { mergedInto: survivor.id, mergedIntoMrn: survivor.mrn } })
    : null;
}
