import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { MethodName } from '../../../src-shared/rpc/contract';
import type { RpcError } from '../../../src-shared/rpc/errors';
import type { Referral, ReferralLogInput, ReferralSetStatusInput } from '../../../src-shared/referrals/schema';
import { samplePdf } from '../../support/document-files';
import { addUser, auditRows, valueOf } from '../../support/test-app';
import { deskPerTest, TODAY, type Desk } from '../front-desk/support';
import { errorOf } from '../scheduling/support';

const desk = deskPerTest();

interface ReferralList {
  items: Referral[];
  more: boolean;
  today: string;
  reportDays: number;
}

const outgoing = (d: Desk, input: Partial<ReferralLogInput> = {}): ReferralLogInput => ({
  direction: 'outgoing',
  patientId: d.maria,
  providerId: d.hopper,
  otherName: 'Dr. Ruth Heart',
  otherOrganization: 'Springfield Cardiology',
  otherPhone: '617 555 0100',
  otherFax: '617 555 0101',
  reason: 'Chest pain on exertion',
  diagnoses: ['I20.9'],
  referredOn: TODAY,
  ...input,
});
const incoming = (d: Desk, input: Partial<ReferralLogInput> = {}): ReferralLogInput => ({
  direction: 'incoming',
  patientId: d.sam,
  otherName: 'Dr. Alan Bone',
  reason: 'Knee pain, please assess',
  referredOn: TODAY,
  ...input,
});

const log = (d: Desk, input: ReferralLogInput) => d.desk<Referral>('referrals.log', input);
const move = (d: Desk, input: ReferralSetStatusInput) => d.desk<Referral>('referrals.setStatus', input);
const list = (d: Desk, input: Record<string, unknown> = {}) => d.desk<ReferralList>('referrals.list', input);
const overdue = (d: Desk) => d.desk<Omit<ReferralList, 'more'>>('referrals.overdue', {});
const attach = async (d: Desk, patientId: string, title = 'Visit note') =>
  (await d.desk<{ id: string }>('documents.attach', { patientId, kind: 'correspondence', title, documentDate: '2026-02-27', fileName: 'note.pdf', contentBase64: samplePdf().toString('base64') })).id;

/** Every row a referral write touches: a refusal must leave them all as they were. */
function referralState(d: Desk) {
  const sqlite = d.app.database.sqlite;
  return {
    counts: Object.fromEntries(['referrals', 'sync_ops', 'audit_log'].map((table) => [table, sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number])),
    rows: sqlite.prepare('SELECT * FROM referrals ORDER BY id').all(),
  };
}

async function refusedUnchanged(d: Desk, method: MethodName, input: unknown): Promise<RpcError> {
  const before = referralState(d);
  const error = await d.deskRefused(method, input);
  expect(referralState(d)).toEqual(before);
  return error;
}

const referralAudits = async (d: Desk) =>
  (await auditRows(d.app)).filter((row) => row.action.startsWith('referral.')).map((row) => ({ action: row.action, entityType: row.entityType, entityId: row.entityId, detail: row.detail }));

