import type { messageMethods } from '../../../src-shared/messages/contract';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import type { AuditAction, AuditDetail } from '../audit/log';
import { messageHistory } from './history';
import {
  createMessage,
  inboxScope,
  messageList,
  reassignMessage,
  recipients,
  sentScope,
  setMessageStatus,
  toMessage,
  workableMessage,
  type MessageRow,
} from './service';

const recipientDetail = (row: MessageRow): AuditDetail =>
  row.recipientProviderId !== null ? { recipientKind: 'provider', recipientId: row.recipientProviderId } : { recipientKind: 'user', recipientId: row.recipientUserId };

/**
 * On the linked chart's audit trail (so it shows in the chart's access report), else on the
 * message. Ids, kind, urgency and statuses only: never the message's text.
 */
async function audit(ctx: HandlerContext, action: AuditAction, row: MessageRow, detail: AuditDetail): Promise<void> {
  const what = { messageId: row.id, kind: row.kind, urgency: row.urgency, ...detail };
  if (row.patientId !== null) return recordChartEntry(ctx, action, row.patientId, what);
  await ctx.services.audit.record(ctx.db, { action, userId: ctx.session.userId, entityType: 'message', entityId: row.id, detail: what });
}

export const messageHandlers: Pick<Handlers, keyof typeof messageMethods> = {
  'messages.create': async (input, ctx) => {
    const row = await createMessage(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'message.create', row, { ...recipientDetail(row), dueDate: row.dueDate });
    return toMessage(ctx.db, ctx.clock, ctx.session, row);
  },
  'messages.inbox': ({ box, providerId, status }, ctx) => messageList(ctx.db, ctx.clock, ctx.session, inboxScope(ctx.session, box, providerId), status),
  'messages.sent': ({ status }, ctx) => messageList(ctx.db, ctx.clock, ctx.session, sentScope(ctx.session), status),
  'messages.setStatus': async (input, ctx) => {
    const { before, after } = await setMessageStatus(ctx.db, ctx.clock, ctx.session, input);
    await audit(ctx, 'message.status', after, { from: before.status, to: after.status });
    return toMessage(ctx.db, ctx.clock, ctx.session, after);
  },
  'messages.reassign': async (input, ctx) => {
    const { before, after } = await reassignMessage(ctx.db, ctx.clock, ctx.session, input);
    const from = recipientDetail(before);
    await audit(ctx, 'message.reassign', after, { fromKind: from.recipientKind!, fromId: from.recipientId!, ...recipientDetail(after), statusBefore: before.status });
    return toMessage(ctx.db, ctx.clock, ctx.session, after);
  },
  'messages.get': async ({ id }, ctx) => {
    const row = await workableMessage(ctx.db, ctx.session, id);
    const message = await toMessage(ctx.db, ctx.clock, ctx.session, row);
    return { message, history: await messageHistory(ctx.db, row.id, !message.hidden) };
  },
  'messages.recipients': (_input, ctx) => recipients(ctx.db),
};
