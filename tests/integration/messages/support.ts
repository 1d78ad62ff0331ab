import { afterEach, beforeEach, expect } from 'vitest';
import type { CreateMessageInput, Message, MessageDetail, MessageList } from '../../../src-shared/messages/schema';
import type { MethodName } from '../../../src-shared/rpc/contract';
import type { RpcError } from '../../../src-shared/rpc/errors';
import { valueOf } from '../../support/test-app';
import { openDesk, type Desk } from '../front-desk/support';
import { errorOf } from '../scheduling/support';

export type Who = 'admin' | 'desk' | 'billing';

/** The front-desk test clinic (Hopper, Lovelace, Maria, Sam; admin, desk and billing users signed in), with message helpers. */
export interface MessageDesk extends Desk {
  userIds: Record<Who, string>;
  as<T = Message>(who: Who, method: MethodName, input: unknown): Promise<T>;
  refusedAs(who: Who, method: MethodName, input: unknown): Promise<RpcError>;
  /** A phone message from Maria's daughter for `to` (billing by default), taken by `by` (desk by default). */
  take(input?: Partial<CreateMessageInput>, by?: Who): Promise<Message>;
  inbox(who: Who, input?: Record<string, unknown>): Promise<MessageList>;
  detail(who: Who, id: string): Promise<MessageDetail>;
  /** Rows of messages, the op log and the audit log: what a refusal must leave as it was. */
  counts(): Record<string, number>;
}

const COUNTED = ['messages', 'sync_ops', 'audit_log'];

export async function openMessageDesk(): Promise<MessageDesk> {
  const desk = await openDesk();
  const userId = async (who: Who) => (await desk.dispatch('auth.session', {}, desk.sessions[who]).then((r) => valueOf<{ user: { id: string } }>(r))).user.id;
  const userIds = { admin: await userId('admin'), desk: await userId('desk'), billing: await userId('billing') };
  const as = async <T,>(who: Who, method: MethodName, input: unknown) => valueOf<T>(await desk.dispatch(method, input, desk.sessions[who]), method);
  return {
    ...desk,
    userIds,
    as,
    refusedAs: async (who, method, input) => errorOf(await desk.dispatch(method, input, desk.sessions[who])),
    take: (input = {}, by = 'desk') =>
      as<Message>(by, 'messages.create', {
        callerName: 'Ana Lopez (daughter)',
        callbackPhone: '(617) 555-0199',
        subject: 'Asks about her mother’s refill',
        body: 'Pharmacy says the prescription expired.',
        recipient: { kind: 'user', userId: userIds.billing },
        ...input,
      }),
    inbox: (who, input = {}) => as<MessageList>(who, 'messages.inbox', input),
    detail: (who, id) => as<MessageDetail>(who, 'messages.get', { id }),
    counts: () => Object.fromEntries(COUNTED.map((table) => [table, desk.app.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number])),
  };
}

export function messageDeskPerTest(): () => MessageDesk {
  let desk: MessageDesk | null = null;
  beforeEach(async () => {
    desk = await openMessageDesk();
  });
  afterEach(async () => {
    await desk?.app.dispose();
    desk = null;
  });
  return () => desk!;
}

/** A refusal that saved nothing: no message, op or audit entry. */
export async function expectRefusedUnchanged(d: MessageDesk, who: Who, method: MethodName, input: unknown): Promise<RpcError> {
  const before = d.counts();
  const error = await d.refusedAs(who, method, input);
  expect(d.counts()).toEqual(before);
  return error;
}
