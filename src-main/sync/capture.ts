import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { innerNameWords, nameKey } from '../../src-shared/patients/name-keys';
import type { Sqlite } from '../db/open';
import type { HybridLogicalClock } from './hlc';
import { SYNC_ROW_ID_COLUMN, SYNCED_TABLES, type SyncedTable } from './synced-tables';

/**
 * Change capture lives in SQLite triggers, so no code path — service, script or future
 * feature — can write a synced table without its ops being recorded in the same transaction.
 * The triggers call the functions registered here; a connection without them (another tool)
 * cannot write synced tables at all, which is the point.
 */
export interface CaptureState {
  clock: HybridLogicalClock | null;
  /** The signed-in user whose request is writing; set by the router inside the transaction. */
  authorId: string | null;
  /** Off only while applying ops that arrived from another device (they are already ops). */
  enabled: boolean;
}

export function createCaptureState(): CaptureState {
  return { clock: null, authorId: null, enabled: true };
}

export function registerCaptureFunctions(sqlite: Sqlite, state: CaptureState): void {
  const readyClock = (): HybridLogicalClock => {
    if (!state.clock) throw new Error('Change capture is not ready: the workstation clock is not set up');
    return state.clock;
  };
  sqlite.function('clinic_capture_enabled', { deterministic: false }, () => (state.enabled ? 1 : 0));
  sqlite.function('clinic_op_id', { deterministic: false }, () => uuidv7());
  sqlite.function('clinic_hlc', { deterministic: false }, () => readyClock().now());
  sqlite.function('clinic_device_id', { deterministic: false }, () => readyClock().deviceId);
  sqlite.function('clinic_author_id', { deterministic: false }, () => state.authorId);
  sqlite.function('clinic_reverse_digits', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? [...text.replace(/\D+/g, '')].reverse().join('') : null,
  );
  // Search keys of names, kept by the patients triggers (migration 0003).
  sqlite.function('clinic_name_key', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? nameKey(text) : null));
  sqlite.function('clinic_inner_name_words', { deterministic: true }, (given: unknown, family: unknown) =>
    JSON.stringify(innerNameWords(typeof given === 'string' ? given : '', typeof family === 'string' ? family : '')),
  );
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteText = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export function captureTriggerNames(table: string): string[] {
  return [`${table}_capture_insert`, `${table}_capture_update`, `${table}_keep_id`, `${table}_no_delete`];
}

/** The trigger SQL for one synced table, given its current columns. */
export function captureTriggerSql(table: string, columns: readonly string[], localColumns: readonly string[]): string[] {
  const captured = columns.filter((c) => c !== SYNC_ROW_ID_COLUMN && !localColumns.includes(c));
  if (!columns.includes(SYNC_ROW_ID_COLUMN)) throw new Error(`Synced table ${table} has no ${SYNC_ROW_ID_COLUMN} column`);
  const [insertName, updateName, keepIdName, noDeleteName] = captureTriggerNames(table);
  const t = quoteIdent(table);
  const opInsert = (changedOnly: boolean) =>
    `INSERT INTO sync_ops (op_id, hlc, device_id, author_id, tbl, row_id, col, value)
     SELECT clinic_op_id(), clinic_hlc(), clinic_device_id(), clinic_author_id(), ${quoteText(table)}, NEW.${SYNC_ROW_ID_COLUMN}, c.col, c.value
     FROM (${captured
       .map(
         (col) =>
           `SELECT ${quoteText(col)} AS col, json_quote(NEW.${quoteIdent(col)}) AS value` +
           (changedOnly ? ` WHERE OLD.${quoteIdent(col)} IS NOT NEW.${quoteIdent(col)}` : ''),
       )
       .join(' UNION ALL ')}) AS c;`;
  return [
    `CREATE TRIGGER ${quoteIdent(insertName!)} AFTER INSERT ON ${t} WHEN clinic_capture_enabled()
     BEGIN ${opInsert(false)} END`,
    `CREATE TRIGGER ${quoteIdent(updateName!)} AFTER UPDATE ON ${t} WHEN clinic_capture_enabled()
     BEGIN ${opInsert(true)} END`,
    `CREATE TRIGGER ${quoteIdent(keepIdName!)} BEFORE UPDATE OF ${SYNC_ROW_ID_COLUMN} ON ${t}
     WHEN OLD.${SYNC_ROW_ID_COLUMN} IS NOT NEW.${SYNC_ROW_ID_COLUMN}
     BEGIN SELECT RAISE(ABORT, 'The id of a synced row never changes'); END`,
    `CREATE TRIGGER ${quoteIdent(noDeleteName!)} BEFORE DELETE ON ${t}
     BEGIN SELECT RAISE(ABORT, 'Rows of synced tables are never deleted: set deleted_at instead'); END`,
  ];
}

/**
 * (Re)creates the capture triggers of a synced table from its current columns.
 * Called by every migration that creates a synced table or adds a column to one.
 */
export async function installChangeCapture(db: Kysely<unknown>, table: SyncedTable): Promise<void> {
  const { localColumns } = SYNCED_TABLES[table];
  const info = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db);
  const columns = info.rows.map((r) => r.name);
  if (columns.length === 0) throw new Error(`No table named ${table}`);
  for (const name of captureTriggerNames(table)) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${quoteIdent(name)}`).execute(db);
  }
  for (const statement of captureTriggerSql(table, columns, localColumns)) {
    await sql.raw(statement).execute(db);
  }
}