describe('referrals.log', () => {
  it('logs an outgoing referral with its diagnoses, documents sent and our provider, audited without free text', async () => {
    const d = desk();
    const letter = await attach(d, d.maria, 'Cardiology referral letter');
    const referral = await log(d, outgoing(d, { diagnoses: [' i209', 'e11.65'], documentsSent: [letter], note: 'Patient prefers mornings' }));
    expect(referral).toMatchObject({
      direction: 'outgoing',
      patientId: d.maria,
      status: 'open',
      referredOn: TODAY,
      sentAt: null,
      sentOn: null,
      restricted: false,
      reportDue: { dueOn: '2026-04-01', daysOverdue: 0 },
      detail: {
        patient: { givenName: 'Maria', familyName: 'Lopez' },
        provider: { id: d.hopper, displayName: 'Grace Hopper, MD' },
        otherName: 'Dr. Ruth Heart',
        otherOrganization: 'Springfield Cardiology',
        otherPhone: '+16175550100',
        otherFax: '+16175550101',
        diagnoses: ['I20.9', 'E11.65'],
        documentsSent: [{ id: letter, title: 'Cardiology referral letter', documentDate: '2026-02-27', removed: false }],
        reportDocument: null,
        note: 'Patient prefers mornings',
        cancelReason: null,
      },
    });
    const audits = await referralAudits(d);
    expect(audits).toEqual([{ action: 'referral.log', entityType: 'patient', entityId: d.maria, detail: expect.any(String) }]);
    expect(JSON.parse(audits[0]!.detail)).toEqual({ referralId: referral.id, direction: 'outgoing', status: 'open', diagnoses: 2, documentsSent: 1 });
  });

  it('logs an incoming referral, which never waits for a report', async () => {
    const d = desk();
    const referral = await log(d, incoming(d));
    expect(referral).toMatchObject({ direction: 'incoming', patientId: d.sam, status: 'open', reportDue: null, detail: { provider: null, diagnoses: [], documentsSent: [] } });
  });

  it('refuses bad input with a message on the field, never quoting a code, and changes nothing', async () => {
    const d = desk();
    const samsNote = await attach(d, d.sam);
    const cases: [Partial<ReferralLogInput>, string, string][] = [
      [{ diagnoses: ['I20.9', 'XYZ'] }, 'diagnoses.1', 'Diagnosis 2 is not an ICD-10-CM code'],
      [{ diagnoses: ['E119', 'E11.9'] }, 'diagnoses.1', 'Diagnosis 2 is listed twice'],
      [{ diagnoses: ['I2'] }, 'diagnoses.0', 'not an ICD-10-CM code'],
      [{ referredOn: '2026-03-03' }, 'referredOn', 'Cannot be in the future'],
      [{ referredOn: '2026-02-30' }, 'referredOn', 'Enter a real date'],
      [{ otherName: '  ' }, 'otherName', 'Required'],
      [{ reason: '' }, 'reason', 'Required'],
      [{ otherFax: '12' }, 'otherFax', 'Not a valid phone number'],
      [{ documentsSent: [samsNote] }, 'documentsSent', 'not in the patient’s chart'],
      [{ providerId: uuidv7() }, 'providerId', 'No such provider'],
    ];
    for (const [change, field, message] of cases) {
      const error = await refusedUnchanged(d, 'referrals.log', outgoing(d, change));
      expect(error.fields?.[field], field).toContain(message);
      expect(error.message).not.toContain('XYZ');
    }
    const incomingWithDocuments = await refusedUnchanged(d, 'referrals.log', incoming(d, { documentsSent: [samsNote] }));
    expect(incomingWithDocuments.fields?.documentsSent).toBe('Documents sent belong to an outgoing referral');
  });
});

