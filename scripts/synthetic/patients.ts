/**
 * Realistic synthetic patients, fast: name pools come from @faker-js/faker's locale data (a US
 * clinic's mix of English, Spanish, Vietnamese, Indian, Yoruba, Polish, French, … names, with
 * accents, apostrophes, hyphens and two-word names); the values are drawn with a seeded PRNG, so a
 * run is reproducible and costs about a microsecond per field instead of faker's per-call cost.
 */
import {
  fakerDE,
  fakerEN_IN,
  fakerEN_US,
  fakerES_MX,
  fakerFR,
  fakerIT,
  fakerNL,
  fakerPL,
  fakerPT_BR,
  fakerTR,
  fakerVI,
  fakerYO_NG,
  type Faker,
} from '@faker-js/faker';
import type { ClinicDatabase } from '../../src-main/db/clinic-db';
import { nameKey } from '../../src-shared/patients/name-keys';
import { formatMrn } from '../../src-shared/validation/mrn';
import { toE164 } from '../../src-shared/validation/phone';
import { seededRandom } from '../../tests/support/seeded-random';
import { bulkLoad } from './bulk-load';
import { bulkUuidV7 } from './ids';
import { SYNTHETIC_PAYERS, syntheticCoverageSource, type SyntheticCoverageRow } from './coverages';

type Sex = 'female' | 'male' | 'other' | 'unknown';

interface NamePools {
  female: string[];
  male: string[];
  family: string[];
}

/** Locales and their share of patients. */
const LOCALES: [Faker, number][] = [
  [fakerEN_US, 52],
  [fakerES_MX, 20],
  [fakerVI, 4],
  [fakerEN_IN, 4],
  [fakerYO_NG, 3],
  [fakerPT_BR, 3],
  [fakerPL, 3],
  [fakerFR, 3],
  [fakerIT, 2],
  [fakerDE, 2],
  [fakerTR, 2],
  [fakerNL, 2],
];

