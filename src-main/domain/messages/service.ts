/**
 * Phone messages and tasks (migration 0008, table `messages`): taken at the desk for a colleague or
 * a provider, worked from the recipient's inbox. A session works the messages addressed to its
 * user, the ones it took, and every provider's messages (users are not linked to providers, so
 * provider messages are one list shared by everyone with `messages.use`).
 */
import { sql, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  canChangeMessageStatus,
  MAX_DONE_LISTED,
  type Message,
  type MessageBox,
  type MessageList,
  type MessageStatus,
  type RecipientInput,
  type Recipients,
  type StatusCounts,
  type Urgency,
} from '../../../src-shared/messages/schema';
import { providerName } from '../../../src-shared/patients/display';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import { clinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { localIsoDate } from '../../../src-shared/validation/dates';
import type { Clock } from '../../clock';
import type { MessagesTable } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { openChart } from '../patients/open-chart';
import { mayOpen } from '../patients/service';
import { fieldError, type Db } from '../scheduling/common';
import { readSettings } from '../settings/service';

export type MessageRow = Selectable<MessagesTable>;

/** The clinic's today: in its time zone once set, else this workstation's. */
export async function clinicToday(db: Db, clock: Clock): Promise<string> {
  const { timeZone } = await readSettings(db);
  return timeZone ? clinicTimeZone(timeZone).dateOf(clock.now().getTime()) : localIsoDate(clock.now());
}

/** The recipient columns of a message for this recipient, after checking it can receive messages. */
async function recipientColumns(db: Db, recipient: RecipientInput): Promise<Pick<MessageRow, 'recipientUserId' | 'recipientProviderId'>> {
  if (recipient.kind === 'user') {
    const user = await db.selectFrom('users').select(['id', 'disabledAt']).where('id', '=', recipient.userId).executeTakeFirst();
    if (!user) throw fieldError('recipient', 'No such user', 'NOT_FOUND');
    if (user.disabledAt !== null) throw fieldError('recipient', 'This user’s account is disabled: choose someone else', 'VALIDATION', { reason: 'recipient_disabled' });
    return { recipientUserId: user.id, recipientProviderId: null };
  }
  const provider = await db.selectFrom('providers').select(['id', 'active']).where('id', '=', recipient.providerId).where('deletedAt', 'is', null).executeTakeFirst();
  if (!provider) throw fieldError('recipient', 'No such provider', 'NOT_FOUND');
  if (provider.active !== 1) throw fieldError('recipient', 'This provider is no longer active: choose someone else', 'VALIDATION', { reason: 'recipient_inactive' });
  return { recipientUserId: null, recipientProviderId: provider.id };
}

/** The linked chart must exist and be one the session may open (a restricted chart: audited FORBIDDEN offering break-glass). */
async function checkPatient(db: Db, session: Session, patientId: string): Promise<void> {
  try {
    await openChart({ db, session }, patientId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      throw new AppError('NOT_FOUND', error.message, { fields: { patientId: error.message }, ...(error.details !== undefined ? { details: error.details } : {}) });
    }
    throw error;
  }
}

export async function createMessage(db: Db, clock: Clock, session: Session, input: ParsedInput<'messages.create'>): Promise<MessageRow> {
  const recipient = await recipientColumns(db, input.recipient);
  if (input.patientId !== null) await checkPatient(db, session, input.patientId);
  if (input.dueDate !== null) {
    const today = await clinicToday(db, clock);
    if (input.dueDate < today) throw fieldError('dueDate', 'The due date cannot be in the past', 'VALIDATION', { reason: 'due_date_past', today });
  }
  const now = clock.now().toISOString();
  const row = {
    id: uuidv7(),
    kind: input.kind,
    patientId: input.patientId,
    callerName: input.callerName,
    callbackPhone: input.callbackPhone,
    subject: input.subject,
    body: input.body,
    urgency: input.urgency,
    ...recipient,
    status: 'new' as const,
    dueDate: input.dueDate,
    takenBy: session.userId,
    doneAt: null,
    doneBy: null,
    outcome: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  await db.insertInto('messages').values(row).execute();
  return messageRow(db, row.id);
}

async function messageRow(db: Db, id: string): Promise<MessageRow> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError('id', 'No such message', 'NOT_FOUND');
  return row;
}

/** Whether the session works this message: addressed to its user or to a provider, or taken by it. */
const worksOn = (row: Pick<MessageRow, 'recipientUserId' | 'recipientProviderId' | 'takenBy'>, session: Session) =>
  row.recipientProviderId !== null || (session.userId !== null && (row.recipientUserId === session.userId || row.takenBy === session.userId));

/** A message the session may see and work; another user's message is refused. */
export async function workableMessage(db: Db, session: Session, id: string): Promise<MessageRow> {
  const row = await messageRow(db, id);
  if (!worksOn(row, session)) {
    throw new AppError('FORBIDDEN', 'This message is addressed to someone else', { details: { reason: 'not_yours' } });
  }
  return row;
}

const STATUS_WORDS: Record<MessageStatus, string> = { new: 'new', in_progress: 'in progress', done: 'done' };

export async function setMessageStatus(db: Db, clock: Clock, session: Session, input: ParsedInput<'messages.setStatus'>): Promise<{ before: MessageRow; after: MessageRow }> {
  const before = await workableMessage(db, session, input.id);
  if (!canChangeMessageStatus(before.status, input.status)) {
    const message = before.status === input.status ? `This message is already ${STATUS_WORDS[input.status]}` : `A ${STATUS_WORDS[before.status]} message cannot be marked ${STATUS_WORDS[input.status]}`;
    throw fieldError('status', message, 'CONFLICT', { reason: 'illegal_transition', from: before.status, to: input.status });
  }
  const now = clock.now().toISOString();
  const done = input.status === 'done';
  // Reopening clears the outcome: the history keeps what it said.
  const changes = done ? { doneAt: now, doneBy: session.userId, outcome: input.outcome } : { doneAt: null, doneBy: null, outcome: null };
  await db
    .updateTable('messages')
    .set({ status: input.status, ...changes, updatedAt: now })
    .where('id', '=', before.id)
    .execute();
  return { before, after: await messageRow(db, before.id) };
}

export async function reassignMessage(db: Db, clock: Clock, session: Session, input: ParsedInput<'messages.reassign'>): Promise<{ before: MessageRow; after: MessageRow }> {
  const before = await workableMessage(db, session, input.id);
  if (before.status === 'done') throw fieldError('recipient', 'This message is done: reopen it before routing it to someone else', 'CONFLICT', { reason: 'message_done' });
  const recipient = await recipientColumns(db, input.recipient);
  if (recipient.recipientUserId === before.recipientUserId && recipient.recipientProviderId === before.recipientProviderId) {
    throw fieldError('recipient', 'The message is already for them: choose someone else', 'CONFLICT', { reason: 'same_recipient' });
  }
  // Routed messages arrive as new in the recipient's inbox.
  await db
    .updateTable('messages')
    .set({ ...recipient, status: 'new', updatedAt: clock.now().toISOString() })
    .where('id', '=', before.id)
    .execute();
  return { before, after: await messageRow(db, before.id) };
}

// ------------------------------------------------------------------ Reading

/** Names of users and providers, read once per answer. */
export interface Names {
  users: Map<string, { displayName: string; disabled: boolean }>;
  providers: Map<string, { name: string; active: boolean }>;
}

export async function namesOf(db: Db, userIds: Iterable<string | null>, providerIds: Iterable<string | null>): Promise<Names> {
  const present = (ids: Iterable<string | null>) => [...new Set([...ids].filter((id): id is string => id !== null))];
  const wantedUsers = present(userIds);
  const wantedProviders = present(providerIds);
  const users = wantedUsers.length === 0 ? [] : await db.selectFrom('users').select(['id', 'displayName', 'disabledAt']).where('id', 'in', wantedUsers).execute();
  const providers =
    wantedProviders.length === 0
      ? []
      : await db.selectFrom('providers').select(['id', 'givenName', 'familyName', 'credentials', 'active']).where('id', 'in', wantedProviders).execute();
  return {
    users: new Map(users.map((u) => [u.id, { displayName: u.displayName, disabled: u.disabledAt !== null }])),
    providers: new Map(providers.map((p) => [p.id, { name: providerName(p), active: p.active === 1 }])),
  };
}

const UNKNOWN_USER = 'A user not known here';
const UNKNOWN_PROVIDER = 'A provider not known here';

export function recipientOf(names: Names, userId: string | null, providerId: string | null): Message['recipient'] {
  if (providerId !== null) {
    const provider = names.providers.get(providerId);
    return { kind: 'provider', id: providerId, name: provider?.name ?? UNKNOWN_PROVIDER, disabled: provider ? !provider.active : false };
  }
  const user = userId === null ? undefined : names.users.get(userId);
  return { kind: 'user', id: userId ?? '', name: user?.displayName ?? UNKNOWN_USER, disabled: user?.disabled ?? false };
}

export const userRef = (names: Names, id: string | null) => (id === null ? null : { id, displayName: names.users.get(id)?.displayName ?? UNKNOWN_USER });

type ChartFacts = { id: string; mrn: string; givenName: string; familyName: string; dateOfBirth: string; phone: string | null; restricted: 'staff' | 'vip' | 'sensitive' | null };

async function chartsOf(db: Db, rows: readonly MessageRow[]): Promise<Map<string, ChartFacts>> {
  const ids = [...new Set(rows.map((row) => row.patientId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const charts = await db
    .selectFrom('patients')
    .select(['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'phone', 'restricted'])
    .where('id', 'in', ids)
    .execute();
  return new Map(charts.map((chart) => [chart.id, chart]));
}

/** Whether the session may read the message's text: no restricted chart it may not open is linked. */
export const textShown = (row: MessageRow, chart: ChartFacts | undefined, session: Session) =>
  row.patientId === null || (chart !== undefined && mayOpen(chart, session));

export async function toMessages(db: Db, session: Session, rows: readonly MessageRow[], today: string): Promise<Message[]> {
  const [charts, names] = await Promise.all([
    chartsOf(db, rows),
    namesOf(
      db,
      rows.flatMap((row) => [row.recipientUserId, row.takenBy, row.doneBy]),
      rows.map((row) => row.recipientProviderId),
    ),
  ]);
  return rows.map((row) => {
    const chart = row.patientId === null ? undefined : charts.get(row.patientId);
    const shown = textShown(row, chart, session);
    const text = <T,>(value: T) => (shown ? value : null);
    return {
      id: row.id,
      kind: row.kind,
      patientId: row.patientId,
      patient: shown && chart ? { mrn: chart.mrn, givenName: chart.givenName, familyName: chart.familyName, dateOfBirth: chart.dateOfBirth, phone: chart.phone } : null,
      hidden: !shown,
      callerName: text(row.callerName),
      callbackPhone: text(row.callbackPhone),
      subject: text(row.subject),
      body: text(row.body),
      urgency: row.urgency,
      recipient: recipientOf(names, row.recipientUserId, row.recipientProviderId),
      status: row.status,
      dueDate: row.dueDate,
      overdue: isOverdue(row, today),
      takenBy: userRef(names, row.takenBy),
      takenAt: row.createdAt,
      doneAt: row.doneAt,
      doneBy: userRef(names, row.doneBy),
      outcome: text(row.outcome),
      updatedAt: row.updatedAt,
    };
  });
}

const isOverdue = (row: Pick<MessageRow, 'status' | 'dueDate'>, today: string) => row.status !== 'done' && row.dueDate !== null && row.dueDate < today;

export async function toMessage(db: Db, clock: Clock, session: Session, row: MessageRow): Promise<Message> {
  const [message] = await toMessages(db, session, [row], await clinicToday(db, clock));
  return message!;
}

/** Which messages a list shows: by the index it reads (recipient user, recipient provider, or taker). */
export type ListScope = { by: 'recipientUserId' | 'takenBy'; id: string } | { by: 'recipientProviderId'; id: string | null };

/** The messages of a scope that are not removed, as a query to narrow further. */
function selectInScope(db: Db, scope: ListScope) {
  const query = db.selectFrom('messages').where('deletedAt', 'is', null);
  if (scope.by === 'recipientProviderId' && scope.id === null) return query.where('recipientProviderId', 'is not', null);
  return query.where(scope.by, '=', scope.id);
}

const URGENCY_RANK: Record<Urgency, number> = { urgent: 0, soon: 1, routine: 2 };

/** Overdue first, then urgent, soon, routine, then the earliest due date (none last), then the oldest. */
export function inboxOrder(today: string) {
  return (a: MessageRow, b: MessageRow): number =>
    Number(isOverdue(b, today)) - Number(isOverdue(a, today)) ||
    URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] ||
    (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id);
}

async function countsOf(db: Db, scope: ListScope, today: string): Promise<{ counts: StatusCounts; overdue: number }> {
  const rows = await selectInScope(db, scope)
    .select(['status', (eb) => eb.fn.countAll<number>().as('count'), sql<number>`sum(status <> 'done' AND due_date < ${today})`.as('overdue')])
    .groupBy('status')
    .execute();
  const counts: StatusCounts = { new: 0, in_progress: 0, done: 0 };
  for (const row of rows) counts[row.status] = row.count;
  return { counts, overdue: rows.reduce((sum, row) => sum + row.overdue, 0) };
}

export async function messageList(db: Db, clock: Clock, session: Session, scope: ListScope, status: MessageStatus): Promise<MessageList> {
  const today = await clinicToday(db, clock);
  const matching = selectInScope(db, scope).selectAll().where('status', '=', status);
  const ordered =
    status === 'done'
      ? await matching.orderBy('doneAt', 'desc').orderBy('id', 'desc').limit(MAX_DONE_LISTED).execute()
      : (await matching.execute()).sort(inboxOrder(today));
  const items = await toMessages(db, session, ordered, today);
  return { items, ...(await countsOf(db, scope, today)), today };
}

/** The scope of an inbox: my messages need a signed-in user. */
export function inboxScope(session: Session, box: MessageBox, providerId: string | undefined): ListScope {
  if (box === 'providers') return { by: 'recipientProviderId', id: providerId ?? null };
  if (session.userId === null) throw new AppError('FORBIDDEN', 'Sign in to see your messages');
  return { by: 'recipientUserId', id: session.userId };
}

export function sentScope(session: Session): ListScope {
  if (session.userId === null) throw new AppError('FORBIDDEN', 'Sign in to see the messages you took');
  return { by: 'takenBy', id: session.userId };
}

export async function recipients(db: Db): Promise<Recipients> {
  const users = await db.selectFrom('users').select(['id', 'displayName']).where('disabledAt', 'is', null).orderBy('displayName').execute();
  const providers = await db
    .selectFrom('providers')
    .select(['id', 'givenName', 'familyName', 'credentials'])
    .where('active', '=', 1)
    .where('deletedAt', 'is', null)
    .orderBy('familyName')
    .orderBy('givenName')
    .execute();
  return { users, providers: providers.map((p) => ({ id: p.id, displayName: providerName(p) })) };
}
