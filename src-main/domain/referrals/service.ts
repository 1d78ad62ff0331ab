/**
 * Referrals (migration 0008): outgoing to another provider or organisation and incoming from one,
 * moved along by the status rules of src-shared/referrals/status.ts. Dates are the clinic's
 * calendar dates (its time zone once set, else this workstation's); an outgoing referral is
 * overdue once `referralReportDays` (clinic setting) have passed since it was sent, or referred
 * while not sent yet, with no report.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Patient } from '../../../src-shared/patients/schema';
import type { Referral, ReferralDocumentRef } from '../../../src-shared/referrals/schema';
import {
  ACTIVE_REFERRAL_STATUSES,
  canChangeReferralStatus,
  nextReferralStatuses,
  REFERRAL_STATUS_LABELS,
  reportDue,
  UNFINISHED_REFERRAL_STATUSES,
  type ReferralStatus,
} from '../../../src-shared/referrals/status';
import { providerName } from '../../../src-shared/patients/display';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { clinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { localIsoDate } from '../../../src-shared/validation/dates';
import type { Clock } from '../../clock';
import type { Database, ReferralsTable } from '../../db/schema';
import { isChartDocument } from '../documents/service';
import { fieldError } from '../scheduling/common';
import { readSettings } from '../settings/service';

type Db = Kysely<Database>;
type ReferralRow = Selectable<ReferralsTable>;
type LogInput = ParsedInput<'referrals.log'>;
type StatusInput = ParsedInput<'referrals.setStatus'>;
type ListInput = ParsedInput<'referrals.list'>;

/** Whether the session may see who a referral is about (restricted charts). */
export type MayShow = (patient: Pick<Patient, 'id' | 'restricted'>) => boolean;

/** The most a list holds: the newest referrals that match. */
export const REFERRAL_LIST_LIMIT = 500;

interface ReferralCalendar {
  today: string;
  /** The clinic day of an instant. */
  dayOf(instant: string): string;
  reportDays: number;
}

async function referralCalendar(db: Db, clock: Clock): Promise<ReferralCalendar> {
  const settings = await readSettings(db);
  const zone = settings.timeZone === null ? null : clinicTimeZone(settings.timeZone);
  const dayOf = (instant: string) => (zone ? zone.dateOf(Date.parse(instant)) : localIsoDate(new Date(instant)));
  return { today: dayOf(clock.now().toISOString()), dayOf, reportDays: settings.referralReportDays };
}

const baseQuery = (db: Db) =>
  db
    .selectFrom('referrals as r')
    .innerJoin('patients as p', 'p.id', 'r.patientId')
    .leftJoin('providers as pr', 'pr.id', 'r.providerId')
    .selectAll('r')
    .select(['p.mrn', 'p.givenName', 'p.familyName', 'p.dateOfBirth', 'p.restricted'])
    .select(['pr.givenName as providerGivenName', 'pr.familyName as providerFamilyName', 'pr.credentials as providerCredentials'])
    .where('r.deletedAt', 'is', null);

type LoadedRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

const idsOf = (json: string) => JSON.parse(json) as string[];

