import { describe, expect, it } from 'vitest';
import type { ChangesSince } from '../../../src-shared/changes/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { freshTestAppPerTest, validPatient, valueOf, type TestApp } from '../../support/test-app';

let app: TestApp;
freshTestAppPerTest((opened) => (app = opened));

const since = async (input: { cursor?: number; limit?: number }) => valueOf<ChangesSince>(await app.call('changes.since', input));
const create = async (familyName: string) => valueOf<Patient>(await app.call('patients.create', { ...validPatient, confirmNewPatient: true, familyName }));
const opCount = () => app.database.sqlite.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;

/** Reads the whole feed after `cursor` in pages of `limit`, as a subscriber would. */
async function drain(cursor: number, limit: number): Promise<{ cursor: number; pages: ChangesSince[] }> {
  const pages: ChangesSince[] = [];
  for (;;) {
    const page = await since({ cursor, limit });
    pages.push(page);
    cursor = page.cursor;
    if (!page.more) return { cursor, pages };
    expect(pages.length).toBeLessThan(1_000);
  }
}

describe('changes.since', () => {
  it('without a cursor returns the head and no changes', async () => {
    const empty = await since({});
    expect(empty).toEqual({ cursor: 0, changes: [], more: false });

    await create('Lopez');
    const head = await since({});
    expect(head.cursor).toBe(opCount());
    expect(head.changes).toEqual([]);
    expect(head.more).toBe(false);
  });

  it('after writes returns each changed table with its distinct row ids and a larger cursor', async () => {
    const { cursor: start } = await since({});
    const a = await create('Lopez');
    const b = await create('Nguyen');
    await app.call('patients.update', { id: a.id, givenName: 'Marisol' });

    const feed = await since({ cursor: start });
    expect(feed.cursor).toBeGreaterThan(start);
    expect(feed.cursor).toBe((await since({})).cursor);
    expect(feed.more).toBe(false);
    expect(feed.changes).toHaveLength(1);
    expect(feed.changes[0]!.table).toBe('patients');
    expect([...feed.changes[0]!.ids].sort()).toEqual([a.id, b.id].sort());
    expect(new Set(feed.changes[0]!.ids).size).toBe(feed.changes[0]!.ids.length);
  });

  it('reports only what changed after the cursor', async () => {
    const a = await create('Lopez');
    const { cursor } = await since({});
    const b = await create('Nguyen');
    const afterCreate = await since({ cursor });
    expect(afterCreate.changes).toEqual([{ table: 'patients', ids: [b.id] }]);
    await app.call('patients.update', { id: a.id, givenName: 'Marisol' });
    const afterUpdate = await since({ cursor: afterCreate.cursor });
    expect(afterUpdate.changes).toEqual([{ table: 'patients', ids: [a.id] }]);
    expect(afterUpdate.cursor).toBeGreaterThan(afterCreate.cursor);
  });

  it('pages with limit and more, losing nothing and never going back', async () => {
    const { cursor: start } = await since({});
    const created = [];
    for (const name of ['Lopez', 'Nguyen', 'Okafor', 'Park']) created.push(await create(name));
    const totalOps = opCount();
    const limit = 3;

    const first = await since({ cursor: start, limit });
    expect(first.more).toBe(true);
    expect(first.cursor).toBe(start + limit);

    const { cursor, pages } = await drain(start, limit);
    expect(pages.length).toBe(Math.ceil((totalOps - start) / limit));
    expect(pages.slice(0, -1).every((p) => p.more)).toBe(true);
    expect(pages.at(-1)!.more).toBe(false);
    const cursors = pages.map((p) => p.cursor);
    for (let i = 1; i < cursors.length; i++) expect(cursors[i]).toBeGreaterThan(cursors[i - 1]!);
    expect(cursor).toBe(totalOps);
    const seen = new Set(pages.flatMap((p) => p.changes.flatMap((c) => c.ids)));
    expect([...seen].sort()).toEqual(created.map((p) => p.id).sort());
  });

  it('returns nothing at the head, and keeps the cursor', async () => {
    await create('Lopez');
    const { cursor } = await since({});
    expect(await since({ cursor })).toEqual({ cursor, changes: [], more: false });
    expect(await since({ cursor, limit: 1 })).toEqual({ cursor, changes: [], more: false });
  });

  it('says more is false when the page ends exactly at the head', async () => {
    const { cursor: start } = await since({});
    await create('Lopez');
    const total = opCount() - start;
    const page = await since({ cursor: start, limit: total });
    expect(page.more).toBe(false);
    expect(page.cursor).toBe(start + total);
  });

  it('refuses a bad cursor or limit with VALIDATION', async () => {
    for (const input of [{ cursor: -1 }, { cursor: 1.5 }, { cursor: 'abc' }, { limit: 0 }, { limit: 10_001 }]) {
      const result = await app.call('changes.since', input);
      expect(!result.ok && result.error.code, JSON.stringify(input)).toBe('VALIDATION');
    }
  });

  it('tells subscribers the new head after each committed write', async () => {
    const heads: number[] = [];
    app.changes.on('change', (cursor) => heads.push(cursor));
    await create('Lopez');
    await app.call('patients.search', { query: 'lopez' });
    await app.call('patients.create', { ...validPatient, confirmNewPatient: true, givenName: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heads).toEqual([opCount()]);
  });
});
