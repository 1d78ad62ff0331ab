/**
 * The change feed imports `call` and `subscribe` from rpc.ts, which picks its transport from
 * `window.clinic` when it loads. A fake Electron bridge there is the seam: every `changes.since`
 * the feed asks is answered by the test, one at a time, and the bridge's subscribe hands the
 * test the feed's listener.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangesSince } from '../../../src-shared/changes/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { deferred, installFakeBrowser, settle } from './fake-browser';

interface PendingCall {
  input: { cursor?: number };
  answer(result: RpcResult<ChangesSince>): Promise<void>;
}

async function loadFeed() {
  const pending: PendingCall[] = [];
  const inputs: { cursor?: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let notify: ((cursor: number) => void) | null = null;

  const clinic = {
    call: vi.fn(async (method: string, input: unknown) => {
      expect(method).toBe('changes.since');
      inputs.push(input as { cursor?: number });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const reply = deferred<RpcResult<ChangesSince>>();
      pending.push({
        input: input as { cursor?: number },
        answer: async (result) => {
          inFlight -= 1;
          reply.resolve(result);
          await settle();
        },
      });
      return reply.promise;
    }),
    subscribe: vi.fn((listener: (cursor: number) => void) => {
      notify = listener;
      return () => undefined;
    }),
  };
  installFakeBrowser({ clinic });
  vi.resetModules();
  const feed = await import('../../../src-renderer/lib/change-feed');

  /** The one call waiting for an answer (fails the test if there is not exactly one). */
  const next = async () => {
    await settle();
    expect(pending, 'calls waiting for an answer').toHaveLength(1);
    return pending.shift() as PendingCall;
  };
  const announce = async (cursor: number) => {
    expect(notify, 'the feed subscribed').not.toBeNull();
    notify?.(cursor);
    await settle();
  };
  return { feed, clinic, inputs, next, announce, pending, maxInFlight: () => maxInFlight };
}

const page = (cursor: number, changes: ChangesSince['changes'], more = false): RpcResult<ChangesSince> => ({
  ok: true,
  value: { cursor, changes, more },
});
const unreachable: RpcResult<ChangesSince> = { ok: false, error: { code: 'INTERNAL', message: 'Cannot reach the clinic service.' } };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startChangeFeed', () => {
  it('first learns the head, without history, and subscribes once however often it is started', async () => {
    const { feed, clinic, next } = await loadFeed();
    feed.startChangeFeed();
    feed.startChangeFeed();
    const head = await next();
    expect(head.input).toEqual({});
    await head.answer(page(10, []));
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 10, versions: {} });
    feed.startChangeFeed();
    await settle();
    expect(clinic.subscribe).toHaveBeenCalledTimes(1);
    expect(clinic.call).toHaveBeenCalledTimes(1);
  });

  it('ignores announcements of a cursor it has already reached', async () => {
    const { feed, clinic, next, announce } = await loadFeed();
    feed.startChangeFeed();
    await (await next()).answer(page(10, []));
    await announce(10);
    await announce(4);
    expect(clinic.call).toHaveBeenCalledTimes(1);
  });

  it('reads every page while `more`, then bumps each touched table once for the whole batch', async () => {
    const { feed, next, announce, inputs } = await loadFeed();
    feed.startChangeFeed();
    await (await next()).answer(page(10, []));

    await announce(25);
    await (await next()).answer(page(15, [{ table: 'patients', ids: ['a', 'b'] }], true));
    expect(feed.useChangeFeed.getState().cursor).toBe(10); // not caught up until the last page
    await (await next()).answer(page(20, [{ table: 'patients', ids: ['b', 'c'] }, { table: 'appointments', ids: ['x'] }], true));
    await (await next()).answer(page(25, [], false));

    expect(inputs).toEqual([{}, { cursor: 10 }, { cursor: 15 }, { cursor: 20 }]);
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 25, versions: { patients: 1, appointments: 1 } });

    await announce(26);
    await (await next()).answer(page(26, [{ table: 'patients', ids: ['a'] }]));
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 26, versions: { patients: 2, appointments: 1 } });
  });

  it('moves the cursor without bumping anything for pages with no changes', async () => {
    const { feed, next, announce } = await loadFeed();
    feed.startChangeFeed();
    await (await next()).answer(page(10, []));
    const before = feed.useChangeFeed.getState().versions;
    await announce(12);
    await (await next()).answer(page(12, []));
    expect(feed.useChangeFeed.getState().cursor).toBe(12);
    expect(feed.useChangeFeed.getState().versions).toBe(before);
  });

  it('pulls one at a time: announcements during a pull cause exactly one more pull, from where it ended', async () => {
    const { feed, next, announce, inputs, pending, maxInFlight } = await loadFeed();
    feed.startChangeFeed();
    await (await next()).answer(page(10, []));

    await announce(11);
    const first = await next();
    await announce(12);
    await announce(13);
    await announce(14);
    expect(pending).toHaveLength(0); // nothing asked while the first pull is out
    await first.answer(page(11, [{ table: 'patients', ids: ['a'] }]));

    const again = await next();
    expect(again.input).toEqual({ cursor: 11 });
    await again.answer(page(14, [{ table: 'patients', ids: ['b'] }]));
    await settle();

    expect(pending).toHaveLength(0);
    expect(inputs).toEqual([{}, { cursor: 10 }, { cursor: 11 }]);
    expect(maxInFlight()).toBe(1);
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 14, versions: { patients: 2 } });
  });

  it('an announcement during the first head request is followed by a pull from that head', async () => {
    const { feed, next, announce, inputs } = await loadFeed();
    feed.startChangeFeed();
    const head = await next();
    await announce(11);
    await head.answer(page(10, []));
    await (await next()).answer(page(11, [{ table: 'patients', ids: ['a'] }]));
    expect(inputs).toEqual([{}, { cursor: 10 }]);
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 11, versions: { patients: 1 } });
  });

  it('keeps what it read when a later page fails, and resumes from there on the next announcement', async () => {
    const { feed, next, announce, inputs } = await loadFeed();
    feed.startChangeFeed();
    await (await next()).answer(page(10, []));

    await announce(30);
    await (await next()).answer(page(20, [{ table: 'patients', ids: ['a'] }], true));
    await (await next()).answer(unreachable);
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 20, versions: { patients: 1 } });

    await announce(30);
    await (await next()).answer(page(30, [{ table: 'patients', ids: ['b'] }]));
    expect(inputs).toEqual([{}, { cursor: 10 }, { cursor: 20 }, { cursor: 20 }]);
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 30, versions: { patients: 2 } });
  });

  it('asks for the head again after the first request failed', async () => {
    const { feed, next, announce, inputs } = await loadFeed();
    feed.startChangeFeed();
    await (await next()).answer(unreachable);
    expect(feed.useChangeFeed.getState().cursor).toBeNull();
    await announce(7);
    await (await next()).answer(page(7, []));
    expect(inputs).toEqual([{}, {}]);
    expect(feed.useChangeFeed.getState()).toEqual({ cursor: 7, versions: {} });
  });
});