describe('referrals.setStatus', () => {
  it('moves an outgoing referral open → sent → scheduled → report received → closed, each step audited', async () => {
    const d = desk();
    const report = await attach(d, d.maria, 'Cardiology consult report');
    const { id } = await log(d, outgoing(d, { referredOn: '2026-02-20' }));
    d.clock.set('2026-03-02T15:10:00.000Z');
    const sent = await move(d, { id, status: 'sent' });
    expect(sent).toMatchObject({ status: 'sent', sentAt: '2026-03-02T15:10:00.000Z', sentOn: TODAY, reportDue: { dueOn: '2026-04-01', daysOverdue: 0 } });
    expect(await move(d, { id, status: 'scheduled', appointmentDate: '2026-03-20' })).toMatchObject({ status: 'scheduled', appointmentDate: '2026-03-20' });
    // A new date while scheduled: the appointment moved.
    expect(await move(d, { id, status: 'scheduled', appointmentDate: '2026-03-27' })).toMatchObject({ status: 'scheduled', appointmentDate: '2026-03-27' });
    const received = await move(d, { id, status: 'report_received', reportReceivedOn: TODAY, reportDocumentId: report });
    expect(received).toMatchObject({ status: 'report_received', reportReceivedOn: TODAY, reportDue: null, detail: { reportDocument: { id: report, title: 'Cardiology consult report' } } });
    expect((await move(d, { id, status: 'closed' })).status).toBe('closed');
    const moves = (await referralAudits(d)).filter((a) => a.action === 'referral.status').map((a) => JSON.parse(a.detail) as Record<string, unknown>);
    expect(moves.map((m) => [m.from, m.to])).toEqual([
      ['open', 'sent'],
      ['sent', 'scheduled'],
      ['scheduled', 'scheduled'],
      ['scheduled', 'report_received'],
      ['report_received', 'closed'],
    ]);
    expect(moves[3]).toEqual({ referralId: id, direction: 'outgoing', from: 'scheduled', to: 'report_received', reportDocumentId: report });
  });

  it('moves an incoming referral open → scheduled → closed, and cancels with a reason', async () => {
    const d = desk();
    const { id } = await log(d, incoming(d));
    await move(d, { id, status: 'scheduled', appointmentDate: '2026-03-09' });
    expect((await move(d, { id, status: 'closed' })).status).toBe('closed');
    const other = await log(d, outgoing(d));
    const cancelled = await move(d, { id: other.id, status: 'cancelled', reason: 'Patient chose another cardiologist' });
    expect(cancelled).toMatchObject({ status: 'cancelled', reportDue: null, detail: { cancelReason: 'Patient chose another cardiologist' } });
    expect((await referralAudits(d)).at(-1)!.detail).not.toContain('cardiologist');
  });

  it('refuses moves the rules do not allow, and bad dates or documents, changing nothing', async () => {
    const d = desk();
    const out = await log(d, outgoing(d, { referredOn: '2026-02-20' }));
    const into = await log(d, incoming(d));
    const illegal = await refusedUnchanged(d, 'referrals.setStatus', { id: out.id, status: 'closed' });
    expect(illegal).toMatchObject({ code: 'CONFLICT', details: { reason: 'illegal_transition', from: 'open', to: 'closed', direction: 'outgoing' } });
    expect(illegal.fields?.status).toBe('A referral that is open can be marked sent, scheduled, report received, cancelled; not closed');
    expect((await refusedUnchanged(d, 'referrals.setStatus', { id: into.id, status: 'sent' })).details).toMatchObject({ reason: 'illegal_transition', direction: 'incoming' });
    expect((await refusedUnchanged(d, 'referrals.setStatus', { id: out.id, status: 'scheduled', appointmentDate: '2026-02-19' })).fields?.appointmentDate).toBe('Cannot be before the referral date');
    expect((await refusedUnchanged(d, 'referrals.setStatus', { id: out.id, status: 'report_received', reportReceivedOn: '2026-03-03' })).fields?.reportReceivedOn).toBe('Cannot be in the future');
    const samsNote = await attach(d, d.sam);
    expect((await refusedUnchanged(d, 'referrals.setStatus', { id: out.id, status: 'report_received', reportReceivedOn: TODAY, reportDocumentId: samsNote })).details).toEqual({ reason: 'not_chart_document' });
    expect((await refusedUnchanged(d, 'referrals.setStatus', { id: out.id, status: 'cancelled', reason: ' ' })).fields?.reason).toBe('Required');
    expect((await refusedUnchanged(d, 'referrals.setStatus', { id: out.id, status: 'lost' })).code).toBe('VALIDATION');
    expect((await refusedUnchanged(d, 'referrals.setStatus', { id: uuidv7(), status: 'sent' })).code).toBe('NOT_FOUND');

    await move(d, { id: out.id, status: 'cancelled', reason: 'Insurance denied it' });
    const finished = await refusedUnchanged(d, 'referrals.setStatus', { id: out.id, status: 'sent' });
    expect(finished.fields?.status).toBe('This referral is cancelled: it does not move on');
  });
});

describe('referrals.overdue', () => {
  it('lists outgoing referrals with no report N days after they were sent or referred, the oldest first, on a fixed clock', async () => {
    const d = desk();
    const early = await log(d, outgoing(d, { referredOn: '2026-02-01' }));
    const recent = await log(d, outgoing(d, { referredOn: '2026-02-25', patientId: d.sam }));
    await log(d, incoming(d, { referredOn: '2026-01-02' }));
    // Today is 2026-03-02: the early one was due on 2026-03-03.
    expect((await overdue(d)).items).toEqual([]);

    d.clock.set('2026-03-20T15:00:00.000Z');
    await d.signInAgain();
    const first = await overdue(d);
    expect(first).toMatchObject({ today: '2026-03-20', reportDays: 30 });
    expect(first.items.map((r) => [r.id, r.reportDue])).toEqual([[early.id, { dueOn: '2026-03-03', daysOverdue: 17 }]]);

    // 22:00 in New York on 2026-04-10 (already the 11th in UTC): the clinic's day counts.
    d.clock.set('2026-04-11T02:00:00.000Z');
    await d.signInAgain();
    expect((await overdue(d)).items.map((r) => [r.id, r.reportDue?.daysOverdue])).toEqual([
      [early.id, 38],
      [recent.id, 14],
    ]);
    // Sent today: the wait starts again from the day it went out.
    expect((await move(d, { id: early.id, status: 'sent' })).sentOn).toBe('2026-04-10');
    expect((await overdue(d)).items.map((r) => r.id)).toEqual([recent.id]);
    // The clinic waits longer: nothing is overdue any more.
    valueOf(await d.dispatch('settings.update', { referralReportDays: 60 }, d.sessions.admin));
    expect(await overdue(d)).toMatchObject({ items: [], reportDays: 60 });
    valueOf(await d.dispatch('settings.update', { referralReportDays: 10 }, d.sessions.admin));
    expect((await overdue(d)).items.map((r) => [r.id, r.reportDue])).toEqual([[recent.id, { dueOn: '2026-03-07', daysOverdue: 34 }]]);
    // A report received: nothing is awaited any more.
    await move(d, { id: recent.id, status: 'report_received', reportReceivedOn: '2026-04-09' });
    expect((await overdue(d)).items).toEqual([]);
  });

  it('refuses a report window out of range in the clinic settings', async () => {
    const d = desk();
    for (const days of [0, 366, 7.5]) {
      const error = errorOf(await d.dispatch('settings.update', { referralReportDays: days }, d.sessions.admin));
      expect(error.fields?.referralReportDays).toBeDefined();
    }
    expect((await overdue(d)).reportDays).toBe(30);
  });
});

