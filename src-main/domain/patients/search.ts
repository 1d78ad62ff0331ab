import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { nameKey, prefixUpperBound } from '../../../src-shared/patients/name-keys';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { canonicalMrn } from '../../../src-shared/validation/mrn';
import { digitsOnly, toE164 } from '../../../src-shared/validation/phone';
import type { Database } from '../../db/schema';
import { memberKey, memberKeyMatches } from '../coverages/member-key';

/** At most this many full-text matches of a multi-word name query are ranked. */
export const FTS_CANDIDATES = 1_000;

/** Fewer trailing digits than this match too many phones to be a useful search. */
export const MIN_PHONE_DIGITS = 4;

export interface PatientQuery {
  mrn: string | null;
  /** The whole query folded as an insurance member id (member-key.ts), when it looks like one. */
  memberKey: string | null;
  nameTokens: string[];
  /** Each entry is one typed token: a date of birth, last digits of a phone, or either. */
  numberTokens: { dob: string | null; phoneDigits: string | null }[];
}

const NUMBERISH = /^[\d()+./-]+$/;
/** A phone typed with spaces, e.g. "+1 617 555 0142" or "(617) 555 0142". */
const SPACED_PHONE = /^[\d()+.-]+(?:\s+[\d()+.-]+)+$/;

