import { describe, expect, it } from 'vitest';
import { NO_RECIPIENT_MESSAGE, type Message, type MessageList } from '../../../src-shared/messages/schema';
import { auditRows } from '../../support/test-app';
import { expectRefusedUnchanged, messageDeskPerTest, type MessageDesk } from './support';

const desk = messageDeskPerTest();

const ONE_DAY = 24 * 60 * 60 * 1000;
const lastAuditSeq = async (d: MessageDesk) => (await auditRows(d.app)).at(-1)?.seq ?? 0;
const auditedSince = async (d: MessageDesk, seq: number) =>
  (await auditRows(d.app))
    .filter((row) => row.seq > seq && row.action.startsWith('message.'))
    .map((row) => ({ action: row.action, userId: row.userId, entityType: row.entityType, entityId: row.entityId, detail: JSON.parse(row.detail) as unknown }));
const ids = (list: MessageList) => list.items.map((m) => m.id);
/** Moves the clock on (every session signs in again after it): writes then read as separate steps of the history. */
async function later(d: MessageDesk, ms = 60_000): Promise<void> {
  d.clock.advance(ms);
  await d.signInAgain();
}

describe('messages.create', () => {
  it('takes a phone message for a colleague: callback number normalised, patient linked, in their inbox and my sent list, audited without its text', async () => {
    const d = desk();
    const seq = await lastAuditSeq(d);
    const message = await d.take({ patientId: d.maria, urgency: 'soon', dueDate: '2026-03-03' });
    expect(message).toEqual({
      id: expect.any(String),
      kind: 'phone_message',
      patientId: d.maria,
      patient: { mrn: expect.any(String), givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1985-07-14', phone: '+16175550142' },
      hidden: false,
      callerName: 'Ana Lopez (daughter)',
      callbackPhone: '+16175550199',
      subject: 'Asks about her mother’s refill',
      body: 'Pharmacy says the prescription expired.',
      urgency: 'soon',
      recipient: { kind: 'user', id: d.userIds.billing, name: 'Test billing', disabled: false },
      status: 'new',
      dueDate: '2026-03-03',
      overdue: false,
      takenBy: d.deskUser,
      takenAt: d.clock.now().toISOString(),
      doneAt: null,
      doneBy: null,
      outcome: null,
      updatedAt: d.clock.now().toISOString(),
    });
    const inbox = await d.inbox('billing');
    expect(ids(inbox)).toEqual([message.id]);
    expect(inbox.counts).toEqual({ new: 1, in_progress: 0, done: 0 });
    expect(ids(await d.as<MessageList>('desk', 'messages.sent', {}))).toEqual([message.id]);
    // Not the desk's own inbox: it was for billing.
    expect(ids(await d.inbox('desk'))).toEqual([]);
    const audited = await auditedSince(d, seq);
    expect(audited).toEqual([
      {
        action: 'message.create',
        userId: d.deskUser.id,
        entityType: 'patient',
        entityId: d.maria,
        detail: { messageId: message.id, kind: 'phone_message', urgency: 'soon', recipientKind: 'user', recipientId: d.userIds.billing, dueDate: '2026-03-03' },
      },
    ]);
    expect(JSON.stringify(await auditRows(d.app))).not.toMatch(/refill|Pharmacy|Ana Lopez|555/);
  });

  it('takes a task without a caller, and audits a message without a patient on the message itself', async () => {
    const d = desk();
    const seq = await lastAuditSeq(d);
    const task = await d.take({ kind: 'task', callerName: null, callbackPhone: null, body: null, subject: 'Order more exam gloves', recipient: { kind: 'provider', providerId: d.hopper } });
    expect(task).toMatchObject({ kind: 'task', callerName: null, patient: null, recipient: { kind: 'provider', id: d.hopper, name: 'Grace Hopper, MD' } });
    expect(await auditedSince(d, seq)).toEqual([
      {
        action: 'message.create',
        userId: d.deskUser.id,
        entityType: 'message',
        entityId: task.id,
        detail: { messageId: task.id, kind: 'task', urgency: 'routine', recipientKind: 'provider', recipientId: d.hopper, dueDate: null },
      },
    ]);
  });

  it('refuses a message with no recipient with its own error, and saves nothing', async () => {
    const d = desk();
    for (const recipient of [undefined, null]) {
      const error = await expectRefusedUnchanged(d, 'desk', 'messages.create', { callerName: 'Ana', subject: 'Call back', recipient });
      expect(error.code).toBe('VALIDATION');
      expect(error.fields).toEqual({ recipient: NO_RECIPIENT_MESSAGE });
    }
    const half = await expectRefusedUnchanged(d, 'desk', 'messages.create', { callerName: 'Ana', subject: 'Call back', recipient: { kind: 'user' } });
    expect(half.fields).toHaveProperty(['recipient.userId']);
  });

  it('refuses an unknown or disabled user and an inactive provider, saving nothing', async () => {
    const d = desk();
    const unknown = await expectRefusedUnchanged(d, 'desk', 'messages.create', { callerName: 'Ana', subject: 'Call back', recipient: { kind: 'user', userId: '0190a0a0-0000-7000-8000-000000000000' } });
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', fields: { recipient: 'No such user' } });
    await d.as('admin', 'users.update', { id: d.userIds.billing, disabled: true });
    const disabled = await expectRefusedUnchanged(d, 'desk', 'messages.create', { callerName: 'Ana', subject: 'Call back', recipient: { kind: 'user', userId: d.userIds.billing } });
    expect(disabled).toMatchObject({ code: 'VALIDATION', details: { reason: 'recipient_disabled' } });
    expect(disabled.fields?.recipient).toMatch(/disabled/);
    await d.ok('providers.update', { id: d.lovelace, active: false });
    const inactive = await expectRefusedUnchanged(d, 'desk', 'messages.create', { callerName: 'Ana', subject: 'Call back', recipient: { kind: 'provider', providerId: d.lovelace } });
    expect(inactive).toMatchObject({ code: 'VALIDATION', details: { reason: 'recipient_inactive' } });
    const recipients = await d.as<{ users: { id: string }[]; providers: { id: string }[] }>('desk', 'messages.recipients', {});
    expect(recipients.users.map((u) => u.id)).not.toContain(d.userIds.billing);
    expect(recipients.providers.map((p) => p.id)).toEqual([d.hopper]);
  });

  it('refuses a phone message without a caller, a bad callback number, a due date in the past, a missing reason', async () => {
    const d = desk();
    const base = { recipient: { kind: 'user', userId: d.userIds.billing }, callerName: 'Ana', subject: 'Call back' };
    const noCaller = await expectRefusedUnchanged(d, 'desk', 'messages.create', { ...base, callerName: '  ' });
    expect(noCaller.fields).toEqual({ callerName: 'Enter who called' });
    const badPhone = await expectRefusedUnchanged(d, 'desk', 'messages.create', { ...base, callbackPhone: '555' });
    expect(badPhone.fields).toEqual({ callbackPhone: 'Not a valid phone number' });
    const noReason = await expectRefusedUnchanged(d, 'desk', 'messages.create', { ...base, subject: '' });
    expect(noReason.fields).toEqual({ subject: 'Enter the reason' });
    // TEST_NOW is Monday 2026-03-02 in the clinic's zone.
    const past = await expectRefusedUnchanged(d, 'desk', 'messages.create', { ...base, dueDate: '2026-03-01' });
    expect(past).toMatchObject({ code: 'VALIDATION', fields: { dueDate: 'The due date cannot be in the past' }, details: { reason: 'due_date_past', today: '2026-03-02' } });
    const unknownPatient = await expectRefusedUnchanged(d, 'desk', 'messages.create', { ...base, patientId: '0190a0a0-0000-7000-8000-000000000000' });
    expect(unknownPatient.code).toBe('NOT_FOUND');
    expect(unknownPatient.fields).toHaveProperty('patientId');
    expect((await d.take({ dueDate: '2026-03-02' })).dueDate).toBe('2026-03-02');
  });
});

describe('messages.setStatus', () => {
  it('moves new → in progress → done with an outcome, reopens done → in progress, each in the history and the audit log', async () => {
    const d = desk();
    const message = await d.take();
    const seq = await lastAuditSeq(d);
    await later(d);
    const started = await d.as('billing', 'messages.setStatus', { id: message.id, status: 'in_progress' });
    expect(started).toMatchObject({ status: 'in_progress', doneAt: null });
    await later(d);
    const done = await d.as('billing', 'messages.setStatus', { id: message.id, status: 'done', outcome: 'Called back; refill sent to the pharmacy' });
    const doneAt = d.clock.now().toISOString();
    expect(done).toMatchObject({ status: 'done', doneAt, doneBy: { id: d.userIds.billing, displayName: 'Test billing' }, outcome: 'Called back; refill sent to the pharmacy' });
    await later(d);
    const reopened = await d.as('billing', 'messages.setStatus', { id: message.id, status: 'in_progress' });
    expect(reopened).toMatchObject({ status: 'in_progress', doneAt: null, doneBy: null, outcome: null });

    const { history } = await d.detail('billing', message.id);
    expect(history.map((h) => [h.event, h.by?.id, h.outcome])).toEqual([
      ['taken', d.deskUser.id, null],
      ['started', d.userIds.billing, null],
      ['done', d.userIds.billing, 'Called back; refill sent to the pharmacy'],
      ['reopened', d.userIds.billing, null],
    ]);
    expect(history[0]!.to).toMatchObject({ kind: 'user', id: d.userIds.billing });
    expect(history[2]!.at).toBe(doneAt);
    expect((await auditedSince(d, seq)).map((row) => [row.action, (row.detail as { from: string }).from, (row.detail as { to: string }).to])).toEqual([
      ['message.status', 'new', 'in_progress'],
      ['message.status', 'in_progress', 'done'],
      ['message.status', 'done', 'in_progress'],
    ]);
  });

  it('marks a new message done straight away (a quick call-back)', async () => {
    const d = desk();
    const message = await d.take();
    expect(await d.as('billing', 'messages.setStatus', { id: message.id, status: 'done', outcome: 'Called back' })).toMatchObject({ status: 'done' });
  });

  it('refuses illegal moves and done without an outcome, changing nothing', async () => {
    const d = desk();
    const message = await d.take();
    const noOutcome = await expectRefusedUnchanged(d, 'billing', 'messages.setStatus', { id: message.id, status: 'done' });
    expect(noOutcome.fields).toEqual({ outcome: 'Say what was done (the outcome)' });
    const toNew = await expectRefusedUnchanged(d, 'billing', 'messages.setStatus', { id: message.id, status: 'new' });
    expect(toNew.code).toBe('VALIDATION');
    await d.as('billing', 'messages.setStatus', { id: message.id, status: 'in_progress' });
    const again = await expectRefusedUnchanged(d, 'billing', 'messages.setStatus', { id: message.id, status: 'in_progress' });
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'This message is already in progress', details: { reason: 'illegal_transition', from: 'in_progress', to: 'in_progress' } });
    await d.as('billing', 'messages.setStatus', { id: message.id, status: 'done', outcome: 'Done' });
    const doneTwice = await expectRefusedUnchanged(d, 'billing', 'messages.setStatus', { id: message.id, status: 'done', outcome: 'Again' });
    expect(doneTwice).toMatchObject({ code: 'CONFLICT', details: { reason: 'illegal_transition', from: 'done', to: 'done' } });
  });

  it('refuses someone else’s message (neither addressed to me, nor taken by me, nor a provider’s)', async () => {
    const d = desk();
    const message = await d.take({}, 'admin');
    for (const [method, input] of [
      ['messages.get', { id: message.id }],
      ['messages.setStatus', { id: message.id, status: 'in_progress' }],
      ['messages.reassign', { id: message.id, recipient: { kind: 'provider', providerId: d.hopper } }],
    ] as const) {
      const error = await expectRefusedUnchanged(d, 'desk', method, input);
      expect(error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_yours' } });
    }
  });
});

