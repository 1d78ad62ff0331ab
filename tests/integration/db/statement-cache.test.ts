import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqlite, STATEMENT_CACHE_SIZE, withStatementCache, type Sqlite } from '../../../src-main/db/open';

let dataDir: string;
let sqlite: Sqlite;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-statements-'));
  sqlite = openSqlite(path.join(dataDir, 'test.db'));
  sqlite.exec('CREATE TABLE t (n INTEGER)');
});

afterEach(() => {
  if (sqlite.open) sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('prepares each SQL text once and hands back the same statement', () => {
  const cached = withStatementCache(sqlite);
  const first = cached.prepare('SELECT count(*) AS c FROM t');
  expect(cached.prepare('SELECT count(*) AS c FROM t')).toBe(first);
  expect(cached.prepare('SELECT count(*) AS c FROM t WHERE n > 0')).not.toBe(first);
});

it('drops the least recently used statement once full, keeping the ones in use', () => {
  const cached = withStatementCache(sqlite);
  const kept = cached.prepare('SELECT 0 AS n');
  const dropped = cached.prepare('SELECT 1 AS n');
  for (let i = 2; i < STATEMENT_CACHE_SIZE; i++) {
    cached.prepare(`SELECT ${i} AS n`);
    if (i === 2) cached.prepare('SELECT 0 AS n'); // used again: now the most recent of the first three
  }
  cached.prepare(`SELECT ${STATEMENT_CACHE_SIZE} AS n`);
  expect(cached.prepare('SELECT 0 AS n')).toBe(kept);
  expect(cached.prepare('SELECT 1 AS n')).not.toBe(dropped);
});

it('a reused statement sees rows written since, and still runs after the table changes shape', () => {
  const cached = withStatementCache(sqlite);
  const count = () => (cached.prepare('SELECT count(*) AS c FROM t').all() as { c: number }[])[0]!.c;
  expect(count()).toBe(0);
  cached.prepare('INSERT INTO t (n) VALUES (?)').run(1);
  cached.prepare('INSERT INTO t (n) VALUES (?)').run(2);
  expect(count()).toBe(2);
  sqlite.exec('ALTER TABLE t ADD COLUMN label TEXT');
  expect(count()).toBe(2);
  cached.close();
  expect(sqlite.open).toBe(false);
});