/** Keeps letters, digits and the marks inside names; everything else (quotes, FTS operators, emoji) goes. */
function cleanNameToken(token: string): string {
  return token.replace(/[^\p{L}\p{M}\p{N}'’-]+/gu, '').replace(/^['’-]+|['’-]+$/g, '');
}

/** Shorter runs of letters and digits match too many member ids by chance to be worth a look-up. */
export const MIN_MEMBER_ID_LENGTH = 5;

/**
 * What a member id typed from a card looks like: letters and digits (dashes, spaces, dots and
 * slashes dropped), at least 5, at least one digit, and not an MRN, a date or a whole phone number.
 * A run of digits shorter than a phone number may be either the end of a phone or a member id: both are looked up.
 */
export function memberIdOf(text: string): string | null {
  const key = memberKey(text);
  if (!/^[A-Z0-9]+$/.test(key) || key.length < MIN_MEMBER_ID_LENGTH || key.length > 80 || !/\d/.test(key)) return null;
  if (canonicalMrn(text) || parseDateInput(text)) return null;
  if (/^\d+$/.test(key) && toE164(text) !== null) return null;
  return key;
}

/** Splits what the user typed into a name, date-of-birth, phone, MRN and member id search. */
export function parsePatientQuery(text: string): PatientQuery {
  const trimmed = text.trim();
  const query: PatientQuery = { mrn: canonicalMrn(trimmed), memberKey: memberIdOf(trimmed), nameTokens: [], numberTokens: [] };
  if (SPACED_PHONE.test(trimmed)) {
    const digits = digitsOnly(trimmed);
    if (digits.length >= MIN_PHONE_DIGITS) query.numberTokens.push({ dob: null, phoneDigits: digits });
    return query;
  }
  for (const token of trimmed.split(/[\s,;]+/).filter(Boolean)) {
    const dob = parseDateInput(token);
    if (NUMBERISH.test(token)) {
      const digits = digitsOnly(token);
      const phoneDigits = digits.length >= MIN_PHONE_DIGITS ? digits : null;
      if (dob || phoneDigits) query.numberTokens.push({ dob, phoneDigits });
      continue;
    }
    const name = cleanNameToken(token);
    if (name) query.nameTokens.push(name);
  }
  return query;
}

/** An FTS5 expression that matches every token as a prefix; each token is quoted so nothing in it is an operator. */
export function ftsPrefixExpression(tokens: readonly string[]): string {
  return tokens.map((t) => `"${t.replaceAll('"', '""')}"*`).join(' ');
}

function phoneSuffix(digits: string): Expression<SqlBool> {
  const reversed = [...digits].reverse().join('');
  return sql<SqlBool>`(phone_rev >= ${reversed} AND phone_rev < ${`${reversed}:`})`;
}

/** A name token (as a search key) starts the family key, the given key, or a word inside the name. */
function nameTokenMatches(key: string): Expression<SqlBool> {
  const high = prefixUpperBound(key);
  return sql<SqlBool>`(
    (family_key >= ${key} AND family_key < ${high})
    OR (given_key >= ${key} AND given_key < ${high})
    OR EXISTS (SELECT 1 FROM patient_name_words AS w WHERE w.pk = patients.pk AND w.word >= ${key} AND w.word < ${high})
  )`;
}

/** 0 when every token is a whole word of the name (a full-name match), else 1 (prefixes). */
function prefixRank(keys: readonly string[]): RawBuilder<number> {
  const words = sql`(' ' || replace(family_key, '-', ' ') || ' ' || replace(given_key, '-', ' ') || ' ')`;
  const whole = keys.map((k) => sql`instr(${words}, ${` ${k.replaceAll('-', ' ')} `}) > 0`);
  return sql<number>`(CASE WHEN ${sql.join(whole, sql` AND `)} THEN 0 ELSE 1 END)`;
}

const SUMMARY_COLUMNS = ['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'phone', 'email', 'sex', 'restricted'] as const;
const JOINED_SUMMARY_COLUMNS = SUMMARY_COLUMNS.map((c) => `p.${c}` as const);

/** Results in rank order, each patient once, at most `limit`. */
class Ranked {
  readonly items: PatientSummary[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly limit: number) {}
  get full(): boolean {
    return this.items.length >= this.limit;
  }
  add(rows: readonly PatientSummary[]): void {
    for (const row of rows) {
      if (this.full) return;
      if (this.seen.has(row.id)) continue;
      this.seen.add(row.id);
      this.items.push(row);
    }
  }
}

/**
 * Patients matching what was typed, ranked: the exact MRN, the exact member id of a current or
 * past coverage, then full-name matches, then prefixes;
 * within a rank by family name, given name and date of birth. Every query is answered from an
 * index (see docs/architecture.md, "Patient search"): a single name token reads the first rows of
 * key-index ranges already in display order instead of sorting every match.
 */
export async function searchPatients(
  db: Kysely<Database>,
  { query, limit }: { query: string; limit: number },
): Promise<PatientSummary[]> {
  const parsed = parsePatientQuery(query);
  const ranked = new Ranked(limit);
  if (parsed.mrn) {
    ranked.add(
      await db.selectFrom('patients').select(SUMMARY_COLUMNS).where('mrn', '=', parsed.mrn).where('deletedAt', 'is', null).execute(),
    );
  }
  const member = parsed.memberKey;
  if (member && !ranked.full) {
    ranked.add(
      await db
        .selectFrom('patients')
        .select(SUMMARY_COLUMNS)
        .where('deletedAt', 'is', null)
        .where('id', 'in', (eb) => eb.selectFrom('coverages').select('patientId').where(memberKeyMatches(member)))
        .orderBy('familyKey')
        .orderBy('givenKey')
        .orderBy('dateOfBirth')
        .limit(ranked.limit)
        .execute(),
    );
  }
  const keys = parsed.nameTokens.map(nameKey).filter(Boolean);
  // An MRN typed as one token is nothing else.
  if (parsed.mrn && !/\s/.test(query.trim())) return ranked.items;
  if (keys.length === 0 && parsed.numberTokens.length === 0) return ranked.items;
  if (keys.length === 1 && parsed.numberTokens.length === 0) {
    await searchOneName(db, keys[0]!, ranked);
    return ranked.items;
  }

  let select = db.selectFrom('patients').select(SUMMARY_COLUMNS).where('deletedAt', 'is', null);
  if (parsed.numberTokens.length > 0) {
    // A date of birth (~30 of a million) or the last digits of a phone (~100) lead; names filter those few rows.
    for (const { dob, phoneDigits } of parsed.numberTokens) {
      select = select.where((eb) =>
        eb.or([...(dob ? [eb('dateOfBirth', '=', dob)] : []), ...(phoneDigits ? [phoneSuffix(phoneDigits)] : [])]),
      );
    }
    for (const key of keys) select = select.where(nameTokenMatches(key));
  } else {
    // Several name tokens: FTS5 intersects their prefix lists (usually small), then those rows are
    // ranked. A query so vague that it matches more than FTS_CANDIDATES patients ("a b") is ranked
    // among the first FTS_CANDIDATES matches only: bounded time, and the user types on.
    const match = ftsPrefixExpression(parsed.nameTokens);
    select = select.where(sql<SqlBool>`pk IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ${match} LIMIT ${FTS_CANDIDATES})`);
  }
  const rows = await (keys.length > 0 ? select.orderBy(prefixRank(keys)) : select)
    .orderBy(sql`+family_key`)
    .orderBy(sql`+given_key`)
    .orderBy('dateOfBirth')
    .orderBy('pk')
    .limit(limit)
    .execute();
  ranked.add(rows);
  return ranked.items;
}

/**
 * One name token, the common case ("smi", "okee"): six index ranges in rank order, each read
 * only as far as the results still need — whole family name, whole given name, whole inner word,
 * then the same three as prefixes.
 */
async function searchOneName(db: Kysely<Database>, key: string, ranked: Ranked): Promise<void> {
  const high = prefixUpperBound(key);
  const byFamily = () =>
    db
      .selectFrom('patients')
      .select(SUMMARY_COLUMNS)
      .where('deletedAt', 'is', null)
      .orderBy('familyKey')
      .orderBy('givenKey')
      .orderBy('dateOfBirth')
      .limit(ranked.limit);
  const byGiven = () =>
    db
      .selectFrom('patients')
      .select(SUMMARY_COLUMNS)
      .where('deletedAt', 'is', null)
      .orderBy('givenKey')
      .orderBy('familyKey')
      .orderBy('dateOfBirth')
      .limit(ranked.limit);
  const byInnerWord = () =>
    db
      .selectFrom('patientNameWords as w')
      .innerJoin('patients as p', 'p.pk', 'w.pk')
      .select(JOINED_SUMMARY_COLUMNS)
      .where('p.deletedAt', 'is', null)
      .orderBy('w.word')
      .orderBy('w.familyKey')
      .orderBy('w.givenKey')
      .orderBy('w.pk')
      .limit(ranked.limit);
  const sources = [
    () => byFamily().where('familyKey', '=', key),
    () => byGiven().where('givenKey', '=', key),
    () => byInnerWord().where('w.word', '=', key),
    () => byFamily().where('familyKey', '>', key).where('familyKey', '<', high),
    () => byGiven().where('givenKey', '>', key).where('givenKey', '<', high),
    () => byInnerWord().where('w.word', '>', key).where('w.word', '<', high),
  ];
  for (const source of sources) {
    if (ranked.full) return;
    ranked.add(await source().execute());
  }
}