describe('referrals.list', () => {
  it('filters by direction, status and patient; unfinished ones by default, newest referral date first', async () => {
    const d = desk();
    const a = await log(d, outgoing(d, { referredOn: '2026-02-10' }));
    const b = await log(d, outgoing(d, { referredOn: '2026-02-20', patientId: d.sam }));
    const c = await log(d, incoming(d, { referredOn: '2026-02-15' }));
    const e = await log(d, outgoing(d, { referredOn: '2026-02-05' }));
    await move(d, { id: a.id, status: 'cancelled', reason: 'Not needed' });
    // A received report still waits to be closed: it stays on the default list until then.
    await move(d, { id: e.id, status: 'report_received', reportReceivedOn: '2026-03-01' });
    const ids = async (input: Record<string, unknown>) => (await list(d, input)).items.map((r) => r.id);
    expect(await ids({})).toEqual([b.id, c.id, e.id]);
    expect(await ids({ status: 'all' })).toEqual([b.id, c.id, a.id, e.id]);
    expect(await ids({ direction: 'outgoing', status: 'all' })).toEqual([b.id, a.id, e.id]);
    expect(await ids({ status: 'cancelled' })).toEqual([a.id]);
    await move(d, { id: e.id, status: 'closed' });
    expect(await ids({})).toEqual([b.id, c.id]);
    expect(await ids({ patientId: d.sam, status: 'all' })).toEqual([b.id, c.id]);
    expect(await list(d)).toMatchObject({ more: false, today: TODAY, reportDays: 30 });
  });

  it('hides who, why and what of a restricted chart from a user who may not open it, and refuses writes to it', async () => {
    const d = desk();
    const referral = await log(d, outgoing(d));
    valueOf(await d.dispatch('patients.setRestriction', { id: d.maria, restriction: 'sensitive' }, d.sessions.admin));
    const [hidden] = (await list(d)).items;
    expect(hidden).toMatchObject({ id: referral.id, patientId: d.maria, status: 'open', restricted: true, detail: null });
    const before = referralState(d).rows;
    const refused = await d.deskRefused('referrals.setStatus', { id: referral.id, status: 'sent' });
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { patientId: d.maria } } });
    expect(referralState(d).rows).toEqual(before);
    // The refusal itself is audited (flagged), as opening the chart would be.
    expect((await auditRows(d.app)).at(-1)).toMatchObject({ action: 'auth.refused', entityId: d.maria, flagged: 1 });
  });

  it('lets any reader list referrals but only referrals.manage log or move them', async () => {
    const d = desk();
    const provider = await addUser(d.app, d.sessions.admin, 'provider');
    const referral = await log(d, outgoing(d));
    expect(valueOf<ReferralList>(await d.dispatch('referrals.list', {}, provider.sessionId)).items).toHaveLength(1);
    expect(errorOf(await d.dispatch('referrals.log', outgoing(d), provider.sessionId)).code).toBe('FORBIDDEN');
    expect(errorOf(await d.dispatch('referrals.setStatus', { id: referral.id, status: 'sent' }, provider.sessionId)).code).toBe('FORBIDDEN');
  });
});
