import type { ClinicDatabase } from '../../src-main/db/clinic-db';

export interface BulkLoadPlan {
  /** The tables the load fills in bulk: their indexes are dropped and rebuilt (one sort each). */
  tables: readonly string[];
  /** Insert triggers whose work the load does itself (derived columns): dropped for the load. */
  derivingTriggers: readonly string[];
  /** Change-capture insert triggers: kept while capturing, dropped otherwise. */
  captureTriggers: readonly string[];
  /** Record sync ops for the rows (change capture on) instead of loading them as local data. */
  withSyncOps: boolean;
}

/**
 * Runs `load` as one bulk transaction: change capture off unless asked for, the loaded tables'
 * indexes and the named insert triggers dropped and put back before COMMIT (so a crash leaves the
 * database as it was). Any other insert trigger on a loaded table stops the load, so a migration
 * that adds one cannot be silently skipped. A rollback journal (new pages need no journal; a WAL
 * would hold every page once more and then be copied back), no fsync, a large page cache for the
 * index builds, and no per-row foreign-key look-ups: every reference names a row the load has
 * just written or read. A power cut during a load may not roll back; the load is simply made again.
 */
export function bulkLoad<T>(database: ClinicDatabase, plan: BulkLoadPlan, load: () => T): T {
  const { sqlite, capture } = database;
  const previous = {
    enabled: capture.enabled,
    journalMode: sqlite.pragma('journal_mode', { simple: true }),
    synchronous: sqlite.pragma('synchronous', { simple: true }),
    cacheSize: sqlite.pragma('cache_size', { simple: true }),
    foreignKeys: sqlite.pragma('foreign_keys', { simple: true }),
  };
  const insertOnLoadedTable = new RegExp(`\\bINSERT\\s+ON\\s+"?(${plan.tables.join('|')})"?\\s`, 'i');
  const transaction = sqlite.transaction(() => {
    capture.enabled = plan.withSyncOps;
    const schema = sqlite
      .prepare(
        `SELECT type, name, sql FROM sqlite_master
         WHERE tbl_name IN (${plan.tables.map((t) => `'${t}'`).join(', ')}) AND type IN ('index', 'trigger') AND sql IS NOT NULL`,
      )
      .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
    const insertTriggers = schema.filter((o) => o.type === 'trigger' && insertOnLoadedTable.test(o.sql));
    const unknown = insertTriggers.filter((t) => ![...plan.derivingTriggers, ...plan.captureTriggers].includes(t.name));
    if (unknown.length > 0) throw new Error(`The generator does not know the insert trigger(s) ${unknown.map((t) => t.name).join(', ')}`);
    // Without capture the capture triggers would only test their WHEN per row (a cost of about 13 µs each).
    const replaced = capture.enabled ? plan.derivingTriggers : [...plan.derivingTriggers, ...plan.captureTriggers];
    const dropped = [...schema.filter((o) => o.type === 'index'), ...insertTriggers.filter((t) => replaced.includes(t.name))];
    for (const object of dropped) sqlite.exec(`DROP ${object.type.toUpperCase()} "${object.name}"`);
    const result = load();
    for (const object of dropped) sqlite.exec(object.sql);
    return result;
  });
  try {
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -524288');
    sqlite.pragma('foreign_keys = OFF');
    return transaction();
  } finally {
    sqlite.pragma(`journal_mode = ${String(previous.journalMode)}`);
    capture.enabled = previous.enabled;
    sqlite.pragma(`synchronous = ${Number(previous.synchronous)}`);
    sqlite.pragma(`cache_size = ${Number(previous.cacheSize)}`);
    sqlite.pragma(`foreign_keys = ${Number(previous.foreignKeys)}`);
  }
}
