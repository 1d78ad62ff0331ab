/**
 * `npm run generate -- --patients N [--data-dir DIR] [--dev-key-file F] [--seed S] [--with-sync-ops]`:
 * fills the data folder's database with realistic synthetic patients and their insurance coverages. The key comes from
 * $CLINIC_MASTER_KEY (or --dev-key-file), as for `npm run clinic`. Progress goes to stderr, one
 * JSON line with the outcome to stdout.
 */
import { openClinicApp } from '../src-main/app';
import { commonFlags, parseCommand } from '../src-main/cli/common';
import { createLogger } from '../src-main/log';
import { generatePatients } from './synthetic/patients';

const USAGE = 'Usage: npm run generate -- --patients N [--data-dir DIR] [--dev-key-file FILE] [--seed S] [--with-sync-ops]';

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    patients: { type: 'string' },
    seed: { type: 'string' },
    'with-sync-ops': { type: 'boolean' },
  });
  const patients = Number(values.patients);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  if (!Number.isSafeInteger(patients) || patients < 1 || !Number.isSafeInteger(seed)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { dataDir, keys } = commonFlags(values);
  const app = await openClinicApp({ dataDir, runtime: 'browser', appVersion: 'generate', keys, logger: createLogger(() => undefined) });
  try {
    const result = generatePatients(app.database, {
      patients,
      seed,
      withSyncOps: values['with-sync-ops'] === true,
      onProgress: (done, total, ms) => {
        process.stderr.write(`generate: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} patients, ${(ms / 1000).toFixed(1)} s\n`);
      },
    });
    process.stdout.write(
      `${JSON.stringify({
        patients: result.patients,
        coverages: result.coverages,
        seconds: result.seconds,
        rows_per_s: result.rowsPerSecond,
        sync_ops: result.syncOps,
        first_mrn: result.firstMrn,
        last_mrn: result.lastMrn,
        seed,
        data_dir: dataDir,
      })}\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`generate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
