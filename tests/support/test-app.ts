import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openClinicApp, type ClinicApp } from '../../src-main/app';
import { fixedClock, type Clock } from '../../src-main/clock';
import { DATABASE_FILE } from '../../src-main/db/clinic-db';
import { createMemoryLogger } from '../../src-main/log';
import { workstationSession } from '../../src-main/rpc/session';
import { TEST_KDF, TEST_KEYS } from './test-keys';

export const TEST_NOW = '2026-03-02T15:04:05.000Z';

export { TEST_KDF, TEST_KEYS } from './test-keys';

/** A fresh data folder holding a copy of the migrated template database. */
export function makeTestDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clinic-test-'));
  copyFileSync(inject('templateDatabase'), path.join(dir, DATABASE_FILE));
  return dir;
}

export interface TestApp extends ClinicApp {
  logs: string[];
  call(method: string, input: unknown): ReturnType<ClinicApp['router']['call']>;
  dispose(): Promise<void>;
}

export async function openTestApp(options: { dataDir?: string; clock?: Clock } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? makeTestDataDir();
  const logger = createMemoryLogger();
  const app = await openClinicApp({
    dataDir,
    runtime: 'browser',
    appVersion: '0.0.0-test',
    clock: options.clock ?? fixedClock(TEST_NOW),
    logger,
    keys: TEST_KEYS,
    kdf: TEST_KDF,
  });
  const session = workstationSession();
  return {
    ...app,
    logs: logger.lines,
    call: (method, input) => app.router.call(method, input, session),
    dispose: async () => {
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const validPatient = {
  givenName: 'Maria',
  familyName: 'Lopez',
  dateOfBirth: '1985-07-14',
  sex: 'female',
  phone: '(617) 555-0142',
  email: 'maria.lopez@example.org',
} as const;