const LATIN_NAME = /^[\p{Script=Latin}' -]{1,60}$/u;

function poolsOf(faker: Faker): NamePools {
  const person = faker.definitions.person as {
    first_name?: { generic?: string[]; female?: string[]; male?: string[] };
    last_name?: { generic?: string[]; female?: string[]; male?: string[] };
  };
  const clean = (list: readonly string[] | undefined) => [...new Set((list ?? []).filter((n) => LATIN_NAME.test(n)))];
  const generic = person.first_name?.generic ?? [];
  const female = clean([...(person.first_name?.female ?? []), ...generic]);
  const male = clean([...(person.first_name?.male ?? []), ...generic]);
  const family = clean([...(person.last_name?.generic ?? []), ...(person.last_name?.female ?? []), ...(person.last_name?.male ?? [])]);
  return { female, male, family };
}

/** Given names for the subscriber of a child's or spouse's coverage. */
function subscriberGivenNames(): string[] {
  const { female, male } = poolsOf(fakerEN_US);
  return [...female, ...male];
}

/** Valid US area codes (checked once with the same phone validation the app uses). */
function usAreaCodes(): string[] {
  const codes: string[] = [];
  for (let a = 200; a <= 999; a++) {
    if (toE164(`+1${a}2345678`) !== null && toE164(`+1${a}8675309`) !== null) codes.push(String(a));
  }
  return codes;
}

export interface SyntheticPatientRow {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  sex: Sex;
  phone: string | null;
  email: string | null;
  created_at: string;
  updated_at: string;
}

const DAY_MS = 86_400_000;
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

/** Draws patients; `next(mrn)` returns one row. */
export function syntheticPatientSource(seed: number, now: Date = new Date()): (mrn: string) => SyntheticPatientRow {
  const random = seededRandom(seed);
  const newId = bulkUuidV7();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const locales = LOCALES.map(([faker, weight]) => ({ pools: poolsOf(faker), weight })).filter(
    (l) => l.pools.family.length > 0 && l.pools.female.length > 0 && l.pools.male.length > 0,
  );
  const totalWeight = locales.reduce((sum, l) => sum + l.weight, 0);
  const pickLocale = (): NamePools => {
    let r = random() * totalWeight;
    for (const l of locales) if ((r -= l.weight) < 0) return l.pools;
    return locales[0]!.pools;
  };
  const areaCodes = usAreaCodes();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const oldest = Date.UTC(1920, 0, 1);
  const stamp = now.toISOString();
  const emailPartCache = new Map<string, string>();
  const emailPart = (name: string): string => {
    let part = emailPartCache.get(name);
    if (part === undefined) emailPartCache.set(name, (part = nameKey(name).replace(/[^a-z0-9]+/g, '')));
    return part;
  };
  let serial = 0;
  return (mrn) => {
    serial++;
    const pools = pickLocale();
    const r = random();
    const sex: Sex = r < 0.49 ? 'female' : r < 0.98 ? 'male' : r < 0.99 ? 'other' : 'unknown';
    const given = pick(sex === 'male' || (sex !== 'female' && random() < 0.5) ? pools.male : pools.female);
    let family = pick(pools.family);
    if (random() < 0.04) family = `${family}-${pick(pickLocale().family)}`;
    // Ages: roughly flat to 65, thinner after.
    const age = random() < 0.8 ? random() * 65 : 65 + random() * 35;
    const dob = new Date(Math.max(oldest, today - Math.floor(age * 365.25) * DAY_MS)).toISOString().slice(0, 10);
    const phone =
      random() < 0.92
        ? `+1${pick(areaCodes)}${2 + Math.floor(random() * 8)}${String(Math.floor(random() * 100)).padStart(2, '0')}${String(Math.floor(random() * 10000)).padStart(4, '0')}`
        : null;
    const [user, host] = [emailPart(given), emailPart(family)];
    const local = `${user}.${host}`;
    const email = random() < 0.7 && user && host ? `${local}${serial % 1000}@${pick(EMAIL_DOMAINS)}` : null;
    return {
      id: newId(),
      mrn,
      given_name: given,
      family_name: family,
      date_of_birth: dob,
      sex,
      phone,
      email,
      created_at: stamp,
      updated_at: stamp,
    };
  };
}

export interface GenerateOptions {
  patients: number;
  seed?: number;
  /** Record sync ops for the generated rows (11 per patient) instead of loading them as local data. */
  withSyncOps?: boolean;
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
}

export interface GenerateResult {
  patients: number;
  coverages: number;
  seconds: number;
  rowsPerSecond: number;
  syncOps: number;
  firstMrn: string | null;
  lastMrn: string | null;
}

/**
 * What a new patients row gets from triggers, which the bulk load does itself with the same SQL
 * functions: the trigger names it knows (see bulkLoad).
 */
const DERIVING_INSERT_TRIGGERS = ['patients_fts_insert', 'patients_phone_rev_insert', 'patients_name_keys_insert'];
const CAPTURE_INSERT_TRIGGERS = ['patients_capture_insert', 'coverages_capture_insert'];
/** The tables the load fills in bulk (payers are a handful of rows, inserted as usual). */
const LOADED_TABLES = ['patients', 'patient_name_words', 'coverages'];
const COVERAGE_COLUMNS = [
  'id',
  'patient_id',
  'payer_id',
  'rank',
  'member_id',
  'group_number',
  'subscriber_relationship',
  'subscriber_given_name',
  'subscriber_family_name',
  'subscriber_date_of_birth',
  'effective_from',
  'effective_to',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof SyntheticCoverageRow)[];

/** The stored payers' ids in `SYNTHETIC_PAYERS` order: found by name, else added. */
function syntheticPayerIds(sqlite: ClinicDatabase['sqlite'], stamp: string): string[] {
  const find = sqlite.prepare('SELECT id FROM payers WHERE name = ? AND deleted_at IS NULL').pluck();
  const insert = sqlite.prepare('INSERT INTO payers (id, name, edi_payer_id, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)');
  const newId = bulkUuidV7();
  return SYNTHETIC_PAYERS.map((payer) => {
    const existing = find.get(payer.name) as string | undefined;
    if (existing) return existing;
    const id = newId();
    insert.run(id, payer.name, payer.ediPayerId, stamp, stamp);
    return id;
  });
}

/**
 * Bulk-loads synthetic patients and their coverages in one transaction (bulkLoad): rows are
 * inserted with the trigger-derived columns computed by the same SQL functions the triggers
 * call, then the inner-name words are derived from the rows and the FTS5 index is rebuilt once.
 * MRNs are this workstation's, and its counter moves past them. Change capture is off for the
 * load unless asked for (see README).
 */
export function generatePatients(database: ClinicDatabase, options: GenerateOptions): GenerateResult {
  const { sqlite } = database;
  const total = options.patients;
  const seed = options.seed ?? 1;
  const next = syntheticPatientSource(seed);
  const progressEvery = 50_000;
  const countOf = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const opsBefore = countOf('sync_ops');
  const coveragesBefore = countOf('coverages');
  const started = performance.now();
  const plan = { tables: LOADED_TABLES, derivingTriggers: DERIVING_INSERT_TRIGGERS, captureTriggers: CAPTURE_INSERT_TRIGGERS, withSyncOps: options.withSyncOps === true };
  const mrns = bulkLoad(database, plan, () => {
    const { code, mrn_counter: startCounter } = sqlite.prepare('SELECT code, mrn_counter FROM workstation').get() as {
      code: string;
      mrn_counter: number;
    };
    const stamp = new Date().toISOString();
    const coveragesOf = syntheticCoverageSource(seed + 1, syntheticPayerIds(sqlite, stamp), subscriberGivenNames());
    // Positional parameters: a third faster than named ones, over a million rows.
    const insertCoverage = sqlite.prepare(
      `INSERT INTO coverages (${COVERAGE_COLUMNS.join(', ')}) VALUES (${COVERAGE_COLUMNS.map(() => '?').join(', ')})`,
    );

    const firstNewPk = ((sqlite.prepare('SELECT max(pk) FROM patients').pluck().get() as number | null) ?? 0) + 1;
    const insert = sqlite.prepare(
      `INSERT INTO patients (id, mrn, given_name, family_name, date_of_birth, sex, phone, phone_rev, email, restricted,
                             created_at, updated_at, deleted_at, family_key, given_key)
       VALUES (@id, @mrn, @given_name, @family_name, @date_of_birth, @sex, @phone, clinic_reverse_digits(@phone), @email, NULL,
               @created_at, @updated_at, NULL, clinic_name_key(@family_name), clinic_name_key(@given_name))`,
    );
    for (let i = 1; i <= total; i++) {
      const patient = next(formatMrn(code, startCounter + i));
      insert.run(patient);
      for (const coverage of coveragesOf(patient)) insertCoverage.run(COVERAGE_COLUMNS.map((column) => coverage[column]));
      if (i % progressEvery === 0 || i === total) options.onProgress?.(i, total, performance.now() - started);
    }
    sqlite
      .prepare(
        `INSERT INTO patient_name_words (word, family_key, given_key, pk)
         SELECT w.value, p.family_key, p.given_key, p.pk
         FROM patients AS p, json_each(clinic_inner_name_words(p.given_name, p.family_name)) AS w WHERE p.pk >= ?`,
      )
      .run(firstNewPk);
    // FTS5 built once from the rows: per-row inserts into a growing index cost several times more.
    sqlite.exec(`INSERT INTO patients_fts (patients_fts) VALUES ('rebuild')`);
    if (sqlite.prepare('UPDATE workstation SET mrn_counter = ? WHERE mrn_counter = ?').run(startCounter + total, startCounter).changes !== 1) {
      throw new Error('The MRN counter moved during the load');
    }
    return { code, startCounter };
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    patients: total,
    coverages: countOf('coverages') - coveragesBefore,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(total / seconds),
    syncOps: countOf('sync_ops') - opsBefore,
    firstMrn: total > 0 ? formatMrn(mrns.code, mrns.startCounter + 1) : null,
    lastMrn: total > 0 ? formatMrn(mrns.code, mrns.startCounter + total) : null,
  };
}