describe('messages.reassign', () => {
  it('routes a message to a provider: it arrives as new in the provider messages, recorded in the history and the audit log', async () => {
    const d = desk();
    const message = await d.take({ patientId: d.maria });
    await d.as('billing', 'messages.setStatus', { id: message.id, status: 'in_progress' });
    const seq = await lastAuditSeq(d);
    await later(d);
    const routed = await d.as('billing', 'messages.reassign', { id: message.id, recipient: { kind: 'provider', providerId: d.hopper } });
    expect(routed).toMatchObject({ status: 'new', recipient: { kind: 'provider', id: d.hopper, name: 'Grace Hopper, MD' } });
    expect(ids(await d.inbox('billing', { status: 'in_progress' }))).toEqual([]);
    expect(ids(await d.inbox('desk', { box: 'providers' }))).toEqual([message.id]);
    expect(ids(await d.inbox('desk', { box: 'providers', providerId: d.lovelace }))).toEqual([]);
    const { history } = await d.detail('desk', message.id);
    expect(history.map((h) => [h.event, h.by?.id, h.to?.name ?? null])).toEqual([
      ['taken', d.deskUser.id, 'Test billing'],
      ['started', d.userIds.billing, null],
      ['routed', d.userIds.billing, 'Grace Hopper, MD'],
    ]);
    expect(await auditedSince(d, seq)).toEqual([
      {
        action: 'message.reassign',
        userId: d.userIds.billing,
        entityType: 'patient',
        entityId: d.maria,
        detail: {
          messageId: message.id,
          kind: 'phone_message',
          urgency: 'routine',
          fromKind: 'user',
          fromId: d.userIds.billing,
          recipientKind: 'provider',
          recipientId: d.hopper,
          statusBefore: 'in_progress',
        },
      },
    ]);
  });

  it('refuses routing to the same recipient, without a recipient, and routing a done message', async () => {
    const d = desk();
    const message = await d.take();
    const same = await expectRefusedUnchanged(d, 'billing', 'messages.reassign', { id: message.id, recipient: { kind: 'user', userId: d.userIds.billing } });
    expect(same).toMatchObject({ code: 'CONFLICT', details: { reason: 'same_recipient' } });
    const none = await expectRefusedUnchanged(d, 'billing', 'messages.reassign', { id: message.id });
    expect(none.fields).toEqual({ recipient: NO_RECIPIENT_MESSAGE });
    await d.as('billing', 'messages.setStatus', { id: message.id, status: 'done', outcome: 'Called back' });
    const done = await expectRefusedUnchanged(d, 'billing', 'messages.reassign', { id: message.id, recipient: { kind: 'user', userId: d.userIds.desk } });
    expect(done).toMatchObject({ code: 'CONFLICT', details: { reason: 'message_done' } });
  });
});

