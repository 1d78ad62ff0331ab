/**
 * Synthetic insurance for synthetic patients: a few payers (the names of the Synthea sample's
 * payers, the EDI ids only where they are the well-known clearinghouse ids), and per patient
 * mostly one coverage, some a secondary one too, some an ended earlier one. Member ids follow each
 * payer's usual shape (Medicare's MBI, a letter and digits, a 3-letter prefix and digits …).
 * Drawn with their own seeded PRNG, so adding coverages did not change the patients drawn.
 */
import { seededRandom } from '../../tests/support/seeded-random';
import { bulkUuidV7 } from './ids';

export interface SyntheticPayer {
  name: string;
  ediPayerId: string | null;
  /** Relative share of coverages. */
  weight: number;
  /** Employer plans carry a group number; government programs do not. */
  group: boolean;
  memberId(random: () => number): string;
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHJKLMNPQRTUVWXY';
/** Medicare Beneficiary Identifier letters: no S, L, O, I, B, Z. */
const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';

/** `count` decimal digits from as few draws as possible (a draw gives 9 digits). */
function digits(random: () => number, count: number): string {
  let out = '';
  while (out.length < count) out += String(Math.floor(random() * 1e9)).padStart(9, '0');
  return out.slice(0, count);
}

function chars(random: () => number, alphabet: string, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** The MBI's shape: C A AN N A AN N A A N N (C: 1–9). */
function medicareMbi(random: () => number): string {
  const a = () => chars(random, MBI_LETTERS, 1);
  const n = () => chars(random, DIGITS, 1);
  const an = () => chars(random, MBI_LETTERS + DIGITS, 1);
  return `${chars(random, '123456789', 1)}${a()}${an()}${n()}${a()}${an()}${n()}${a()}${a()}${n()}${n()}`;
}

export const SYNTHETIC_PAYERS: readonly SyntheticPayer[] = [
  { name: 'Medicare', ediPayerId: null, weight: 16, group: false, memberId: medicareMbi },
  { name: 'Medicaid', ediPayerId: null, weight: 14, group: false, memberId: (r) => digits(r, 12) },
  { name: 'Blue Cross Blue Shield', ediPayerId: null, weight: 20, group: true, memberId: (r) => `${chars(r, LETTERS, 3)}${digits(r, 9)}` },
  { name: 'UnitedHealthcare', ediPayerId: '87726', weight: 14, group: true, memberId: (r) => digits(r, 9) },
  { name: 'Aetna', ediPayerId: '60054', weight: 12, group: true, memberId: (r) => `W${digits(r, 9)}` },
  { name: 'Cigna Health', ediPayerId: '62308', weight: 8, group: true, memberId: (r) => `U${digits(r, 8)}` },
  { name: 'Humana', ediPayerId: '61101', weight: 8, group: true, memberId: (r) => `H${digits(r, 8)}` },
  { name: 'Anthem', ediPayerId: null, weight: 8, group: true, memberId: (r) => `${chars(r, LETTERS, 3)}${digits(r, 9)}` },
];

export interface SyntheticCoverageRow {
  id: string;
  patient_id: string;
  payer_id: string;
  rank: 'primary' | 'secondary';
  member_id: string;
  group_number: string | null;
  subscriber_relationship: 'self' | 'spouse' | 'child';
  subscriber_given_name: string | null;
  subscriber_family_name: string | null;
  subscriber_date_of_birth: string | null;
  effective_from: string | null;
  effective_to: string | null;
  created_at: string;
  updated_at: string;
}

export interface InsuredPatient {
  id: string;
  family_name: string;
  date_of_birth: string;
}

/** Shares of patients: with a current primary coverage, of those with a secondary too, and with an ended earlier one. */
const INSURED = 0.92;
const WITH_SECONDARY = 0.15;
const WITH_ENDED = 0.1;
const DAY_MS = 86_400_000;

/**
 * Draws a patient's coverages. `payerIds` are the stored payers' ids in `SYNTHETIC_PAYERS` order;
 * `givenNames` is a pool for the subscriber of a child's or spouse's coverage.
 */
export function syntheticCoverageSource(
  seed: number,
  payerIds: readonly string[],
  givenNames: readonly string[],
  now: Date = new Date(),
): (patient: InsuredPatient) => SyntheticCoverageRow[] {
  const random = seededRandom(seed);
  const newId = bulkUuidV7();
  const totalWeight = SYNTHETIC_PAYERS.reduce((sum, p) => sum + p.weight, 0);
  const pickPayer = (): number => {
    let r = random() * totalWeight;
    for (let i = 0; i < SYNTHETIC_PAYERS.length; i++) if ((r -= SYNTHETIC_PAYERS[i]!.weight) < 0) return i;
    return 0;
  };
  const stamp = now.toISOString();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const yearsBefore = (iso: string, years: number) => isoDay(Date.parse(iso) - Math.floor(years * 365.25) * DAY_MS);
  // Born after this day: under 18, so on a parent's coverage.
  const minorSince = yearsBefore(isoDay(today), 18);

  /** The subscriber of a child's (a parent, 20–40 years older) or a spouse's (about the same age) coverage. */
  const subscriberOf = (patient: InsuredPatient, relationship: 'spouse' | 'child') => ({
    subscriber_given_name: givenNames[Math.floor(random() * givenNames.length)]!,
    subscriber_family_name: patient.family_name,
    subscriber_date_of_birth: yearsBefore(patient.date_of_birth, relationship === 'child' ? 20 + random() * 20 : random() * 6 - 3),
  });
  const NO_SUBSCRIBER = { subscriber_given_name: null, subscriber_family_name: null, subscriber_date_of_birth: null };

  const coverage = (patient: InsuredPatient, rank: SyntheticCoverageRow['rank'], from: string | null, to: string | null): SyntheticCoverageRow => {
    const payerIndex = pickPayer();
    const payer = SYNTHETIC_PAYERS[payerIndex]!;
    const relationship = patient.date_of_birth > minorSince ? 'child' : random() < 0.1 ? 'spouse' : 'self';
    return {
      id: newId(),
      patient_id: patient.id,
      payer_id: payerIds[payerIndex]!,
      rank,
      member_id: payer.memberId(random),
      group_number: payer.group ? digits(random, 6 + Math.floor(random() * 3)) : null,
      subscriber_relationship: relationship,
      ...(relationship === 'self' ? NO_SUBSCRIBER : subscriberOf(patient, relationship)),
      effective_from: from,
      effective_to: to,
      created_at: stamp,
      updated_at: stamp,
    };
  };

  return (patient) => {
    if (random() >= INSURED) return [];
    // A start within the last five years, never before birth; one in ten has no recorded start.
    let start = random() < 0.1 ? null : isoDay(today - Math.floor(random() * 5 * 365) * DAY_MS);
    if (start !== null && start < patient.date_of_birth) start = patient.date_of_birth;
    const rows = [coverage(patient, 'primary', start, null)];
    if (random() < WITH_SECONDARY) rows.push(coverage(patient, 'secondary', start, null));
    if (start && random() < WITH_ENDED && yearsBefore(start, 3) > patient.date_of_birth) {
      rows.push(coverage(patient, 'primary', yearsBefore(start, 3), isoDay(Date.parse(start) - DAY_MS)));
    }
    return rows;
  };
}
