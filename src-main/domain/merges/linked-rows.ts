import type { Kysely } from 'kysely';
import type { LinkedCount } from '../../../src-shared/merges/schema';
import type { Database } from '../../db/schema';
import { PATIENT_LINKED_TABLES } from '../patients/linked-tables';

/**
 * The records linked to a patient, read and moved generically over PATIENT_LINKED_TABLES: a table
 * added to that list is merged, counted and unmerged without a change here.
 */
type LinkedTable = (typeof PATIENT_LINKED_TABLES)[number];

/** One moved row as `patient_merges.moved` keeps it: the database table, the row, and its updated_at before the merge. */
export interface MovedRow {
  table: string;
  id: string;
  /** Put back by unmerge, so the row reads as it did before the merge (and an earlier merge in a chain can still be undone). */
  updatedAt: string;
}

/** patientContacts → patient_contacts: the name in the database (and in sync ops), which is what a merge records. */
export function sqlTableName(table: string): string {
  return table.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** record_requests → "record request", appointment_series → "appointment series": what one row is called in messages. */
export function recordKind(sqlTable: string): string {
  const words = sqlTable.replaceAll('_', ' ');
  if (words.endsWith('series')) return words;
  return words.replace(/ies$/, 'y').replace(/s$/, '');
}

/** "a record request", "an appointment". */
export function withArticle(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** The linked table a merge recorded under this database name; undefined for one this version does not know. */
export function linkedTableNamed(sqlTable: string): LinkedTable | undefined {
  return PATIENT_LINKED_TABLES.find((entry) => sqlTableName(entry.table) === sqlTable);
}

/** Every row (removed ones too) of every linked table that belongs to the patient. */
export async function linkedRowsOf(db: Kysely<Database>, patientId: string): Promise<MovedRow[]> {
  const rows: MovedRow[] = [];
  for (const entry of PATIENT_LINKED_TABLES) {
    const found = await db.selectFrom(entry.table).select(['id', 'updatedAt']).where(entry.column, '=', patientId).orderBy('id').execute();
    rows.push(...found.map((row) => ({ table: sqlTableName(entry.table), id: row.id, updatedAt: row.updatedAt })));
  }
  return rows;
}

/** Per linked table: how many records the patient has, and how many removed ones besides. */
export async function linkedCountsOf(db: Kysely<Database>, patientId: string): Promise<LinkedCount[]> {
  const counts: LinkedCount[] = [];
  for (const entry of PATIENT_LINKED_TABLES) {
    const { total, removed } = await db
      .selectFrom(entry.table)
      .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('deletedAt').as('removed')])
      .where(entry.column, '=', patientId)
      .executeTakeFirstOrThrow();
    const table = sqlTableName(entry.table);
    counts.push({ table, kind: recordKind(table), count: total - removed, removed });
  }
  return counts;
}

/** Gives every linked row of one patient to another, stamping them with `now`. */
export async function moveLinkedRows(db: Kysely<Database>, fromPatientId: string, toPatientId: string, now: string): Promise<void> {
  for (const entry of PATIENT_LINKED_TABLES) {
    await db
      .updateTable(entry.table)
      .set({ [entry.column]: toPatientId, updatedAt: now })
      .where(entry.column, '=', fromPatientId)
      .execute();
  }
}

/** Puts one recorded row back with a patient, as it was before the merge. */
export async function restoreLinkedRow(db: Kysely<Database>, entry: LinkedTable, row: MovedRow, patientId: string): Promise<void> {
  await db
    .updateTable(entry.table)
    .set({ [entry.column]: patientId, updatedAt: row.updatedAt })
    .where('id', '=', row.id)
    .execute();
}

/** The current owner (none for a message no longer about a patient) and updated_at of recorded rows of one table (missing ids are simply absent). */
export async function currentStateOf(
  db: Kysely<Database>,
  entry: LinkedTable,
  ids: readonly string[],
): Promise<Map<string, { patientId: string | null; updatedAt: string }>> {
  const state = new Map<string, { patientId: string | null; updatedAt: string }>();
  // Chunks keep each statement well under SQLite's bound-parameter limit.
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom(entry.table)
      .select(['id', `${entry.column} as patientId`, 'updatedAt'])
      .where('id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) state.set(row.id, { patientId: row.patientId, updatedAt: row.updatedAt });
  }
  return state;
}
