/**
 * `npm run bench [-- NAME]`: one JSON line per benchmark on stdout; NAME runs only those whose
 * name starts with it. Never part of `npm test`: timings belong here, not in assertions.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openClinicApp, type ClinicApp } from '../../src-main/app';
import { createLogger } from '../../src-main/log';
import { workstationSession } from '../../src-main/rpc/session';
import { patientCreateInput } from '../../src-shared/patients/schema';
import { createPatient } from '../../src-main/domain/patients/service';
import { systemClock } from '../../src-main/clock';
import { deriveClinicKeys } from '../../src-main/security/keys';
import { seededRandom } from '../support/seeded-random';
import { syntheticPatient } from './synthetic-patients';

interface Benchmark {
  name: string;
  run(): Promise<Record<string, number | string>>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

async function withApp<T>(fn: (app: ClinicApp) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-bench-'));
  const app = await openClinicApp({ dataDir, runtime: 'browser', appVersion: 'bench', logger: createLogger(() => undefined), keys: deriveClinicKeys(randomBytes(32)) });
  try {
    return await fn(app);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function fillPatients(app: ClinicApp, count: number): Promise<void> {
  const random = seededRandom(42);
  const batch = 5_000;
  for (let start = 0; start < count; start += batch) {
    await app.database.db.transaction().execute(async (trx) => {
      for (let i = start; i < Math.min(count, start + batch); i++) {
        await createPatient(trx, systemClock, patientCreateInput.parse(syntheticPatient(random, i)));
      }
    });
  }
}

const CLINIC_PATIENTS = 50_000;

const benchmarks: Benchmark[] = [
  {
    name: 'patients.create',
    run: () =>
      withApp(async (app) => {
        const session = workstationSession();
        const random = seededRandom(7);
        const count = 500;
        const started = performance.now();
        for (let i = 0; i < count; i++) {
          const result = await app.router.call('patients.create', syntheticPatient(random, i), session);
          if (!result.ok) throw new Error(`create failed: ${result.error.code}`);
        }
        const seconds = (performance.now() - started) / 1000;
        return { creates: count, per_s: Math.round(count / seconds), mean_ms: round((seconds * 1000) / count) };
      }),
  },
  {
    name: 'patients.search',
    run: () =>
      withApp(async (app) => {
        await fillPatients(app, CLINIC_PATIENTS);
        const session = workstationSession();
        const sample = await app.database.db.selectFrom('patients').select(['givenName', 'familyName', 'dateOfBirth', 'phone', 'mrn']).orderBy('pk').limit(200).execute();
        const queries = sample.flatMap((p, i) => [
          p.familyName.slice(0, 3),
          `${p.givenName.slice(0, 2)} ${p.familyName.slice(0, 4)}`,
          i % 2 ? p.dateOfBirth : `${p.dateOfBirth.slice(5, 7)}/${p.dateOfBirth.slice(8)}/${p.dateOfBirth.slice(0, 4)}`,
          (p.phone ?? '').slice(-4),
          p.mrn.replaceAll('-', ''),
        ]);
        const times: number[] = [];
        for (const query of queries) {
          const started = performance.now();
          const result = await app.router.call('patients.search', { query, limit: 20 }, session);
          times.push(performance.now() - started);
          if (!result.ok) throw new Error(`search failed: ${result.error.code}`);
        }
        times.sort((a, b) => a - b);
        return {
          patients: CLINIC_PATIENTS,
          queries: queries.length,
          p50_ms: round(percentile(times, 50)),
          p95_ms: round(percentile(times, 95)),
          p99_ms: round(percentile(times, 99)),
        };
      }),
  },
];

const filter = process.argv[2] ?? '';
for (const benchmark of benchmarks.filter((b) => b.name.startsWith(filter))) {
  const result = await benchmark.run();
  process.stdout.write(`${JSON.stringify({ bench: benchmark.name, ...result })}\n`);
}
