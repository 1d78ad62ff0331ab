import type { Kysely } from 'kysely';
import type { ChangesSince } from '../../../src-shared/changes/schema';
import type { Database } from '../../db/schema';

export async function changeFeedHead(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('syncOps').select((eb) => eb.fn.max('seq').as('head')).executeTakeFirst();
  return row?.head ?? 0;
}

/** Which rows of which tables changed after `cursor` (from the op log), and the cursor to ask from next. */
export async function changesSince(
  db: Kysely<Database>,
  { cursor, limit }: { cursor?: number | undefined; limit: number },
): Promise<ChangesSince> {
  if (cursor === undefined) return { cursor: await changeFeedHead(db), changes: [], more: false };
  const ops = await db
    .selectFrom('syncOps')
    .select(['seq', 'tbl', 'rowId'])
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = ops.slice(0, limit);
  const byTable = new Map<string, Set<string>>();
  for (const op of page) {
    const ids = byTable.get(op.tbl) ?? new Set<string>();
    ids.add(op.rowId);
    byTable.set(op.tbl, ids);
  }
  return {
    cursor: page.at(-1)?.seq ?? cursor,
    changes: [...byTable].map(([table, ids]) => ({ table, ids: [...ids] })),
    more: ops.length > limit,
  };
}
