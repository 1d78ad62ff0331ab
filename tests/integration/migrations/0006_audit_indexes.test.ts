import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase } from '../../../src-main/db/clinic-db';
import type { Sqlite } from '../../../src-main/db/open';
import { TEST_KEYS } from '../../support/test-keys';

const clock = fixedClock('2026-03-02T15:04:05.000Z');
const UNTIL_0005 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0006'));
const UNTIL_0006 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0007'));
let dataDir: string;

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Audit rows as an earlier version wrote them (the chain's hashes do not matter to an index). */
function insertAuditRows(sqlite: Sqlite, count: number): void {
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (id, at, device_id, user_id, action, entity_type, entity_id, detail, flagged, prev_hash, hash)
     VALUES (?, ?, 'device', ?, ?, 'patient', ?, '{}', 0, 'prev', 'hash')`,
  );
  for (let i = 0; i < count; i++) {
    insert.run(uuidv7(), new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), `user-${i % 3}`, i % 2 ? 'patient.view' : 'patient.update', `patient-${i % 5}`);
  }
}

function plan(sqlite: Sqlite, query: string, ...params: unknown[]): string {
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');
}

const indexNames = (sqlite: Sqlite) =>
  sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' AND sql IS NOT NULL ORDER BY name`).pluck().all();

it('0006 adds the audit screen’s indexes over existing entries, drops the one it extends, records no sync op, and the lists read them in order', async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-0006-'));
  const old = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0005 });
  insertAuditRows(old.sqlite, 40);
  const opsBefore = old.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get();
  expect(indexNames(old.sqlite)).toEqual(['audit_log_action', 'audit_log_entity']);
  await old.close();

  const database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: UNTIL_0006 });
  try {
    const sqlite = database.sqlite;
    expect(database.migration.applied).toEqual(['0006_audit_indexes']);
    expect(indexNames(sqlite)).toEqual(['audit_log_action', 'audit_log_at', 'audit_log_entity_at', 'audit_log_user']);
    expect(sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(40);
    expect(sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(opsBefore);
    sqlite.exec('ANALYZE');

    // Each list is one index range already newest first: no sort of the matching entries.
    const newestFirst = 'ORDER BY at DESC, seq DESC LIMIT 51';
    const byPatient = plan(sqlite, `SELECT seq FROM audit_log WHERE entity_type = 'patient' AND entity_id = ? AND at >= ? ${newestFirst}`, 'patient-1', '2026-01-01');
    expect(byPatient).toMatch(/USING (COVERING )?INDEX audit_log_entity_at/);
    const byUser = plan(sqlite, `SELECT seq FROM audit_log WHERE user_id = ? ${newestFirst}`, 'user-1');
    expect(byUser).toMatch(/USING (COVERING )?INDEX audit_log_user/);
    const everything = plan(sqlite, `SELECT seq FROM audit_log WHERE at < ? ${newestFirst}`, '2026-02-01');
    expect(everything).toMatch(/USING (COVERING )?INDEX audit_log_at/);
    for (const text of [byPatient, byUser, everything]) expect(text).not.toMatch(/TEMP B-TREE/);
  } finally {
    await database.close();
  }
});
