import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { canonicalMrn } from '../../../src-shared/validation/mrn';
import { digitsOnly } from '../../../src-shared/validation/phone';
import type { Database } from '../../db/schema';

/** Fewer trailing digits than this match too many phones to be a useful search. */
export const MIN_PHONE_DIGITS = 4;

export interface PatientQuery {
  mrn: string | null;
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

/** Splits what the user typed into a name, date-of-birth, phone and MRN search. */
export function parsePatientQuery(text: string): PatientQuery {
  const trimmed = text.trim();
  const query: PatientQuery = { mrn: canonicalMrn(trimmed), nameTokens: [], numberTokens: [] };
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

const SUMMARY_COLUMNS = ['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'phone', 'email', 'sex', 'restricted'] as const;

export async function searchPatients(
  db: Kysely<Database>,
  { query, limit }: { query: string; limit: number },
): Promise<PatientSummary[]> {
  const parsed = parsePatientQuery(query);
  const results: PatientSummary[] = [];
  if (parsed.mrn) {
    const exact = await db
      .selectFrom('patients')
      .select(SUMMARY_COLUMNS)
      .where('mrn', '=', parsed.mrn)
      .where('deletedAt', 'is', null)
      .execute();
    results.push(...exact);
  }
  if (parsed.nameTokens.length === 0 && parsed.numberTokens.length === 0) return results.slice(0, limit);

  let select = db.selectFrom('patients').select(SUMMARY_COLUMNS).where('deletedAt', 'is', null);
  if (parsed.nameTokens.length > 0) {
    const match = ftsPrefixExpression(parsed.nameTokens);
    select = select.where(sql<SqlBool>`pk IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ${match})`);
  }
  for (const { dob, phoneDigits } of parsed.numberTokens) {
    select = select.where((eb) =>
      eb.or([
        ...(dob ? [eb('dateOfBirth', '=', dob)] : []),
        ...(phoneDigits ? [phoneSuffix(phoneDigits)] : []),
      ]),
    );
  }
  const rows = await select
    .orderBy(sql`family_name COLLATE NOCASE`)
    .orderBy(sql`given_name COLLATE NOCASE`)
    .orderBy('dateOfBirth')
    .limit(limit + results.length)
    .execute();
  const seen = new Set(results.map((r) => r.id));
  return [...results, ...rows.filter((r) => !seen.has(r.id))].slice(0, limit);
}
