import { rmSync } from 'node:fs';
import type { ClinicApp } from '../../src-main/app';
import { workstationSession } from '../../src-main/rpc/session';
import { generatePatients, syntheticPatientSource, type GenerateResult } from '../../scripts/synthetic/patients';
import { seededRandom } from '../support/seeded-random';
import { openBenchApp, percentile, round, timeEach, withApp, type Benchmark } from './harness';

const MILLION = 1_000_000;
const SEARCH_QUERIES = 1_000;
const NAIVE_QUERIES = 100;
const LIMIT = 20;

/**
 * The million-patient data folder, made once per `npm run bench` (by whichever of
 * patients.generate and patients.search runs first) and removed at the end. Nothing is cached
 * between runs.
 */
let million: { app: ClinicApp; dataDir: string; generated: GenerateResult } | null = null;

async function millionPatients(): Promise<NonNullable<typeof million>> {
  if (million) return million;
  const { app, dataDir } = await openBenchApp('clinic-bench-1m-');
  const generated = generatePatients(app.database, {
    patients: MILLION,
    seed: 42,
    onProgress: (done, total, ms) => process.stderr.write(`bench: generated ${done} / ${total} patients, ${(ms / 1000).toFixed(1)} s\n`),
  });
  million = { app, dataDir, generated };
  return million;
}

export async function disposeMillionPatients(): Promise<void> {
  if (!million) return;
  await million.app.close();
  rmSync(million.dataDir, { recursive: true, force: true });
  million = null;
}

interface Sampled {
  given_name: string;
  family_name: string;
  date_of_birth: string;
  phone: string | null;
  mrn: string;
  email?: string | null;
  member_id?: string | null;
}

const DUPLICATE_QUERIES = 1_000;

/** What the registration form sends while a receptionist types someone who may already be registered: typos, swaps, other phone formats, other case, a member id typed in groups. */
function duplicateQueryMix(patients: readonly Sampled[], random: () => number): Record<string, string>[] {
  const typo = (name: string) => {
    const at = Math.floor(random() * name.length);
    return `${name.slice(0, at)}${name.slice(at + 1)}`;
  };
  const kinds: ((p: Sampled) => Record<string, string> | null)[] = [
    (p) => ({ givenName: p.given_name, familyName: p.family_name, dateOfBirth: p.date_of_birth }),
    (p) => ({ givenName: typo(p.given_name), familyName: p.family_name, dateOfBirth: p.date_of_birth }),
    (p) => ({ givenName: p.family_name, familyName: p.given_name, dateOfBirth: p.date_of_birth }),
    (p) => (p.phone ? { phone: `(${p.phone.slice(2, 5)}) ${p.phone.slice(5, 8)}-${p.phone.slice(8)}` } : null),
    (p) => (p.email ? { email: p.email.toUpperCase() } : null),
    (p) => (p.member_id ? { memberId: p.member_id.toLowerCase().replace(/(.{4})/g, '$1 ') } : null),
    (p) => ({ givenName: p.given_name, familyName: p.family_name, dateOfBirth: p.date_of_birth, ...(p.phone ? { phone: p.phone } : {}), ...(p.email ? { email: p.email } : {}) }),
  ];
  const queries: Record<string, string>[] = [];
  for (let i = 0; queries.length < DUPLICATE_QUERIES; i++) {
    const query = kinds[i % kinds.length]!(patients[i % patients.length]!);
    if (query) queries.push(query);
  }
  return queries;
}

/** What a front desk types: family-name prefixes of 2–4 letters, given + family prefixes, full names, DOBs both ways, last 4 phone digits, MRNs, member ids from a card. */
function queryMix(patients: readonly Sampled[], random: () => number): string[] {
  const kinds: ((p: Sampled) => string | null)[] = [
    (p) => p.family_name.slice(0, 2 + Math.floor(random() * 3)),
    (p) => `${p.given_name.slice(0, 2 + Math.floor(random() * 2))} ${p.family_name.slice(0, 3 + Math.floor(random() * 2))}`,
    (p) => `${p.given_name} ${p.family_name}`,
    (p) => p.date_of_birth,
    (p) => `${p.date_of_birth.slice(5, 7)}/${p.date_of_birth.slice(8)}/${p.date_of_birth.slice(0, 4)}`,
    (p) => (p.phone ? p.phone.slice(-4) : null),
    (p) => (random() < 0.5 ? p.mrn : p.mrn.replaceAll('-', '')),
    (p) => (p.member_id ? `${p.member_id.slice(0, 3)}-${p.member_id.slice(3)}`.toLowerCase() : null),
  ];
  const queries: string[] = [];
  for (let i = 0; queries.length < SEARCH_QUERIES; i++) {
    const query = kinds[i % kinds.length]!(patients[i % patients.length]!);
    if (query) queries.push(query);
  }
  return queries;
}