/** The documents the rows name (sent, reports), removed ones included: a referral keeps what it sent. */
async function documentsOf(db: Db, rows: readonly LoadedRow[]): Promise<Map<string, ReferralDocumentRef>> {
  const ids = [...new Set(rows.flatMap((row) => [...idsOf(row.documentsSent), ...(row.reportDocumentId ? [row.reportDocumentId] : [])]))];
  if (ids.length === 0) return new Map();
  const documents = await db
    .selectFrom('documents')
    .select(['id', 'title', 'documentDate', 'deletedAt'])
    .where('id', 'in', sql<string>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`)
    .execute();
  return new Map(documents.map((d) => [d.id, { id: d.id, title: d.title, documentDate: d.documentDate, removed: d.deletedAt !== null }]));
}

async function toReferrals(db: Db, rows: readonly LoadedRow[], calendar: ReferralCalendar, mayShow: MayShow): Promise<Referral[]> {
  const documents = await documentsOf(db, rows);
  return rows.map((row) => {
    const sentOn = row.sentAt ? calendar.dayOf(row.sentAt) : null;
    const shown = mayShow({ id: row.patientId, restricted: row.restricted });
    return {
      id: row.id,
      direction: row.direction,
      patientId: row.patientId,
      status: row.status,
      referredOn: row.referredOn,
      sentAt: row.sentAt,
      sentOn,
      appointmentDate: row.appointmentDate,
      reportReceivedOn: row.reportReceivedOn,
      reportDue: reportDue({ ...row, sentOn }, calendar.reportDays, calendar.today),
      restricted: row.restricted !== null,
      detail: shown
        ? {
            patient: { mrn: row.mrn, givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth },
            provider:
              row.providerId && row.providerGivenName !== null && row.providerFamilyName !== null
                ? { id: row.providerId, displayName: providerName({ givenName: row.providerGivenName, familyName: row.providerFamilyName, credentials: row.providerCredentials }) }
                : null,
            otherName: row.otherName,
            otherOrganization: row.otherOrganization,
            otherPhone: row.otherPhone,
            otherFax: row.otherFax,
            reason: row.reason,
            diagnoses: idsOf(row.diagnoses),
            documentsSent: idsOf(row.documentsSent).flatMap((id) => documents.get(id) ?? []),
            reportDocument: (row.reportDocumentId && documents.get(row.reportDocumentId)) || null,
            note: row.note,
            cancelReason: row.cancelReason,
          }
        : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

async function findRow(db: Db, id: string): Promise<ReferralRow> {
  const row = await db.selectFrom('referrals').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError('id', 'No referral with this id', 'NOT_FOUND');
  return row;
}

/** The chart a referral belongs to (the handler checks the session may open it). */
export async function patientIdOfReferral(db: Db, id: string): Promise<string> {
  return (await findRow(db, id)).patientId;
}

/** One referral as a session that may open its chart sees it. */
export async function getReferral(db: Db, clock: Clock, id: string): Promise<Referral> {
  const row = await baseQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw fieldError('id', 'No referral with this id', 'NOT_FOUND');
  const [referral] = await toReferrals(db, [row], await referralCalendar(db, clock), () => true);
  return referral!;
}

async function checkChartDocument(db: Db, patientId: string, documentId: string, field: string): Promise<void> {
  if (!(await isChartDocument(db, patientId, documentId))) {
    throw fieldError(field, 'This document is not in the patient’s chart (it may have been removed)', 'VALIDATION', { reason: 'not_chart_document' });
  }
}

function checkNotFuture(date: string, today: string, field: string): void {
  if (date > today) throw fieldError(field, 'Cannot be in the future', 'VALIDATION', { reason: 'in_future' });
}

function checkNotBeforeReferral(date: string, referredOn: string, field: string): void {
  if (date < referredOn) throw fieldError(field, 'Cannot be before the referral date', 'VALIDATION', { reason: 'before_referral' });
}

/** Logs a referral, open. The chart is the caller's to check. Call inside a transaction. */
export async function logReferral(db: Db, clock: Clock, input: LogInput): Promise<Referral> {
  const { today } = await referralCalendar(db, clock);
  checkNotFuture(input.referredOn, today, 'referredOn');
  if (input.providerId !== null) {
    const provider = await db.selectFrom('providers').select('id').where('id', '=', input.providerId).where('deletedAt', 'is', null).executeTakeFirst();
    if (!provider) throw fieldError('providerId', 'No such provider', 'NOT_FOUND');
  }
  for (const documentId of input.documentsSent) await checkChartDocument(db, input.patientId, documentId, 'documentsSent');
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('referrals')
    .values({
      id,
      direction: input.direction,
      patientId: input.patientId,
      providerId: input.providerId,
      otherName: input.otherName,
      otherOrganization: input.otherOrganization,
      otherPhone: input.otherPhone,
      otherFax: input.otherFax,
      reason: input.reason,
      diagnoses: JSON.stringify(input.diagnoses),
      documentsSent: JSON.stringify(input.documentsSent),
      status: 'open',
      referredOn: input.referredOn,
      sentAt: null,
      appointmentDate: null,
      reportReceivedOn: null,
      reportDocumentId: null,
      note: input.note,
      cancelReason: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  return getReferral(db, clock, id);
}

const statusWords = (status: ReferralStatus) => REFERRAL_STATUS_LABELS[status].toLowerCase();

function illegalMove(row: ReferralRow, to: ReferralStatus) {
  const allowed = nextReferralStatuses(row.direction, row.status);
  const message =
    allowed.length === 0
      ? `This referral is ${statusWords(row.status)}: it does not move on`
      : `A referral that is ${statusWords(row.status)} can be marked ${allowed.map(statusWords).join(', ')}; not ${statusWords(to)}`;
  return fieldError('status', message, 'CONFLICT', { reason: 'illegal_transition', from: row.status, to, direction: row.direction });
}

/** The columns a move writes, after checking what it carries. */
async function changesOf(db: Db, row: ReferralRow, input: StatusInput, today: string, now: string): Promise<Partial<ReferralRow>> {
  switch (input.status) {
    case 'sent':
      return { status: 'sent', sentAt: now };
    case 'scheduled':
      checkNotBeforeReferral(input.appointmentDate, row.referredOn, 'appointmentDate');
      return { status: 'scheduled', appointmentDate: input.appointmentDate };
    case 'report_received':
      checkNotFuture(input.reportReceivedOn, today, 'reportReceivedOn');
      checkNotBeforeReferral(input.reportReceivedOn, row.referredOn, 'reportReceivedOn');
      if (input.reportDocumentId !== null) await checkChartDocument(db, row.patientId, input.reportDocumentId, 'reportDocumentId');
      return { status: 'report_received', reportReceivedOn: input.reportReceivedOn, reportDocumentId: input.reportDocumentId };
    case 'closed':
      return { status: 'closed' };
    case 'cancelled':
      return { status: 'cancelled', cancelReason: input.reason };
  }
}

/** Moves a referral one step (refusing any move the rules do not allow). Call inside a transaction. */
export async function setReferralStatus(db: Db, clock: Clock, input: StatusInput): Promise<{ referral: Referral; from: ReferralStatus }> {
  const row = await findRow(db, input.id);
  if (!canChangeReferralStatus(row.direction, row.status, input.status)) throw illegalMove(row, input.status);
  const { today } = await referralCalendar(db, clock);
  const now = clock.now().toISOString();
  const changes = await changesOf(db, row, input, today, now);
  await db
    .updateTable('referrals')
    .set({ ...changes, updatedAt: now })
    .where('id', '=', row.id)
    .execute();
  return { referral: await getReferral(db, clock, row.id), from: row.status };
}

/** Newest referral date first, at most REFERRAL_LIST_LIMIT. */
export async function listReferrals(db: Db, clock: Clock, input: ListInput, mayShow: MayShow) {
  let query = baseQuery(db);
  if (input.direction) query = query.where('r.direction', '=', input.direction);
  if (input.patientId) query = query.where('r.patientId', '=', input.patientId);
  if (input.status === 'unfinished') query = query.where('r.status', 'in', UNFINISHED_REFERRAL_STATUSES);
  else if (input.status !== 'all') query = query.where('r.status', '=', input.status);
  const rows = await query.orderBy('r.referredOn', 'desc').orderBy('r.createdAt', 'desc').limit(REFERRAL_LIST_LIMIT + 1).execute();
  const calendar = await referralCalendar(db, clock);
  const items = await toReferrals(db, rows.slice(0, REFERRAL_LIST_LIMIT), calendar, mayShow);
  return { items, more: rows.length > REFERRAL_LIST_LIMIT, today: calendar.today, reportDays: calendar.reportDays };
}

/** Outgoing referrals still awaiting a report past the clinic's number of days, the most overdue first. */
export async function overdueReferrals(db: Db, clock: Clock, mayShow: MayShow) {
  const rows = await baseQuery(db).where('r.direction', '=', 'outgoing').where('r.status', 'in', ACTIVE_REFERRAL_STATUSES).execute();
  const calendar = await referralCalendar(db, clock);
  const overdue = (await toReferrals(db, rows, calendar, mayShow)).filter((referral) => (referral.reportDue?.daysOverdue ?? 0) > 0);
  const daysOverdue = (referral: Referral) => referral.reportDue?.daysOverdue ?? 0;
  overdue.sort((a, b) => daysOverdue(b) - daysOverdue(a) || a.referredOn.localeCompare(b.referredOn) || a.id.localeCompare(b.id));
  return { items: overdue, today: calendar.today, reportDays: calendar.reportDays };
}
