import { doubleMetaphone } from 'double-metaphone';
import { distance } from 'fastest-levenshtein';
import { sql, type Kysely, type SqlBool } from 'kysely';
import { nameKey } from '../../../src-shared/patients/name-keys';
import {
  DUPLICATE_REASONS,
  dateOfBirthSchema,
  type DuplicateCandidate,
  type DuplicateReason,
} from '../../../src-shared/patients/schema';
import { toE164 } from '../../../src-shared/validation/phone';
import type { Database } from '../../db/schema';
import { memberKey, memberKeyMatches } from '../coverages/member-key';

/** At most this many likely existing patients are shown. */
export const MAX_DUPLICATE_CANDIDATES = 5;
/** Rows read per lookup: a date of birth has ~30 patients in a million; a shared phone or e-mail a few. */
const DOB_ROWS = 500;
const CONTACT_ROWS = 20;

export interface DuplicateQuery {
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  dateOfBirth?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  memberId?: string | null | undefined;
}

const CANDIDATE_COLUMNS = ['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'phone'] as const;
type CandidateRow = Omit<DuplicateCandidate, 'reasons'>;

/** A name folded for comparison (name-keys.ts), as its words and as one run of letters. */
interface FoldedName {
  whole: string;
  words: string[];
}

function fold(name: string | null | undefined): FoldedName | null {
  const key = nameKey(name ?? '');
  const words = key.split(/[\s-]+/).filter(Boolean);
  if (words.length === 0) return null;
  return { whole: words.join(''), words };
}

/** One-letter slips in short names, two in long ones ("Katherine"/"Katharyne"). */
const allowedEdits = (a: string, b: string) => (Math.min(a.length, b.length) < 3 ? 0 : Math.max(a.length, b.length) >= 8 ? 2 : 1);

const codes = (word: string) => doubleMetaphone(word).filter(Boolean);

/** Same sound (Double Metaphone: Jon/John, Smyth/Smith, Katherine/Catherine) or a near spelling (Levenshtein). */
function similarWords(a: string, b: string): boolean {
  if (a === b) return true;
  if (distance(a, b) <= allowedEdits(a, b)) return true;
  const ca = codes(a);
  return ca.length > 0 && codes(b).some((code) => ca.includes(code));
}

/** Whole names alike, or one word of each alike ("Lopez" / "Lopez-Garcia", "Mary" / "Mary Ann"). */
function similarNames(a: FoldedName, b: FoldedName): boolean {
  if (similarWords(a.whole, b.whole)) return true;
  return a.words.some((wa) => wa.length >= 3 && b.words.some((wb) => wb.length >= 3 && similarWords(wa, wb)));
}

/** Every typed name is like its field, or given and family were swapped. */
function namesMatch(given: FoldedName | null, family: FoldedName | null, row: CandidateRow): boolean {
  const rowGiven = fold(row.givenName);
  const rowFamily = fold(row.familyName);
  if (!rowGiven || !rowFamily) return false;
  const straight = (!given || similarNames(given, rowGiven)) && (!family || similarNames(family, rowFamily));
  const swapped = (!given || similarNames(given, rowFamily)) && (!family || similarNames(family, rowGiven));
  return straight || swapped;
}

function validDateOfBirth(text: string | null | undefined): string | null {
  if (!text) return null;
  const parsed = dateOfBirthSchema.safeParse(text);
  return parsed.success ? parsed.data : null;
}

function usableEmail(text: string | null | undefined): string | null {
  const email = (text ?? '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
}

/** Member ids are at least a few letters or digits; shorter input is still being typed. */
const MIN_MEMBER_KEY_LENGTH = 4;

function usableMemberKey(text: string | null | undefined): string | null {
  const key = memberKey(text ?? '');
  return key.length >= MIN_MEMBER_KEY_LENGTH && key.length <= 80 ? key : null;
}

function usablePhone(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').trim();
  return trimmed && trimmed.length <= 40 ? toE164(trimmed) : null;
}

/**
 * Likely existing patients for what has been typed so far: the same date of birth and a sound-alike
 * or near-spelled name (either order), the same phone (any format: compared as E.164), the same
 * e-mail (any case), the same insurance member id on a current or past coverage (any payer; with
 * or without dashes and spaces, any case). Each lookup reads one index (`patients_dob`,
 * `patients_phone_rev`, `patients_email`, `coverages_member_key`), so this stays fast at a million
 * patients. Deleted patients are never candidates. Fields that are missing or not yet complete are ignored.
 */
export async function findDuplicateCandidates(db: Kysely<Database>, query: DuplicateQuery): Promise<DuplicateCandidate[]> {
  const found = new Map<string, CandidateRow & { reasons: Set<DuplicateReason> }>();
  const add = (rows: readonly CandidateRow[], reason: DuplicateReason) => {
    for (const row of rows) {
      const entry = found.get(row.id) ?? { ...row, reasons: new Set<DuplicateReason>() };
      entry.reasons.add(reason);
      found.set(row.id, entry);
    }
  };
  const base = () => db.selectFrom('patients').select(CANDIDATE_COLUMNS).where('deletedAt', 'is', null);

  const dob = validDateOfBirth(query.dateOfBirth);
  const given = fold(query.givenName);
  const family = fold(query.familyName);
  if (dob && (given || family)) {
    const rows = await base().where('dateOfBirth', '=', dob).limit(DOB_ROWS).execute();
    add(
      rows.filter((row) => namesMatch(given, family, row)),
      'same_dob_similar_name',
    );
  }

  const phone = usablePhone(query.phone);
  if (phone) {
    const reversed = [...phone.replace(/\D+/g, '')].reverse().join('');
    add(await base().where('phoneRev', '=', reversed).where('phone', '=', phone).limit(CONTACT_ROWS).execute(), 'same_phone');
  }

  const email = usableEmail(query.email);
  if (email) {
    add(
      await base()
        .where(sql<SqlBool>`lower(email) = ${email}`)
        .where('email', 'is not', null)
        .limit(CONTACT_ROWS)
        .execute(),
      'same_email',
    );
  }

  const member = usableMemberKey(query.memberId);
  if (member) {
    add(
      await base()
        .where('id', 'in', (eb) => eb.selectFrom('coverages').select('patientId').where(memberKeyMatches(member)))
        .limit(CONTACT_ROWS)
        .execute(),
      'same_member_id',
    );
  }

  const rank = (reasons: Set<DuplicateReason>) => Math.min(...[...reasons].map((r) => DUPLICATE_REASONS.indexOf(r)));
  return [...found.values()]
    .sort(
      (a, b) =>
        b.reasons.size - a.reasons.size ||
        rank(a.reasons) - rank(b.reasons) ||
        a.familyName.localeCompare(b.familyName) ||
        a.givenName.localeCompare(b.givenName) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, MAX_DUPLICATE_CANDIDATES)
    .map(({ reasons, ...row }) => ({ ...row, reasons: DUPLICATE_REASONS.filter((r) => reasons.has(r)) }));
}
