/**
 * A child process that starts Clinic Office on a data folder the way app.ts does (a restore
 * scheduled for this start, then the database: refusal of a newer one, the backup before an
 * upgrade, the upgrade), for the tests that must run it under a file-size limit or kill it:
 *
 *   node --import tsx tests/integration/upgrades/start-app.ts DATA_DIR [--stall-in-migration]
 *
 * Prints one line: `opened <applied migrations, comma-separated>`, or `refused <error name>`
 * followed by the error's message on the next line (exit code 3). --stall-in-migration appends a
 * migration that prints `migrating` once every real pending migration has run inside the upgrade
 * transaction, then blocks the process until it is killed.
 */
import { writeSync } from 'node:fs';
import { migrations } from '../../../migrations';
import { fixedClock } from '../../../src-main/clock';
import { openClinicDatabase } from '../../../src-main/db/clinic-db';
import { startBackups } from '../../../src-main/domain/backups/service';
import { createLogger } from '../../../src-main/log';
import { TEST_KDF, TEST_KEYS } from '../../support/test-keys';

const [dataDir, flag] = process.argv.slice(2);
if (!dataDir) {
  writeSync(2, 'usage: start-app.ts DATA_DIR [--stall-in-migration]\n');
  process.exit(2);
}
const line = (text: string) => writeSync(1, `${text}\n`);

const stall = {
  up: async () => {
    line('migrating');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
};
const list = flag === '--stall-in-migration' ? { ...migrations, '9999_stall_for_kill': stall } : migrations;

const clock = fixedClock('2026-04-01T09:00:00.000Z');
const logger = createLogger((text) => writeSync(2, text));
try {
  const startup = await startBackups({ dataDir, keys: TEST_KEYS, clock, logger, appVersion: '2.0.0-test', kdf: TEST_KDF });
  const database = await openClinicDatabase({ dataDir, clock, databaseKey: TEST_KEYS.databaseKey, migrations: list, beforeMigrate: startup.beforeMigrate });
  line(`opened ${database.migration.applied.join(',')}`);
  await database.close();
} catch (error) {
  line(`refused ${error instanceof Error ? error.name : typeof error}`);
  line(error instanceof Error ? error.message : String(error));
  process.exit(3);
}
