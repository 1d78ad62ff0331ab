/**
 * Crash safety (issue 3, point 8): a writer process commits patients through the real app stack
 * and is killed with SIGKILL at random moments; after each kill the database must pass
 * `PRAGMA integrity_check`, hold every write acknowledged before the kill, and be consistent:
 * each patient has exactly its ops in the op log, no op points at a missing patient, the MRN counter
 * moved with the rows, the search index matches. Most trials reuse one data folder (recovery of
 * an existing WAL after a crash is the point); some start from a fresh folder, empty (so the kill
 * may land in the migrations) or holding the migrated template, and the trial after continues there.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrations } from '../../../migrations';
import { DATABASE_FILE } from '../../../src-main/db/clinic-db';
import { openSqlite, type Sqlite } from '../../../src-main/db/open';
import { SYNC_ROW_ID_COLUMN, SYNCED_TABLES } from '../../../src-main/sync/synced-tables';
import { randomInt, seededRandom } from '../../support/seeded-random';
import { TEST_KEYS } from '../../support/test-keys';

declare module 'vitest' {
  interface TaskMeta {
    crashTrials?: { trials: number; acknowledged: number; budgetMs: number; seed: number; byKind: Record<string, number> };
  }
}

const WRITER = path.join(import.meta.dirname, 'writer.ts');
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const TRIAL_BUDGET_MS = 90_000;
/** A child that has neither printed what the trial waits for nor exited by then is stuck. */
const CHILD_DEADLINE_MS = 20_000;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(withTemplate: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clinic-crash-'));
  dirs.push(dir);
  if (withTemplate) copyFileSync(inject('templateDatabase'), path.join(dir, DATABASE_FILE));
  return dir;
}

// ------------------------------------------------------------------ the writer process

interface Writer {
  /** Resolves with the first stdout line matching, or null if the child exited first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray | null>;
  /** Every acknowledged (seq, patient id), in order. */
  acks: { seq: number; id: string }[];
  kill(): Promise<void>;
  /** Set if the child exited on its own (it never should). */
  exited(): { code: number | null; stderr: string } | null;
}

function startWriter(dataDir: string, extraArgs: string[] = []): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: { seq: number; id: string }[] = [];
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray | null) => void }[] = [];
  let stdoutRest = '';
  let stderr = '';
  let exit: { code: number | null; stderr: string } | null = null;
  let killed = false;
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));

  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (stdoutRest + chunk).split('\n');
    stdoutRest = parts.pop() ?? '';
    for (const text of parts) {
      lines.push(text);
      const ack = /^ack (\d+) (\S+)$/.exec(text);
      if (ack) acks.push({ seq: Number(ack[1]), id: ack[2]! });
      for (let i = waiters.length - 1; i >= 0; i--) {
        const match = waiters[i]!.pattern.exec(text);
        if (match) {
          waiters[i]!.resolve(match);
          waiters.splice(i, 1);
        }
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  void closed.then(() => {
    if (!killed) exit = { code: child.exitCode, stderr };
    for (const waiter of waiters.splice(0)) waiter.resolve(null);
  });

  return {
    acks,
    waitFor(pattern) {
      const seen = lines.map((text) => pattern.exec(text)).find((m) => m !== null);
      if (seen) return Promise.resolve(seen);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(null);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), CHILD_DEADLINE_MS);
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    async kill() {
      killed = exit === null;
      child.kill('SIGKILL');
      await closed;
    },
    exited: () => exit,
  };
}

// ------------------------------------------------------------------ checking a database after a kill