/** How older practice-management systems search: every typed word LIKE '%…%' over names, phone and MRN, sorted by name. */
function naiveSearch(app: ClinicApp): (query: string) => unknown[] {
  const statements = new Map<number, { all(...params: unknown[]): unknown[] }>();
  return (query) => {
    const words = query.trim().split(/\s+/).filter(Boolean);
    let statement = statements.get(words.length);
    if (!statement) {
      const clause = `(given_name LIKE ? OR family_name LIKE ? OR phone LIKE ? OR mrn LIKE ?)`;
      statement = app.database.sqlite.prepare<unknown[]>(
        `SELECT id, mrn, given_name, family_name, date_of_birth, phone, email, sex, restricted FROM patients
         WHERE deleted_at IS NULL AND ${words.map(() => clause).join(' AND ')}
         ORDER BY family_name, given_name LIMIT ${LIMIT}`,
      );
      statements.set(words.length, statement);
    }
    return statement.all(...words.flatMap((w) => Array<string>(4).fill(`%${w}%`)));
  };
}

export const patientBenchmarks: Benchmark[] = [
  {
    name: 'patients.create',
    run: () =>
      withApp(async (app) => {
        const session = workstationSession();
        const draw = syntheticPatientSource(7);
        const count = 500;
        const started = performance.now();
        for (let i = 0; i < count; i++) {
          const row = draw('unused');
          const input = { givenName: row.given_name, familyName: row.family_name, dateOfBirth: row.date_of_birth, sex: row.sex, phone: row.phone, email: row.email };
          // The duplicate check runs on every create; a synthetic look-alike is then registered anyway, as a receptionist would.
          let result = await app.router.call('patients.create', input, session);
          if (!result.ok && result.error.code === 'CONFLICT') result = await app.router.call('patients.create', { ...input, confirmNewPatient: true }, session);
          if (!result.ok) throw new Error(`create failed: ${result.error.code}`);
        }
        const seconds = (performance.now() - started) / 1000;
        return { creates: count, per_s: Math.round(count / seconds), mean_ms: round((seconds * 1000) / count) };
      }),
  },
  {
    name: 'patients.generate',
    run: async () => {
      const { generated } = await millionPatients();
      return {
        patients: generated.patients,
        coverages: generated.coverages,
        seconds: generated.seconds,
        rows_per_s: generated.rowsPerSecond,
        sync_ops: generated.syncOps,
      };
    },
  },
  {
    name: 'patients.search',
    run: async () => {
      const { app } = await millionPatients();
      const patients = app.database.db;
      const total = Number((await patients.selectFrom('patients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const random = seededRandom(11);
      const pks = Array.from({ length: SEARCH_QUERIES }, () => 1 + Math.floor(random() * total));
      const sampled = app.database.sqlite
        .prepare(
          `SELECT given_name, family_name, date_of_birth, phone, mrn,
                  (SELECT member_id FROM coverages WHERE patient_id = patients.id AND deleted_at IS NULL LIMIT 1) AS member_id
           FROM patients WHERE pk IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(pks)) as Sampled[];
      const queries = queryMix(sampled, random);
      const session = workstationSession();
      const ours = async (query: string) => {
        const result = await app.router.call('patients.search', { query, limit: LIMIT }, session);
        if (!result.ok) throw new Error(`search failed: ${result.error.code}`);
      };
      await timeEach(queries.slice(0, 50), ours); // warm-up
      const times = await timeEach(queries, ours);
      const naive = naiveSearch(app);
      const naiveTimes = await timeEach(
        queries.filter((_, i) => i % (SEARCH_QUERIES / NAIVE_QUERIES) === 0),
        (query) => naive(query),
      );
      const p95 = percentile(times, 95);
      const naiveP95 = percentile(naiveTimes, 95);
      return {
        patients: total,
        queries: queries.length,
        p50_ms: round(percentile(times, 50)),
        p95_ms: round(p95),
        p99_ms: round(percentile(times, 99)),
        naive_p95_ms: round(naiveP95),
        speedup: Math.round(naiveP95 / p95),
      };
    },
  },
  {
    name: 'patients.duplicates',
    run: async () => {
      const { app } = await millionPatients();
      const total = Number(app.database.sqlite.prepare('SELECT count(*) FROM patients').pluck().get());
      const random = seededRandom(13);
      const pks = Array.from({ length: DUPLICATE_QUERIES }, () => 1 + Math.floor(random() * total));
      const sampled = app.database.sqlite
        .prepare(
          `SELECT given_name, family_name, date_of_birth, phone, email, mrn,
                  (SELECT member_id FROM coverages WHERE patient_id = patients.id AND deleted_at IS NULL LIMIT 1) AS member_id
           FROM patients WHERE pk IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(pks)) as Sampled[];
      const queries = duplicateQueryMix(sampled, random);
      const session = workstationSession();
      let found = 0;
      const check = async (input: Record<string, string>) => {
        const result = await app.router.call('patients.findDuplicates', input, session);
        if (!result.ok) throw new Error(`findDuplicates failed: ${result.error.code}`);
        if ((result.value as { items: unknown[] }).items.length > 0) found += 1;
      };
      await timeEach(queries.slice(0, 50), check); // warm-up
      found = 0;
      const times = await timeEach(queries, check);
      return {
        patients: total,
        queries: queries.length,
        found_pct: Math.round((found / queries.length) * 100),
        p50_ms: round(percentile(times, 50)),
        p95_ms: round(percentile(times, 95)),
        p99_ms: round(percentile(times, 99)),
      };
    },
  },
];
