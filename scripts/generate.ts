/**
 * `npm run generate -- [--patients N] [--appointment-years Y [--providers P]] [--data-dir DIR] [--dev-key-file F] [--seed S] [--with-sync-ops]`:
 * fills the data folder's database with realistic synthetic patients and their insurance coverages,
 * and (with --appointment-years) a clinic of P providers (default 20) with Y years of bookings up to
 * today plus 90 days ahead, for the patients in the folder. The key comes from $CLINIC_MASTER_KEY
 * (or --dev-key-file), as for `npm run clinic`. Progress goes to stderr, one JSON line with the
 * outcome to stdout.
 */
import { openClinicApp } from '../src-main/app';
import { commonFlags, parseCommand } from '../src-main/cli/common';
import { createLogger } from '../src-main/log';
import { generateAppointments } from './synthetic/appointments';
import { generatePatients } from './synthetic/patients';

const USAGE =
  'Usage: npm run generate -- [--patients N] [--appointment-years Y [--providers P]] [--data-dir DIR] [--dev-key-file FILE] [--seed S] [--with-sync-ops]';

const count = (text: string | boolean | undefined, fallback: number | null): number | null =>
  text === undefined ? fallback : Number.isSafeInteger(Number(text)) && Number(text) >= 1 ? Number(text) : Number.NaN;

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    patients: { type: 'string' },
    'appointment-years': { type: 'string' },
    providers: { type: 'string' },
    seed: { type: 'string' },
    'with-sync-ops': { type: 'boolean' },
  });
  const patients = count(values.patients, null);
  const years = count(values['appointment-years'], null);
  const providers = count(values.providers, 20);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const invalid = [patients, years, providers].some((n) => Number.isNaN(n)) || !Number.isSafeInteger(seed);
  if (invalid || (patients === null && years === null) || (values.providers !== undefined && years === null)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { dataDir, keys } = commonFlags(values);
  const withSyncOps = values['with-sync-ops'] === true;
  const app = await openClinicApp({ dataDir, runtime: 'browser', appVersion: 'generate', keys, logger: createLogger(() => undefined) });
  try {
    const outcome: Record<string, unknown> = {};
    if (patients !== null) {
      const result = generatePatients(app.database, {
        patients,
        seed,
        withSyncOps,
        onProgress: (done, total, ms) => {
          process.stderr.write(`generate: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} patients, ${(ms / 1000).toFixed(1)} s\n`);
        },
      });
      Object.assign(outcome, {
        patients: result.patients,
        coverages: result.coverages,
        seconds: result.seconds,
        rows_per_s: result.rowsPerSecond,
        sync_ops: result.syncOps,
        first_mrn: result.firstMrn,
        last_mrn: result.lastMrn,
      });
    }
    if (years !== null) {
      const result = generateAppointments(app.database, {
        years,
        providers: providers ?? 20,
        seed: seed + 2,
        withSyncOps,
        onProgress: (days, total, appointments, ms) => {
          process.stderr.write(`generate: day ${days} / ${total}, ${appointments.toLocaleString('en-US')} appointments, ${(ms / 1000).toFixed(1)} s\n`);
        },
      });
      Object.assign(outcome, {
        appointments: result.appointments,
        providers: result.providers,
        first_date: result.firstDate,
        last_date: result.lastDate,
        time_zone: result.timeZone,
        appointment_seconds: result.seconds,
        appointment_rows_per_s: result.rowsPerSecond,
        appointment_sync_ops: result.syncOps,
      });
    }
    process.stdout.write(`${JSON.stringify({ ...outcome, seed, data_dir: dataDir })}\n`);
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
