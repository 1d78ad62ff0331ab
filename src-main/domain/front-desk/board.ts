/**
 * The Today board (`frontDesk.board`): one clinic day's appointments with their badges, and
 * walk-ins (`frontDesk.walkIn`). A busy day holds 400 appointments, so every badge comes from one
 * set-based query over the day's appointment or patient ids (each one SQLite statement answering
 * with one JSON array), never a query per appointment.
 */
import { sql } from 'kysely';
import type { BoardBadges, BoardCounts, BoardRow } from '../../../src-shared/front-desk/board-schema';
import { CONSENT_FORMS, type ConsentForm } from '../../../src-shared/front-desk/schema';
import { COVERAGE_RANKS, type CoverageRank } from '../../../src-shared/insurance/schema';
import { ACTIVE_REFERRAL_STATUSES, reportDue, type ReferralDirection, type ReferralStatus } from '../../../src-shared/referrals/status';
import type { MethodOutput, ParsedInput } from '../../../src-shared/rpc/contract';
import { MINUTE_MS, type ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import type { AppointmentStatus } from '../../../src-shared/scheduling/status';
import type { Clock } from '../../clock';
import type { Session } from '../../rpc/session';
import { readSettings } from '../settings/service';
import { bookAppointment, type Booked } from '../scheduling/appointments';
import { localizer, schedulingSettings, type Db } from '../scheduling/common';
import { listResources, listScheduleProviders } from '../scheduling/setup';
import { appointmentsBetween } from '../scheduling/views';

/** Earlier appointments that make a visit not the patient's first: the ones they came to or are booked for. */
const NOT_A_VISIT: readonly AppointmentStatus[] = ['cancelled', 'no_show', 'rescheduled'];

/** `(SELECT value FROM json_each(?))`: a list of ids as one bound parameter. */
const idList = (ids: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
const quoted = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

async function jsonRows<T>(db: Db, query: ReturnType<typeof sql<{ list: string }>>): Promise<T[]> {
  const { rows } = await query.execute(db);
  return JSON.parse(rows[0]?.list ?? '[]') as T[];
}

/** The appointments that have an earlier one the patient came to or is booked for (index appointments_patient_start). */
async function returningVisits(db: Db, appointmentIds: readonly string[]): Promise<Set<string>> {
  const ids = await jsonRows<string>(
    db,
    sql<{ list: string }>`
      SELECT json_group_array(a.id) AS list FROM appointments AS a
      WHERE a.id IN ${idList(appointmentIds)} AND EXISTS (
        SELECT 1 FROM appointments AS e
        WHERE e.patient_id = a.patient_id AND e.start_at < a.start_at AND e.deleted_at IS NULL AND e.status NOT IN (${quoted(NOT_A_VISIT)}))`,
  );
  return new Set(ids);
}

interface ActiveCoverage {
  payerName: string;
  rank: CoverageRank;
}

/** Each patient's best-ranked coverage in effect on `date` (index coverages_patient). */
async function activeCoverages(db: Db, patientIds: readonly string[], date: string): Promise<Map<string, ActiveCoverage>> {
  const rows = await jsonRows<[string, string, CoverageRank]>(
    db,
    sql<{ list: string }>`
      SELECT json_group_array(json_array(c.patient_id, p.name, c.rank)) AS list
      FROM coverages AS c JOIN payers AS p ON p.id = c.payer_id
      WHERE c.patient_id IN ${idList(patientIds)} AND c.deleted_at IS NULL
        AND (c.effective_from IS NULL OR c.effective_from <= ${date}) AND (c.effective_to IS NULL OR c.effective_to >= ${date})`,
  );
  const best = new Map<string, ActiveCoverage>();
  for (const [patientId, payerName, rank] of rows) {
    const held = best.get(patientId);
    if (!held || COVERAGE_RANKS.indexOf(rank) < COVERAGE_RANKS.indexOf(held.rank)) best.set(patientId, { payerName, rank });
  }
  return best;
}

interface CheckInFacts {
  id: string;
  checkedInAt: string;
  insurance: 'coverage_confirmed' | 'self_pay';
  coverage: ActiveCoverage | null;
  identityChecked: boolean;
  consentsSigned: ConsentForm[];
  copayEntryId: string | null;
  /** The copay taken (a positive amount), unless it was reversed since. */
  copayCents: number | null;
}

type CheckInRow = [string, string, string, 'coverage_confirmed' | 'self_pay', string | null, CoverageRank | null, 0 | 1, string, string | null, number | null, 0 | 1];

/** The check-in in force (not undone) of each appointment, with the coverage confirmed and the copay (index check_ins_appointment). */
async function checkInsOf(db: Db, appointmentIds: readonly string[]): Promise<Map<string, CheckInFacts>> {
  const rows = await jsonRows<CheckInRow>(
    db,
    sql<{ list: string }>`
      SELECT json_group_array(json_array(k.appointment_id, k.id, k.checked_in_at, k.insurance, p.name, c.rank, k.identity_checked,
        k.consents_signed, k.copay_entry_id, -l.amount_cents,
        EXISTS (SELECT 1 FROM ledger_entries AS r WHERE r.reverses_id = l.id))) AS list
      FROM check_ins AS k
      LEFT JOIN coverages AS c ON c.id = k.coverage_id
      LEFT JOIN payers AS p ON p.id = c.payer_id
      LEFT JOIN ledger_entries AS l ON l.id = k.copay_entry_id
      WHERE k.appointment_id IN ${idList(appointmentIds)} AND k.undone_at IS NULL AND k.deleted_at IS NULL`,
  );
  const checkIns = new Map<string, CheckInFacts>();
  for (const [appointmentId, id, checkedInAt, insurance, payerName, rank, identityChecked, consents, copayEntryId, copayCents, reversed] of rows) {
    checkIns.set(appointmentId, {
      id,
      checkedInAt,
      insurance,
      coverage: payerName !== null && rank !== null ? { payerName, rank } : null,
      identityChecked: identityChecked === 1,
      consentsSigned: JSON.parse(consents) as ConsentForm[],
      copayEntryId,
      copayCents: reversed === 1 ? null : copayCents,
    });
  }
  return checkIns;
}

/** Each patient's referrals still waiting for something, and how many outgoing ones are overdue (index referrals_patient). */
async function activeReferrals(db: Db, zone: ClinicTimeZone, patientIds: readonly string[], today: string, reportDays: number): Promise<Map<string, NonNullable<BoardBadges['referral']>>> {
  const rows = await jsonRows<[string, ReferralDirection, ReferralStatus, string, string | null]>(
    db,
    sql<{ list: string }>`
      SELECT json_group_array(json_array(patient_id, direction, status, referred_on, sent_at)) AS list FROM referrals
      WHERE patient_id IN ${idList(patientIds)} AND deleted_at IS NULL AND status IN (${quoted(ACTIVE_REFERRAL_STATUSES)})`,
  );
  const referrals = new Map<string, NonNullable<BoardBadges['referral']>>();
  for (const [patientId, direction, status, referredOn, sentAt] of rows) {
    const held = referrals.get(patientId) ?? { active: 0, directions: [], overdue: 0, reportDueOn: null };
    const due = reportDue({ direction, status, referredOn, sentOn: sentAt ? zone.dateOf(Date.parse(sentAt)) : null }, reportDays, today);
    referrals.set(patientId, {
      active: held.active + 1,
      directions: held.directions.includes(direction) ? held.directions : [...held.directions, direction],
      overdue: held.overdue + (due && due.daysOverdue > 0 ? 1 : 0),
      reportDueOn: due && (held.reportDueOn === null || due.dueOn < held.reportDueOn) ? due.dueOn : held.reportDueOn,
    });
  }
  return referrals;
}

interface DayFacts {
  returning: Set<string>;
  coverages: Map<string, ActiveCoverage>;
  checkIns: Map<string, CheckInFacts>;
  referrals: Map<string, NonNullable<BoardBadges['referral']>>;
}

function badgesOf(appointment: Appointment, facts: DayFacts): BoardBadges {
  const checkIn = facts.checkIns.get(appointment.id);
  const onFile = facts.coverages.get(appointment.patientId);
  // At check-in the desk confirmed a coverage or chose self-pay: that choice is what holds for the visit.
  const coverage = checkIn ? checkIn.coverage : (onFile ?? null);
  return {
    firstVisit: !facts.returning.has(appointment.id),
    insurance: coverage ? { kind: 'coverage', payerName: coverage.payerName, rank: coverage.rank, verifiedAt: null } : { kind: 'self_pay' },
    copay: { expectedCents: null, takenCents: checkIn?.copayCents ?? null },
    balanceDueCents: null,
    paperwork: checkIn
      ? { identityChecked: checkIn.identityChecked, consentsMissing: CONSENT_FORMS.filter((form) => !checkIn.consentsSigned.includes(form)) }
      : { identityChecked: null, consentsMissing: null },
    referral: facts.referrals.get(appointment.patientId) ?? null,
  };
}

const COUNTED: Record<keyof BoardCounts, readonly AppointmentStatus[]> = {
  expected: ['booked', 'confirmed'],
  arrived: ['arrived', 'roomed', 'with_provider', 'checked_out'],
  waiting: ['arrived', 'roomed'],
  done: ['checked_out'],
  noShows: ['no_show'],
};

function countsOf(appointments: readonly Appointment[]): BoardCounts {
  const count = (statuses: readonly AppointmentStatus[]) => appointments.filter((appointment) => statuses.includes(appointment.status)).length;
  return {
    expected: count(COUNTED.expected),
    arrived: count(COUNTED.arrived),
    waiting: count(COUNTED.waiting),
    done: count(COUNTED.done),
    noShows: count(COUNTED.noShows),
  };
}

export async function boardDay(db: Db, clock: Clock, session: Session, input: ParsedInput<'frontDesk.board'>): Promise<MethodOutput<'frontDesk.board'>> {
  const { zone } = await schedulingSettings(db);
  const settings = await readSettings(db);
  const now = clock.now();
  const today = zone.dateOf(now.getTime());
  const date = input.date ?? today;
  const appointments = await appointmentsBetween(db, zone, session, 'every', date, date);
  // Chart details only for the charts this session may open (a restricted chart's patient is null).
  const shown = appointments.filter((appointment) => appointment.patient !== null);
  const appointmentIds = appointments.map((appointment) => appointment.id);
  const patientIds = [...new Set(shown.map((appointment) => appointment.patientId))];
  const facts: DayFacts = {
    returning: await returningVisits(db, shown.map((appointment) => appointment.id)),
    coverages: await activeCoverages(db, patientIds, date),
    checkIns: await checkInsOf(db, appointmentIds),
    referrals: await activeReferrals(db, zone, patientIds, today, settings.referralReportDays),
  };
  const rows: BoardRow[] = appointments.map((appointment) => {
    const checkIn = facts.checkIns.get(appointment.id);
    return {
      appointment,
      statusSince: appointment.statusChangedAt,
      badges: appointment.patient ? badgesOf(appointment, facts) : null,
      checkIn: checkIn ? { id: checkIn.id, checkedInAt: checkIn.checkedInAt, copayEntryId: checkIn.copayEntryId } : null,
    };
  });
  const providers = await listScheduleProviders(db, { includeInactive: true });
  const booked = new Set(appointments.map((appointment) => appointment.providerId));
  const rooms = (await listResources(db, { includeInactive: true })).filter((resource) => resource.kind === 'room');
  return {
    date,
    today,
    now: now.toISOString(),
    timeZone: zone.name,
    waitThresholdMinutes: settings.waitThresholdMinutes,
    providers: providers.filter((provider) => provider.active || booked.has(provider.id)).map(({ id, displayName, active }) => ({ id, displayName, active })),
    rooms: rooms.map(({ id, name, active }) => ({ id, name, active })),
    counts: countsOf(appointments),
    rows,
  };
}

const WALK_IN_STEP_MS = 5 * MINUTE_MS;

/**
 * Books a walk-in from now: the next 5-minute mark on the clinic's clock (zone offsets are whole
 * quarter hours or more, so a 5-minute mark in UTC is one in local time), with the type's length.
 */
export async function bookWalkIn(db: Db, clock: Clock, session: Session, input: ParsedInput<'frontDesk.walkIn'>): Promise<Booked> {
  const { zone } = await schedulingSettings(db);
  const start = Math.ceil(clock.now().getTime() / WALK_IN_STEP_MS) * WALK_IN_STEP_MS;
  const { date, time } = localizer(zone).wall(start);
  // A time the clocks show twice (fall back): the showing that is now.
  const ambiguous = zone.toEpochMs(date, time) === start ? undefined : ('later' as const);
  return bookAppointment(db, clock, session, {
    patientId: input.patientId,
    providerId: input.providerId,
    appointmentTypeId: input.appointmentTypeId,
    date,
    time,
    ...(ambiguous ? { ambiguous } : {}),
    note: null,
    overbookReason: input.overbookReason,
  });
}
