/**
 * A message's history, read from the op log (one op per changed column, with its author and HLC),
 * as the chart's edit history is: no table of its own. Each write of a message is one UPDATE (or
 * the INSERT), whose trigger records its ops consecutively, by one author on one device, in the
 * table's column order; so an op whose column comes no later than the previous op's starts the
 * next write (every write sets `updated_at`, the last column but one).
 */
import { sql } from 'kysely';
import type { MessageHistoryEntry, MessageStatus } from '../../../src-shared/messages/schema';
import { parseHlc } from '../../sync/hlc';
import type { Db } from '../scheduling/common';
import { namesOf, recipientOf, userRef } from './service';

interface Op {
  seq: number;
  hlc: string;
  deviceId: string;
  authorId: string | null;
  col: string;
  /** The column's position in the table. */
  position: number;
  value: string;
}

/** One write of the message: its ops, oldest first. */
function writesOf(ops: readonly Op[]): Op[][] {
  const writes: Op[][] = [];
  for (const op of ops) {
    const current = writes.at(-1);
    const last = current?.at(-1);
    const sameWrite =
      current !== undefined &&
      last !== undefined &&
      op.seq === last.seq + 1 &&
      op.authorId === last.authorId &&
      op.deviceId === last.deviceId &&
      op.position > last.position;
    if (sameWrite) current.push(op);
    else writes.push([op]);
  }
  return writes;
}

interface State {
  status: MessageStatus | null;
  recipientUserId: string | null;
  recipientProviderId: string | null;
  outcome: string | null;
}

const COLUMN_OF: Record<string, keyof State> = {
  status: 'status',
  recipient_user_id: 'recipientUserId',
  recipient_provider_id: 'recipientProviderId',
  outcome: 'outcome',
};

type Event = Omit<MessageHistoryEntry, 'by' | 'to'> & { byId: string | null; to: { userId: string | null; providerId: string | null } | null };

/** What a write did, given the message as it was before it; null when it changed nothing the history tells. */
function eventOf(write: readonly Op[], before: State, after: State): MessageHistoryEntry['event'] | null {
  const cols = new Set(write.map((op) => op.col));
  if (cols.has('created_at')) return 'taken';
  if (cols.has('recipient_user_id') || cols.has('recipient_provider_id')) return 'routed';
  if (!cols.has('status') || before.status === after.status) return null;
  if (after.status === 'done') return 'done';
  if (after.status === 'in_progress') return before.status === 'done' ? 'reopened' : 'started';
  return null;
}

function readEvents(ops: readonly Op[]): Event[] {
  let state: State = { status: null, recipientUserId: null, recipientProviderId: null, outcome: null };
  const events: Event[] = [];
  for (const write of writesOf(ops)) {
    const after = { ...state };
    for (const op of write) {
      const key = COLUMN_OF[op.col];
      if (key) (after as Record<keyof State, string | null>)[key] = JSON.parse(op.value) as string | null;
    }
    const event = eventOf(write, state, after);
    if (event) {
      const routed = event === 'taken' || event === 'routed';
      events.push({
        event,
        at: new Date(parseHlc(write[0]!.hlc).ms).toISOString(),
        byId: write[0]!.authorId,
        to: routed ? { userId: after.recipientUserId, providerId: after.recipientProviderId } : null,
        outcome: event === 'done' ? after.outcome : null,
      });
    }
    state = after;
  }
  return events;
}

/** The message's history, oldest first (every op of its row: a write's ops are told apart by being consecutive); `showText` false withholds outcomes (a restricted chart). */
export async function messageHistory(db: Db, messageId: string, showText: boolean): Promise<MessageHistoryEntry[]> {
  const { rows } = await sql<Op>`
    SELECT o.seq, o.hlc, o.device_id AS "deviceId", o.author_id AS "authorId", o.col, c.cid AS position, o.value
    FROM sync_ops AS o JOIN pragma_table_info('messages') AS c ON c.name = o.col
    WHERE o.tbl = 'messages' AND o.row_id = ${messageId}
    ORDER BY o.seq`.execute(db);
  const events = readEvents(rows);
  const names = await namesOf(
    db,
    events.flatMap((e) => [e.byId, e.to?.userId ?? null]),
    events.map((e) => e.to?.providerId ?? null),
  );
  return events.map(({ byId, to, outcome, ...event }) => ({
    ...event,
    by: userRef(names, byId),
    to: to ? recipientOf(names, to.userId, to.providerId) : null,
    outcome: showText ? outcome : null,
  }));
}
