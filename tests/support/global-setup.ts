import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src-main/db/migrate';
import { createKysely, openSqlite } from '../../src-main/db/open';
import { createCaptureState, registerCaptureFunctions } from '../../src-main/sync/capture';
import { TEST_KEYS } from './test-keys';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database per run; tests copy it instead of migrating again. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clinic-template-'));
  const file = path.join(dir, 'clinic.db');
  const sqlite = openSqlite(file, { key: TEST_KEYS.databaseKey });
  registerCaptureFunctions(sqlite, createCaptureState());
  const db = createKysely(sqlite);
  await migrateToLatest(db, sqlite, { backupDir: path.join(dir, 'backups'), now: () => new Date() });
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await db.destroy();
  project.provide('templateDatabase', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
