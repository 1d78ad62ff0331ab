import { defineMethod } from '../rpc/define';
import {
  createMessageInput,
  inboxInput,
  messageDetailOutput,
  messageIdInput,
  messageListInput,
  messageListOutput,
  messageSchema,
  reassignInput,
  recipientsInput,
  recipientsOutput,
  setStatusInput,
} from './schema';

/**
 * RPC methods of phone messages and tasks (issue 6). Spread into the one contract (src-shared/rpc/contract.ts).
 *
 * Permission `messages.use` for all. A session sees a message addressed to its user, one it took,
 * and every provider's messages (users are not linked to providers, so provider messages are one
 * shared list); any other message is refused (FORBIDDEN, `details.reason = 'not_yours'`).
 * A message about a restricted chart the session may not open comes without the patient and
 * without its text (`hidden`), as the schedule shows such appointments.
 *
 * Writes are audited on the patient's chart when a patient is linked, else on the message; the
 * audit detail holds ids, kind, urgency and statuses, never the message's text.
 *
 * Refusals name the field, and say why in `details.reason` where a field alone does not:
 * `recipient_disabled`, `recipient_inactive`, `due_date_past`, `same_recipient`, `illegal_transition`
 * (with `from` and `to`), `message_done` (route a done message: reopen it first).
 */
export const messageMethods = {
  /** A phone message (caller required) or a task; refused without a recipient, nothing saved. */
  'messages.create': defineMethod({ input: createMessageInput, output: messageSchema, permission: 'messages.use', kind: 'write' }),
  /**
   * My inbox (box `mine`) or the providers' messages (box `providers`), by status: overdue first,
   * then urgent, soon, routine, then by due date; done ones latest first (the last 100).
   */
  'messages.inbox': defineMethod({ input: inboxInput, output: messageListOutput, permission: 'messages.use', kind: 'read' }),
  /** What I took or assigned, in the inbox's order. */
  'messages.sent': defineMethod({ input: messageListInput, output: messageListOutput, permission: 'messages.use', kind: 'read' }),
  /** new → in progress, new or in progress → done (with an outcome), done → in progress (reopened). */
  'messages.setStatus': defineMethod({ input: setStatusInput, output: messageSchema, permission: 'messages.use', kind: 'write' }),
  /** Routes an open message to someone else; it arrives as new in their inbox. */
  'messages.reassign': defineMethod({ input: reassignInput, output: messageSchema, permission: 'messages.use', kind: 'write' }),
  /** One message and its history: taken by whom and when, routings, starts, done, reopened. */
  'messages.get': defineMethod({ input: messageIdInput, output: messageDetailOutput, permission: 'messages.use', kind: 'read' }),
  /** Whom a message can be for: active users and active providers. */
  'messages.recipients': defineMethod({ input: recipientsInput, output: recipientsOutput, permission: 'messages.use', kind: 'read' }),
} as const;