/** Columns of a synced table whose values the capture triggers record as ops on insert. */
function capturedColumns(sqlite: Sqlite, table: keyof typeof SYNCED_TABLES): string[] {
  const local: readonly string[] = SYNCED_TABLES[table].localColumns;
  return (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter(
    (c) => c !== SYNC_ROW_ID_COLUMN && !local.includes(c),
  );
}

interface Inspection {
  integrity: string;
  /** Null while the database holds no migrated schema (killed before the migrations committed). */
  patients: Set<string> | null;
  /** Problems of consistency (each a sentence); empty when all is well. */
  problems: string[];
}

function inspect(dataDir: string): Inspection {
  const sqlite = openSqlite(path.join(dataDir, DATABASE_FILE), { key: TEST_KEYS.databaseKey });
  try {
    const integrity = (sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const problems: string[] = [];
    const tableExists = (name: string) => sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
    const applied = tableExists('kysely_migration')
      ? (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[])
      : [];
    const all = Object.keys(migrations).sort();
    // Migrations run in one transaction: all of them or none, never some.
    if (applied.length !== 0 && applied.join() !== all.join()) problems.push(`partly migrated: ${applied.join(', ')}`);
    if (applied.length === 0) {
      if (tableExists('patients')) problems.push('patients table exists but no migration is recorded');
      return { integrity, patients: null, problems };
    }

    const rows = sqlite.prepare('SELECT id, mrn FROM patients').all() as { id: string; mrn: string }[];
    const patients = new Set(rows.map((r) => r.id));
    const expected = capturedColumns(sqlite, 'patients').sort().join();
    const ops = sqlite
      .prepare(`SELECT row_id AS rowId, group_concat(col) AS cols, count(*) AS n FROM (SELECT row_id, col FROM sync_ops WHERE tbl = 'patients' ORDER BY col) GROUP BY row_id`)
      .all() as { rowId: string; cols: string; n: number }[];
    const opsByRow = new Map(ops.map((o) => [o.rowId, o.cols.split(',').sort().join()]));
    for (const id of patients) {
      const cols = opsByRow.get(id);
      if (cols !== expected) problems.push(`patient ${id} has ops for [${cols ?? ''}], expected [${expected}]`);
    }
    for (const id of opsByRow.keys()) if (!patients.has(id)) problems.push(`ops for patient ${id}, which does not exist`);

    // The MRN counter is bumped in the same transaction as each insert (this workstation wrote every row).
    const counter = sqlite.prepare('SELECT mrn_counter FROM workstation').pluck().get() as number | undefined;
    if ((counter ?? 0) !== rows.length) problems.push(`MRN counter ${counter ?? 'absent'} but ${rows.length} patients`);
    const mrns = new Set(rows.map((r) => r.mrn));
    if (mrns.size !== rows.length) problems.push('duplicate MRNs');

    // The external-content FTS index must match the table it indexes.
    try {
      sqlite.prepare(`INSERT INTO patients_fts (patients_fts, rank) VALUES ('integrity-check', 1)`).run();
    } catch (error) {
      problems.push(`search index: ${(error as Error).message}`);
    }
    return { integrity, patients, problems };
  } finally {
    sqlite.close();
  }
}

// ------------------------------------------------------------------ trials

type Kind = 'reuse' | 'fresh-empty' | 'fresh-template' | 'after-fresh';
type Moment = 'during-start' | 'after-ready' | 'after-ack';

describe('crash safety: SIGKILL at random moments', () => {
  it(
    `keeps the database intact and every acknowledged write, in as many trials as fit in ${TRIAL_BUDGET_MS / 1000} s`,
    async ({ task }) => {
      const seed = Date.now() % 1_000_000;
      const random = seededRandom(seed);
      const context = (trial: number, kind: string, moment: string) => `seed ${seed}, trial ${trial} (${kind}, killed ${moment})`;
      const reused = newDataDir(true);
      const acknowledged = new Map<string, Set<string>>([[reused, new Set()]]);
      /** Writes committed but not acknowledged: at most one per kill (the writer has one in flight). */
      const killsPerDir = new Map<string, number>();
      const byKind: Record<string, number> = {};
      /** How long a writer takes to print `ready`, to aim kills into the start-up (WAL recovery, migrations). */
      let startupMs = 1_000;
      let freshDir: string | null = null;
      let trials = 0;
      let totalAcks = 0;
      const started = Date.now();

      while (Date.now() - started < TRIAL_BUDGET_MS) {
        trials += 1;
        let kind: Kind = 'reuse';
        let dir = reused;
        if (freshDir !== null) {
          kind = 'after-fresh';
          dir = freshDir;
          freshDir = null;
        } else if (trials % 6 === 0) {
          kind = (trials / 6) % 2 === 1 ? 'fresh-empty' : 'fresh-template';
          dir = newDataDir(kind === 'fresh-template');
          acknowledged.set(dir, new Set());
          freshDir = dir;
        }
        byKind[kind] = (byKind[kind] ?? 0) + 1;

        const roll = random();
        const moment: Moment = roll < 0.2 ? 'during-start' : roll < 0.6 ? 'after-ready' : 'after-ack';
        const spawnedAt = Date.now();
        const writer = startWriter(dir);
        if (moment === 'during-start') {
          await new Promise((resolve) => setTimeout(resolve, random() * startupMs * 1.1));
        } else {
          const ready = await writer.waitFor(/^ready$/);
          expect(ready, `${context(trials, kind, moment)}: writer never got ready: ${JSON.stringify(writer.exited())}`).not.toBeNull();
          startupMs = 0.8 * startupMs + 0.2 * (Date.now() - spawnedAt);
          if (moment === 'after-ready') {
            await new Promise((resolve) => setTimeout(resolve, random() * 250));
          } else {
            // Right after an ack the next write is usually in flight: a kill mid-burst.
            const nth = 1 + randomInt(random, 60);
            await writer.waitFor(new RegExp(`^ack ${nth} `));
          }
        }
        await writer.kill();
        expect(writer.exited(), `${context(trials, kind, moment)}: the writer exited on its own`).toBeNull();
        killsPerDir.set(dir, (killsPerDir.get(dir) ?? 0) + 1);

        const acks = acknowledged.get(dir)!;
        for (const ack of writer.acks) acks.add(ack.id);
        totalAcks += writer.acks.length;

        const result = inspect(dir);
        const where = context(trials, kind, moment);
        expect(result.integrity, `${where}: integrity_check`).toBe('ok');
        expect(result.problems, `${where}: consistency`).toEqual([]);
        if (result.patients === null) {
          expect(acks.size, `${where}: acknowledged writes but the schema is not there`).toBe(0);
          continue;
        }
        const missing = [...acks].filter((id) => !result.patients!.has(id));
        expect(missing, `${where}: acknowledged writes missing after the kill`).toEqual([]);
        const unacknowledged = result.patients.size - acks.size;
        expect(unacknowledged, `${where}: more committed-but-unacknowledged writes than kills`).toBeLessThanOrEqual(killsPerDir.get(dir)!);
      }

      task.meta.crashTrials = { trials, acknowledged: totalAcks, budgetMs: Date.now() - started, seed, byKind };
      expect(trials, `only ${trials} trials fit in ${TRIAL_BUDGET_MS} ms`).toBeGreaterThanOrEqual(10);
      expect(byKind['fresh-empty'] ?? 0, 'trials on a fresh empty folder').toBeGreaterThanOrEqual(1);
      expect(totalAcks, 'acknowledged writes over all trials').toBeGreaterThan(trials);
    },
    TRIAL_BUDGET_MS + 40_000,
  );
});

describe('crash safety: a write that was not acknowledged', () => {
  it('is absent entirely when the process dies inside its transaction, wherever in it', async () => {
    const dir = newDataDir(true);
    // Clock readings in one patients.create: its created-at time, then one op-log stamp per captured column.
    const readingsPerCreate = 1 + capturedColumnsOf(dir).length;
    const acks = new Set<string>();
    for (let call = 1; call <= readingsPerCreate; call++) {
      const writer = startWriter(dir, ['--stall-in-write', `3:${call}`]);
      const stalled = await writer.waitFor(/^stalled 3$/);
      expect(stalled, `stall at clock reading ${call}: ${JSON.stringify(writer.exited())}`).not.toBeNull();
      await writer.kill();
      for (const ack of writer.acks) acks.add(ack.id);
      expect(writer.acks.map((a) => a.seq)).toEqual([1, 2]);

      const after = inspect(dir);
      expect(after.integrity).toBe('ok');
      expect(after.problems, `killed at clock reading ${call} of write 3`).toEqual([]);
      // Exactly the two acknowledged writes of each run: nothing of the third, not even its MRN number.
      expect([...after.patients!].sort()).toEqual([...acks].sort());
    }
  }, 90_000);

  it('is present entirely when the process dies after the commit but before the acknowledgement', async () => {
    const dir = newDataDir(true);
    const writer = startWriter(dir, ['--stall-after-commit', '4']);
    const committed = await writer.waitFor(/^committed 4 (\S+)$/);
    expect(committed, JSON.stringify(writer.exited())).not.toBeNull();
    await writer.kill();
    expect(writer.acks.map((a) => a.seq)).toEqual([1, 2, 3]);
    const after = inspect(dir);
    expect(after.integrity).toBe('ok');
    expect(after.problems).toEqual([]);
    expect([...after.patients!].sort()).toEqual([...writer.acks.map((a) => a.id), committed![1]!].sort());
  }, 30_000);
});

function capturedColumnsOf(dir: string): string[] {
  const sqlite = openSqlite(path.join(dir, DATABASE_FILE), { key: TEST_KEYS.databaseKey });
  try {
    return capturedColumns(sqlite, 'patients');
  } finally {
    sqlite.close();
  }
}