describe('messages.inbox', () => {
  it('lists overdue first, then urgent, soon, routine, then by due date; counts per status; done latest first', async () => {
    const d = desk();
    const take = (subject: string, urgency: Message['urgency'], dueDate: string | null) => d.take({ subject, urgency, dueDate });
    const routineSoonDue = await take('routine due 03-03', 'routine', '2026-03-03');
    const routineNoDue = await take('routine no due date', 'routine', null);
    const urgentLate = await take('urgent due 03-10', 'urgent', '2026-03-10');
    const soon = await take('soon due 03-05', 'soon', '2026-03-05');
    const urgentEarly = await take('urgent due 03-04', 'urgent', '2026-03-04');
    const doneFirst = await take('done first', 'urgent', null);
    const doneSecond = await take('done second', 'routine', null);
    await d.as('billing', 'messages.setStatus', { id: doneFirst.id, status: 'done', outcome: 'Done' });
    // Two days on (Wednesday 03-04): the 03-03 message is overdue; the 03-04 one is due today, not overdue.
    await later(d, 2 * ONE_DAY);
    await d.as('billing', 'messages.setStatus', { id: doneSecond.id, status: 'done', outcome: 'Done' });
    const inbox = await d.inbox('billing');
    expect(inbox.items.map((m) => m.subject)).toEqual([routineSoonDue, urgentEarly, urgentLate, soon, routineNoDue].map((m) => m.subject));
    expect(inbox.items.map((m) => m.overdue)).toEqual([true, false, false, false, false]);
    expect(inbox).toMatchObject({ counts: { new: 5, in_progress: 0, done: 2 }, overdue: 1, today: '2026-03-04' });
    expect(ids(await d.inbox('billing', { status: 'done' }))).toEqual([doneSecond.id, doneFirst.id]);
  });

  it('reads each list from its index', () => {
    const d = desk();
    const plan = (query: string) => (d.app.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all('x') as { detail: string }[]).map((row) => row.detail).join('\n');
    expect(plan(`SELECT id FROM messages WHERE taken_by = ? AND status = 'new' AND deleted_at IS NULL`)).toMatch(/INDEX messages_taken_by \(taken_by=\? AND status=\?\)/);
    expect(plan(`SELECT id FROM messages WHERE recipient_user_id = ? AND status = 'new' AND deleted_at IS NULL`)).toMatch(/INDEX messages_user_inbox/);
  });
});

