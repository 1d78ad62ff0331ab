import { z } from 'zod';
import { blankToNull, optionalText, phoneSchema } from '../patients/schema';
import { isIsoDate } from '../validation/dates';

/**
 * Phone messages and tasks (migration 0008, table `messages`): taken at the desk for a colleague or
 * a provider, worked from the recipient's inbox (new → in progress → done with an outcome).
 */
export const MESSAGE_KINDS = ['phone_message', 'task'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_KIND_LABELS: Readonly<Record<MessageKind, string>> = { phone_message: 'Phone message', task: 'Task' };

/** Most urgent first: the inbox's order after overdue. */
export const URGENCIES = ['urgent', 'soon', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = { urgent: 'Urgent', soon: 'Soon', routine: 'Routine' };

export const MESSAGE_STATUSES = ['new', 'in_progress', 'done'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const MESSAGE_STATUS_LABELS: Readonly<Record<MessageStatus, string>> = { new: 'New', in_progress: 'In progress', done: 'Done' };

/**
 * The moves a message may make: started, done (from new too: a quick call-back needs no start),
 * reopened from done. Nothing goes back to new except by being routed to someone else.
 */
export const NEXT_MESSAGE_STATUSES: Readonly<Record<MessageStatus, readonly MessageStatus[]>> = {
  new: ['in_progress', 'done'],
  in_progress: ['done'],
  done: ['in_progress'],
};

export const canChangeMessageStatus = (from: MessageStatus, to: MessageStatus) => NEXT_MESSAGE_STATUSES[from].includes(to);

export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_LENGTH = 4000;
export const MAX_OUTCOME_LENGTH = 1000;
export const MAX_CALLER_LENGTH = 100;

const id = (what: string) => z.uuid({ error: `Not a valid ${what} id` });

export const NO_RECIPIENT_MESSAGE = 'Choose who this is for: a colleague or a provider';

/** Whom a message is for: a colleague (a user) or a provider. */
export const recipientSchema = z.discriminatedUnion(
  'kind',
  [z.object({ kind: z.literal('user'), userId: id('user') }), z.object({ kind: z.literal('provider'), providerId: id('provider') })],
  { error: NO_RECIPIENT_MESSAGE },
);
export type RecipientInput = z.infer<typeof recipientSchema>;

const requiredText = (max: number, missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `At most ${max} characters`);

const dueDateSchema = z.preprocess(
  blankToNull,
  z.string({ error: 'Enter a date as YYYY-MM-DD' }).refine(isIsoDate, 'Enter a real date as YYYY-MM-DD').nullable().default(null),
);

export const createMessageInput = z
  .object({
    kind: z.enum(MESSAGE_KINDS, { error: 'Choose phone message or task' }).default('phone_message'),
    /** Who called; required for a phone message. */
    callerName: optionalText(MAX_CALLER_LENGTH).default(null),
    patientId: z.preprocess(blankToNull, id('patient').nullable()).default(null),
    /** Stored as E.164. */
    callbackPhone: phoneSchema.default(null),
    subject: requiredText(MAX_SUBJECT_LENGTH, 'Enter the reason'),
    body: optionalText(MAX_BODY_LENGTH).default(null),
    urgency: z.enum(URGENCIES, { error: 'Choose routine, soon or urgent' }).default('routine'),
    /** Required: a message with no recipient is refused (VALIDATION on `recipient`), nothing saved. */
    recipient: recipientSchema,
    /** Not in the past (the clinic's today). */
    dueDate: dueDateSchema,
  })
  .check((ctx) => {
    if (ctx.value.kind === 'phone_message' && ctx.value.callerName === null) {
      ctx.issues.push({ code: 'custom', input: ctx.value.callerName, path: ['callerName'], message: 'Enter who called' });
    }
  });
export type CreateMessageInput = z.input<typeof createMessageInput>;

/** Which list: addressed to me, or to any provider (users are not linked to providers, so these are shared). */
export const MESSAGE_BOXES = ['mine', 'providers'] as const;
export type MessageBox = (typeof MESSAGE_BOXES)[number];

export const messageListInput = z.object({
  status: z.enum(MESSAGE_STATUSES, { error: 'Choose new, in progress or done' }).default('new'),
});

export const inboxInput = messageListInput.extend({
  box: z.enum(MESSAGE_BOXES, { error: 'Choose my messages or provider messages' }).default('mine'),
  /** Provider messages of this provider only. */
  providerId: id('provider').optional(),
});

export const setStatusInput = z
  .object({
    id: id('message'),
    status: z.enum(['in_progress', 'done'], { error: 'Choose in progress or done' }),
    /** Required when marking done: what was done (called back, refill sent…). */
    outcome: optionalText(MAX_OUTCOME_LENGTH).default(null),
  })
  .check((ctx) => {
    if (ctx.value.status === 'done' && ctx.value.outcome === null) {
      ctx.issues.push({ code: 'custom', input: ctx.value.outcome, path: ['outcome'], message: 'Say what was done (the outcome)' });
    }
  });

export const reassignInput = z.object({ id: id('message'), recipient: recipientSchema });

export const messageIdInput = z.object({ id: id('message') });

const userRefSchema = z.object({ id: z.string(), displayName: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;

export const recipientSchemaOut = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: z.string(), name: z.string(), disabled: z.boolean() }),
  z.object({ kind: z.literal('provider'), id: z.string(), name: z.string(), disabled: z.boolean() }),
]);
export type Recipient = z.infer<typeof recipientSchemaOut>;

export const messageSchema = z.object({
  id: z.string(),
  kind: z.enum(MESSAGE_KINDS),
  patientId: z.string().nullable(),
  /** The linked patient, when the session may open the chart (as on the schedule). */
  patient: z.object({ mrn: z.string(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.string(), phone: z.string().nullable() }).nullable(),
  /**
   * About a restricted chart the session may not open: the patient and every free-text field
   * (caller, callback number, reason, details, outcome) are withheld; opening the chart (break-glass) shows them.
   */
  hidden: z.boolean(),
  callerName: z.string().nullable(),
  callbackPhone: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  urgency: z.enum(URGENCIES),
  recipient: recipientSchemaOut,
  status: z.enum(MESSAGE_STATUSES),
  dueDate: z.string().nullable(),
  /** Open, with a due date before the clinic's today. */
  overdue: z.boolean(),
  takenBy: userRefSchema.nullable(),
  takenAt: z.string(),
  doneAt: z.string().nullable(),
  doneBy: userRefSchema.nullable(),
  outcome: z.string().nullable(),
  updatedAt: z.string(),
});
export type Message = z.infer<typeof messageSchema>;

export const statusCountsSchema = z.object({ new: z.number(), in_progress: z.number(), done: z.number() });
export type StatusCounts = z.infer<typeof statusCountsSchema>;

/** At most this many done messages are listed (latest first); open ones are all listed. */
export const MAX_DONE_LISTED = 100;

export const messageListOutput = z.object({
  items: z.array(messageSchema),
  counts: statusCountsSchema,
  /** Open messages past their due date, whatever tab is shown. */
  overdue: z.number(),
  /** The clinic's today, which "overdue" was measured against. */
  today: z.string(),
});
export type MessageList = z.infer<typeof messageListOutput>;

export const HISTORY_EVENTS = ['taken', 'routed', 'started', 'done', 'reopened'] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

export const historyEntrySchema = z.object({
  event: z.enum(HISTORY_EVENTS),
  at: z.string(),
  by: userRefSchema.nullable(),
  /** Taken and routed: for whom. */
  to: recipientSchemaOut.nullable(),
  /** Done: the outcome (withheld with the message's text for a restricted chart). */
  outcome: z.string().nullable(),
});
export type MessageHistoryEntry = z.infer<typeof historyEntrySchema>;

export const messageDetailOutput = z.object({ message: messageSchema, history: z.array(historyEntrySchema) });
export type MessageDetail = z.infer<typeof messageDetailOutput>;

export const recipientsInput = z.object({}).default({});

export const recipientsOutput = z.object({
  users: z.array(userRefSchema),
  providers: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type Recipients = z.infer<typeof recipientsOutput>;
