/**
 * Issue 8, upgrade safety, with a real process: a start whose pre-upgrade backup cannot be written
 * (the disk is full: a file-size limit on the child process makes every write past it fail with
 * EFBIG, as a full disk fails with ENOSPC) stops with a clear message and changes nothing; a start
 * killed (SIGKILL) in the middle of its migrations leaves the old database and the backup made
 * before it intact, and the next start upgrades normally.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../src-main/db/clinic-db';
import { openWithKey } from '../../../src-main/db/open';
import { verifyBackup } from '../../../src-main/domain/backups/format';
import { TEST_KEYS } from '../../support/test-app';
import { databaseHash, FAMILY_NAMES, MIGRATION_NAMES, oldDataDir, removeTempDirs } from './support';

afterEach(removeTempDirs);

const SCRIPT = path.join(import.meta.dirname, 'start-app.ts');
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
/** A child that has neither printed what the test waits for nor exited by then is stuck. */
const CHILD_DEADLINE_MS = 30_000;

interface Child {
  /** Resolves with the stdout lines once LINE has been printed, or the child has exited. */
  until(line: string): Promise<string[]>;
  /** Every stdout line, once the child has exited. */
  output(): Promise<string[]>;
  exitCode(): Promise<number | null>;
  kill(): void;
}

/** The start-up script, under a file-size limit (bytes) if given, via sh's ulimit (512-byte blocks). */
function startChild(dataDir: string, options: { fileSizeLimit?: number; stall?: boolean } = {}): Child {
  const args = ['--import', 'tsx', SCRIPT, dataDir, ...(options.stall ? ['--stall-in-migration'] : [])];
  const child =
    options.fileSizeLimit === undefined
      ? spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', `ulimit -f ${Math.floor(options.fileSizeLimit / 512)} && exec "$0" "$@"`, process.execPath, ...args], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  const lines: string[] = [];
  let rest = '';
  const watchers: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
    for (const watch of watchers) watch();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = setTimeout(() => child.kill('SIGKILL'), CHILD_DEADLINE_MS);
  void closed.then(() => clearTimeout(deadline));
  return {
    until: (line) =>
      new Promise((resolve) => {
        const check = () => lines.includes(line) && resolve(lines);
        watchers.push(check);
        check();
        void closed.then(() => resolve(lines));
      }),
    output: () => closed.then(() => lines),
    exitCode: () => closed,
    kill: () => child.kill('SIGKILL'),
  };
}

function appliedMigrations(dataDir: string): string[] {
  const sqlite = openWithKey(path.join(dataDir, DATABASE_FILE), { key: TEST_KEYS.databaseKey, readonly: true });
  try {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.prepare('SELECT family_name FROM patients ORDER BY family_name').pluck().all()).toEqual(FAMILY_NAMES);
    return sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[];
  } finally {
    sqlite.close();
  }
}

describe('an upgrade that cannot finish', () => {
  it('stops the start with a clear message, changing nothing, when the disk is full during the pre-upgrade backup', async () => {
    const old = await oldDataDir({ count: 4, backups: 'folder' });
    const before = databaseHash(old.dataDir);
    const size = statSync(path.join(old.dataDir, DATABASE_FILE)).size;
    expect(size).toBeGreaterThan(128 * 1024);

    // Room for small files (the -shm index is 32 KiB) but not for a copy of the database.
    const full = startChild(old.dataDir, { fileSizeLimit: 64 * 1024 });
    expect(await full.exitCode()).toBe(3);
    const [outcome, message] = await full.output();
    expect(outcome).toBe('refused UpgradeBackupError');
    // SQLite reports the refused write as SQLITE_IOERR_WRITE (a full disk as SQLITE_FULL): both name the disk.
    expect(message).toMatch(/\((the disk is full|writing to the disk failed: it may be full or failing)\)/);
    expect(message).toContain('The database was not changed');

    expect(databaseHash(old.dataDir)).toBe(before);
    expect(appliedMigrations(old.dataDir)).toEqual(MIGRATION_NAMES.slice(0, 4));
    expect(readdirSync(old.folder!)).toEqual([]); // the half-written backup was removed

    // With room again, the same start upgrades after its backup.
    const roomy = startChild(old.dataDir);
    expect(await roomy.exitCode()).toBe(0);
    expect((await roomy.output())[0]).toBe(`opened ${MIGRATION_NAMES.slice(4).join(',')}`);
    expect(appliedMigrations(old.dataDir)).toEqual(MIGRATION_NAMES);
  });

  it('leaves the old database and its backup intact when killed in the middle of the migrations', async () => {
    const old = await oldDataDir({ count: 2, backups: 'folder' });
    const before = databaseHash(old.dataDir);

    const child = startChild(old.dataDir, { stall: true });
    // Printed once every real pending migration has run inside the (uncommitted) upgrade transaction.
    expect(await child.until('migrating')).toContain('migrating');
    child.kill();
    expect(await child.exitCode()).toBeNull();

    // The main file never saw the uncommitted upgrade; opening it rolls the WAL's partial work back.
    expect(databaseHash(old.dataDir)).toBe(before);
    expect(appliedMigrations(old.dataDir)).toEqual(MIGRATION_NAMES.slice(0, 2));
    const backups = readdirSync(old.folder!);
    expect(backups).toHaveLength(1);
    const verified = await verifyBackup(path.join(old.folder!, backups[0]!), { recoveryKey: old.recoveryKey! });
    expect(verified.manifest).toMatchObject({ reason: 'pre-migration', schemaVersion: MIGRATION_NAMES[1], counts: { patients: FAMILY_NAMES.length } });

    const again = startChild(old.dataDir);
    expect(await again.exitCode()).toBe(0);
    expect(appliedMigrations(old.dataDir)).toEqual(MIGRATION_NAMES);
  });
});