describe('restricted charts', () => {
  it('withholds the patient and the text from a session that may not open the chart, until break-glass', async () => {
    const d = desk();
    await d.ok('patients.setRestriction', { id: d.sam, restriction: 'vip' });
    // The administrator may open restricted charts; the message is for the front desk, which may not.
    const message = await d.take({ patientId: d.sam, recipient: { kind: 'user', userId: d.userIds.desk } }, 'admin');
    expect(message).toMatchObject({ hidden: false, patient: { givenName: 'Sam' } });
    const [seen] = (await d.inbox('desk')).items;
    expect(seen).toMatchObject({ id: message.id, patientId: d.sam, patient: null, hidden: true, callerName: null, callbackPhone: null, subject: null, body: null, urgency: 'routine' });
    await d.as('desk', 'messages.setStatus', { id: message.id, status: 'done', outcome: 'Called back' });
    const { message: detail, history } = await d.detail('desk', message.id);
    expect(detail).toMatchObject({ hidden: true, outcome: null, status: 'done' });
    expect(history.find((h) => h.event === 'done')?.outcome).toBeNull();

    // Taking a message about the chart needs the right to open it (audited refusal offering break-glass).
    const before = d.counts();
    const refused = await d.refusedAs('desk', 'messages.create', { callerName: 'Sam', subject: 'Call back', patientId: d.sam, recipient: { kind: 'provider', providerId: d.hopper } });
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { patientId: d.sam } } });
    expect(d.counts().messages).toBe(before.messages);

    await d.as('desk', 'auth.breakGlass', { patientId: d.sam, reason: 'Patient on the phone needs a call back' });
    expect((await d.detail('desk', message.id)).message).toMatchObject({ hidden: false, patient: { givenName: 'Sam' }, subject: 'Asks about her mother’s refill', outcome: 'Called back' });
  });
});
