/**
 * The process the crash-safety test kills (SIGKILL). It opens a data folder through the real app
 * stack (raw database key, so no key derivation runs) and creates patients through the router — the
 * same write path the UI uses — printing one line to stdout after each committed write:
 *
 *   ready                   the database is open (recovered, migrated if it was new)
 *   ack <seq> <patientId>   patients.create <seq> returned ok: the write is acknowledged
 *   stalled <seq>           (--stall-in-write) blocked inside write <seq>'s transaction
 *   committed <seq> <id>    (--stall-after-commit) write <seq> committed, then blocked before its ack
 *
 *   node --import tsx tests/integration/crash/writer.ts DATA_DIR [--stall-in-write SEQ:CALL | --stall-after-commit SEQ]
 *
 * Writes come in bursts of 1–20 with short idle gaps between them, so a kill lands sometimes
 * mid-burst, sometimes between bursts. Lines go out with writeSync: written before the next write
 * starts, never lost in a buffer when the kill comes.
 * --stall-in-write SEQ:CALL blocks the whole process (Atomics.wait) at the CALL-th clock reading of
 * write SEQ: reading 1 is its created-at time (the MRN counter is already bumped), readings 2… are
 * the op-log timestamps the capture triggers take while inserting the row's ops.
 */
import { writeSync } from 'node:fs';
import { openClinicApp } from '../../../src-main/app';
import { systemClock, type Clock } from '../../../src-main/clock';
import { createLogger } from '../../../src-main/log';
import { workstationSession } from '../../../src-main/rpc/session';
import { TEST_KDF, TEST_KEYS } from '../../support/test-keys';

const [dataDir, ...options] = process.argv.slice(2);
if (!dataDir) {
  writeSync(2, 'usage: writer.ts DATA_DIR [--stall-in-write SEQ:CALL | --stall-after-commit SEQ]\n');
  process.exit(2);
}

function option(name: string): string | undefined {
  const index = options.indexOf(name);
  return index >= 0 ? options[index + 1] : undefined;
}

const [stallSeq, stallCall] = (option('--stall-in-write') ?? '').split(':').map(Number);
const stallAfterCommit = Number(option('--stall-after-commit') ?? NaN);

const line = (text: string) => writeSync(1, `${text}\n`);
const blockForever = (): never => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  throw new Error('unreachable');
};

let currentSeq = 0;
let clockReadings = 0;
const clock: Clock = {
  now() {
    if (currentSeq === stallSeq) {
      clockReadings += 1;
      if (clockReadings === stallCall) {
        line(`stalled ${currentSeq}`);
        blockForever();
      }
    }
    return systemClock.now();
  },
};

const app = await openClinicApp({
  dataDir,
  runtime: 'browser',
  appVersion: '0.0.0-crash-test',
  clock,
  logger: createLogger((text) => writeSync(2, text)),
  keys: TEST_KEYS,
  kdf: TEST_KDF,
});
const session = workstationSession();
line('ready');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (;;) {
  const burst = 1 + Math.floor(Math.random() * 20);
  for (let i = 0; i < burst; i++) {
    currentSeq += 1;
    const result = await app.router.call(
      'patients.create',
      { givenName: `Crash${currentSeq}`, familyName: `Writer${process.pid}`, dateOfBirth: '1980-01-01', sex: 'unknown', confirmNewPatient: true },
      session,
    );
    if (!result.ok) {
      writeSync(2, `patients.create ${currentSeq} failed: ${result.error.code} ${result.error.message}\n`);
      process.exit(1);
    }
    const { id } = result.value as { id: string };
    if (currentSeq === stallAfterCommit) {
      line(`committed ${currentSeq} ${id}`);
      blockForever();
    }
    line(`ack ${currentSeq} ${id}`);
  }
  await sleep(Math.floor(Math.random() * 15));
}
