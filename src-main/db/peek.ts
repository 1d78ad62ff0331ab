import { existsSync, rmSync, statSync } from 'node:fs';
import { openWithKey } from './open';

/**
 * The names of the migrations a database file has applied, read through a read-only connection so
 * that the file is not written at all (a read-write open would set WAL mode, and closing would
 * checkpoint). SQLite creates empty -wal and -shm files beside a WAL database even for a read-only
 * connection; those it created here are removed again, so the folder is left as it was found.
 * Null when there is no database file yet.
 */
export function appliedMigrationsOf(file: string, options: { key?: Buffer | undefined; nativeBinding?: string | undefined }): string[] | null {
  if (!existsSync(file)) return null;
  const sidecars = [`${file}-wal`, `${file}-shm`];
  const existedBefore = sidecars.map((f) => existsSync(f));
  const sqlite = openWithKey(file, { key: options.key, nativeBinding: options.nativeBinding, readonly: true });
  try {
    const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
    return table === undefined ? [] : (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[]);
  } finally {
    sqlite.close();
    const [wal] = sidecars;
    const createdEmptyWal = !existedBefore[0] && existsSync(wal!) && statSync(wal!).size === 0;
    if (createdEmptyWal) {
      for (const [i, sidecar] of sidecars.entries()) if (!existedBefore[i]) rmSync(sidecar, { force: true });
    }
  }
}
