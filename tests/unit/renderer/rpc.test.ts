import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClinicBridge } from '../../../src-renderer/lib/rpc';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { installFakeBrowser, settle, type FakeBrowserOptions } from './fake-browser';

type FetchInit = { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal };
type FetchHandler = (url: string, init: FetchInit) => Promise<Response>;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const HEAD = { ok: true, value: { cursor: 3, changes: [], more: false } };

/** A `/events` body the test writes to; it errors when the request is aborted, as fetch's does. */
function eventStream(signal: AbortSignal | undefined) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } }),
    write: (bytes: Uint8Array) => controller.enqueue(bytes),
    end: () => controller.close(),
  };
}

/** Installs the fake browser and a fetch, then imports rpc.ts afresh (it reads the globals on import). */
async function load(options: FakeBrowserOptions = {}, handler: FetchHandler = async () => json(HEAD)) {
  const browser = installFakeBrowser(options);
  const fetchMock = vi.fn((url: string, init: FetchInit = {}) => handler(url, init));
  vi.stubGlobal('fetch', fetchMock);
  vi.resetModules();
  const rpc = await import('../../../src-renderer/lib/rpc');
  const requests = (path: string) => fetchMock.mock.calls.filter(([url]) => url === path).map(([, init]) => init);
  return { browser, rpc, fetchMock, requests };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('launch token', () => {
  it('takes the token out of #token=…, keeps it in sessionStorage, leaves path and query, and sends it', async () => {
    const { browser, rpc, requests } = await load({ url: 'http://127.0.0.1:5123/app/?lang=en#token=abc_DEF-123' });

    expect(browser.storage.get(rpc.TOKEN_STORAGE_KEY)).toBe('abc_DEF-123');
    expect(browser.window.history.replaceState).toHaveBeenCalledTimes(1);
    expect(browser.window.history.replaceState).toHaveBeenCalledWith({ idx: 3 }, '', '/app/?lang=en#/');
    expect(browser.window.location).toEqual({ pathname: '/app/', search: '?lang=en', hash: '#/' });

    await rpc.call('system.info', {});
    expect(requests('/rpc')[0]?.headers).toMatchObject({ authorization: 'Bearer abc_DEF-123' });
  });

  it.each(['#token=abc123&from=start', '#token=abc123/patients/42'])('reads the token from %j', async (hash) => {
    const { browser, rpc, requests } = await load({ url: `/${hash}` });
    expect(browser.storage.get(rpc.TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(browser.window.location.hash).toBe('#/');
    await rpc.call('system.info', {});
    expect(requests('/rpc')[0]?.headers).toMatchObject({ authorization: 'Bearer abc123' });
  });

  it.each(['', '#/patients/42', '#token=', '#xtoken=abc', '#/x?token=abc', '#token=abc?x=1', '#token=ab%20cd'])(
    'leaves the address %j alone and sends no token when none is stored',
    async (hash) => {
      const { browser, rpc, requests } = await load({ url: `/${hash}` });
      expect(browser.window.history.replaceState).not.toHaveBeenCalled();
      expect(browser.window.location.hash).toBe(hash);
      expect(browser.storage.size).toBe(0);
      await rpc.call('system.info', {});
      expect(requests('/rpc')[0]?.headers).not.toHaveProperty('authorization');
    },
  );

  it('uses the stored token after a reload (no token in the address)', async () => {
    const { browser, rpc, requests } = await load({ url: '/#/patients/42', stored: { 'clinic.token': 'saved' } });
    expect(browser.window.history.replaceState).not.toHaveBeenCalled();
    expect(browser.window.location.hash).toBe('#/patients/42');
    await rpc.call('system.info', {});
    expect(requests('/rpc')[0]?.headers).toMatchObject({ authorization: 'Bearer saved' });
    expect(rpc.takeTokenFromLocation()).toBe('saved');
  });

  it('prefers a fresh token in the address to the stored one', async () => {
    const { browser, rpc, requests } = await load({ url: '/#token=fresh', stored: { 'clinic.token': 'stale' } });
    expect(browser.storage.get('clinic.token')).toBe('fresh');
    await rpc.call('system.info', {});
    expect(requests('/rpc')[0]?.headers).toMatchObject({ authorization: 'Bearer fresh' });
  });

  it('still uses (and still hides) the token when sessionStorage is refused', async () => {
    const { browser, rpc, requests } = await load({ url: '/#token=inmemory', storageThrows: true });
    expect(browser.window.location.hash).toBe('#/');
    await rpc.call('system.info', {});
    expect(requests('/rpc')[0]?.headers).toMatchObject({ authorization: 'Bearer inmemory' });
    expect(rpc.takeTokenFromLocation()).toBeNull();
  });

  it('adopts a new token pasted into an open tab: hides it from the router, reconnects the stream with it', async () => {
    const streams: ReturnType<typeof eventStream>[] = [];
    const { browser, rpc, requests } = await load({ url: '/#/patients', stored: { 'clinic.token': 'old' } }, async (url, init) => {
      if (url === '/events') {
        const stream = eventStream(init.signal);
        streams.push(stream);
        return stream.response;
      }
      return json({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Missing or wrong launch token: open the address printed at start-up' } }, 401);
    });
    const routerSaw: string[] = [];
    browser.window.addEventListener('hashchange', () => routerSaw.push(browser.window.location.hash));
    const unsubscribe = rpc.subscribe(() => undefined);
    await settle();
    expect(rpc.useConnection.getState().state).toBe('unauthorized'); // the head call was refused
    const oldStream = requests('/events')[0];
    expect(oldStream?.headers).toMatchObject({ authorization: 'Bearer old' });

    browser.navigate('/#token=new');
    await settle();

    expect(routerSaw).toEqual(['#/']);
    expect(browser.storage.get('clinic.token')).toBe('new');
    expect(oldStream?.signal?.aborted).toBe(true);
    const events = requests('/events');
    expect(events).toHaveLength(2);
    expect(events[1]?.headers).toMatchObject({ authorization: 'Bearer new' });
    expect(events[1]?.signal?.aborted).toBe(false);
    await rpc.call('system.info', {});
    expect(requests('/rpc').at(-1)?.headers).toMatchObject({ authorization: 'Bearer new' });

    // An ordinary route change passes straight through.
    browser.navigate('/#/patients/7');
    expect(routerSaw).toEqual(['#/', '#/patients/7']);
    expect(requests('/events')).toHaveLength(2);
    unsubscribe();
  });
});

describe('call (browser mode)', () => {
  it('POSTs {method, input} as JSON to /rpc and passes the service’s answer through', async () => {
    const patient = { ok: true, value: { id: 'p1', givenName: 'Maria' } };
    const { rpc, requests } = await load({ url: '/#token=t0k' }, async () => json(patient));
    await expect(rpc.call('patients.get', { id: 'p1' })).resolves.toEqual(patient);
    const [request] = requests('/rpc');
    expect(request?.method).toBe('POST');
    expect(request?.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer t0k' });
    expect(JSON.parse(request?.body ?? '')).toEqual({ method: 'patients.get', input: { id: 'p1' } });
    expect(rpc.useConnection.getState().state).toBe('online');
  });

  it('sends {} when there is no input', async () => {
    const { rpc, requests } = await load();
    await rpc.call('system.info', undefined);
    expect(JSON.parse(requests('/rpc')[0]?.body ?? '')).toEqual({ method: 'system.info', input: {} });
  });

  it('passes a refusal through as it came, with its fields', async () => {
    const refusal = { ok: false, error: { code: 'VALIDATION', message: 'Please check: phone', fields: { phone: 'Not a valid phone number' } } };
    const { rpc } = await load({}, async () => json(refusal, 400));
    await expect(rpc.call('patients.create', { givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', phone: '1', email: null })).resolves.toEqual(refusal);
    expect(rpc.useConnection.getState().state).toBe('online');
  });

  it('marks the connection unauthorized on 401, and online again on the next accepted call', async () => {
    let status = 401;
    const { rpc } = await load({}, async () =>
      status === 401 ? json({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Missing or wrong launch token' } }, 401) : json(HEAD),
    );
    const refused = await rpc.call('system.info', {});
    expect(refused).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Missing or wrong launch token' } });
    expect(rpc.useConnection.getState().state).toBe('unauthorized');
    status = 200;
    expect((await rpc.call('system.info', {})).ok).toBe(true);
    expect(rpc.useConnection.getState().state).toBe('online');
  });

  it('sends the session in X-Session once signed in, keeps it in sessionStorage only, and forgets it on sign-out', async () => {
    const { browser, rpc, requests } = await load({ url: '/#token=tok' });
    await rpc.call('system.info', {});
    expect(requests('/rpc')[0]?.headers).not.toHaveProperty('x-session');
    rpc.setSessionId('s-1');
    expect(browser.storage.get(rpc.SESSION_STORAGE_KEY)).toBe('s-1');
    await rpc.call('system.info', {});
    expect(requests('/rpc')[1]?.headers).toMatchObject({ authorization: 'Bearer tok', 'x-session': 's-1' });
    rpc.setSessionId(null);
    expect(browser.storage.has(rpc.SESSION_STORAGE_KEY)).toBe(false);
    await rpc.call('system.info', {});
    expect(requests('/rpc')[2]?.headers).not.toHaveProperty('x-session');
  });

  it('reads a session kept by this tab before a reload', async () => {
    const { rpc, requests } = await load({ url: '/#/patients', stored: { 'clinic.token': 'tok', 'clinic.session': 'kept' } });
    expect(rpc.getSessionId()).toBe('kept');
    await rpc.call('system.info', {});
    expect(requests('/rpc')[0]?.headers).toMatchObject({ 'x-session': 'kept' });
  });

  it('tells session listeners about a 401 from the router, without calling the launch token refused', async () => {
    const locked = { ok: false, error: { code: 'UNAUTHENTICATED', message: 'The screen is locked: unlock it to go on', details: { locked: true } } };
    const { rpc } = await load({ url: '/#token=tok' }, async () => json(locked, 401));
    rpc.setSessionId('s-1');
    const heard: [string, unknown, string | null][] = [];
    rpc.onAuthRefusal((method, error, sent) => heard.push([method, error, sent]));
    await expect(rpc.call('patients.search', { query: 'x' })).resolves.toEqual(locked);
    expect(heard).toEqual([['patients.search', locked.error, 's-1']]);
    expect(rpc.useConnection.getState().state).toBe('online');
  });

  it('does not tell session listeners about a refused launch token', async () => {
    const { rpc } = await load({}, async () =>
      json({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Missing or wrong launch token: open the address printed at start-up' } }, 401),
    );
    const heard: string[] = [];
    rpc.onAuthRefusal((method) => heard.push(method));
    await rpc.call('system.info', {});
    expect(heard).toEqual([]);
    expect(rpc.useConnection.getState().state).toBe('unauthorized');
  });

  it('turns a body that is not JSON into an INTERNAL failure naming the HTTP status', async () => {
    const { rpc } = await load({}, async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(rpc.call('system.info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The clinic service sent an unexpected reply (HTTP 502)' },
    });
  });

  it.each([
    ['an empty body', ''],
    ['ok without a value', '{"ok":true}'],
    ['an unknown error code', '{"ok":false,"error":{"code":"TEAPOT","message":"short and stout"}}'],
    ['an error without a message', '{"ok":false,"error":{"code":"INTERNAL"}}'],
    ['an error that is not an object', '{"ok":false,"error":"broken"}'],
    ['null', 'null'],
    ['an array', '[{"ok":true,"value":1}]'],
    ['a bare value', '{"value":1}'],
  ])('turns JSON that is no RpcResult (%s) into an INTERNAL failure', async (_what, body) => {
    const { rpc } = await load({}, async () => new Response(body, { status: 200 }));
    await expect(rpc.call('system.info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The clinic service sent an unexpected reply (HTTP 200)' },
    });
  });

  it('turns a network failure into a failure with a clear message, never a rejection', async () => {
    let down = true;
    const { rpc } = await load({}, async () => {
      if (down) throw new TypeError('Failed to fetch');
      return json(HEAD);
    });
    await expect(rpc.call('system.info', {})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: rpc.UNREACHABLE_MESSAGE } });
    expect(rpc.UNREACHABLE_MESSAGE).toMatch(/cannot reach the clinic service/i);
    expect(rpc.useConnection.getState().state).toBe('unreachable');
    down = false;
    await expect(rpc.call('system.info', {})).resolves.toEqual(HEAD);
    expect(rpc.useConnection.getState().state).toBe('online');
  });

  it('turns a connection lost while reading the body into the same failure', async () => {
    const broken = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"ok":tr'));
            controller.error(new TypeError('network error'));
          },
        }),
        { status: 200 },
      );
    const { rpc } = await load({}, async () => broken());
    await expect(rpc.call('system.info', {})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: rpc.UNREACHABLE_MESSAGE } });
    expect(rpc.useConnection.getState().state).toBe('unreachable');
  });
});

describe('backoffDelay', () => {
  it('doubles from 0.5 s and stops at 30 s (no jitter at the middle of the range)', async () => {
    const { rpc } = await load();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 1000].map((attempt) => rpc.backoffDelay(attempt))).toEqual([
      500, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000,
    ]);
  });

  it('jitters by at most a quarter either way', async () => {
    const { rpc } = await load();
    const random = vi.spyOn(Math, 'random');
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const base = Math.min(30_000, 500 * 2 ** (attempt - 1));
      random.mockReturnValue(0);
      expect(rpc.backoffDelay(attempt)).toBe(Math.round(base * 0.75));
      random.mockReturnValue(0.999_999);
      expect(rpc.backoffDelay(attempt)).toBe(Math.round(base * 1.25));
    }
  });
});

describe('the event stream (browser mode)', () => {
  const encoder = new TextEncoder();

  async function withStream(options: FakeBrowserOptions = { url: '/#token=tok' }) {
    const streams: ReturnType<typeof eventStream>[] = [];
    const loaded = await load(options, async (url, init) => {
      if (url !== '/events') return json(HEAD);
      const stream = eventStream(init.signal);
      streams.push(stream);
      return stream.response;
    });
    return { ...loaded, streams };
  }

  it('reports the head on connect, then the cursor of each change event, however the bytes are cut', async () => {
    const { rpc, requests, streams } = await withStream();
    const seen: number[] = [];
    const unsubscribe = rpc.subscribe((cursor) => seen.push(cursor));
    await settle();
    expect(requests('/events')).toHaveLength(1);
    expect(requests('/events')[0]?.headers).toEqual({ accept: 'text/event-stream', authorization: 'Bearer tok' });
    expect(JSON.parse(requests('/rpc')[0]?.body ?? '')).toEqual({ method: 'changes.since', input: {} });
    expect(seen).toEqual([3]);

    const text = [
      ': connected\n\n',
      'event: change\ndata: {"cursor":5}\n\n',
      ': heartbeat\n\n',
      'event: other\ndata: {"cursor":99}\n\n',
      'data: {"cursor":98}\n\n',
      'event: change\ndata: not json\n\n',
      'event: change\ndata: {"cursor":"6"}\n\n',
      'event: change\r\ndata: {"cursor":7, "note":"é✓"}\r\n\r\n',
    ].join('');
    const bytes = encoder.encode(text);
    // Cut into 3-byte pieces: splits lines, CRLFs and the multi-byte characters alike.
    for (let i = 0; i < bytes.length; i += 3) {
      streams[0]?.write(bytes.subarray(i, i + 3));
      await settle();
    }
    expect(seen).toEqual([3, 5, 7]);
    expect(rpc.useConnection.getState().state).toBe('online');
    unsubscribe();
  });

  it('shares one stream between listeners and closes it when the last one leaves', async () => {
    const { rpc, requests, streams } = await withStream();
    const a: number[] = [];
    const b: number[] = [];
    const stopA = rpc.subscribe((cursor) => a.push(cursor));
    const stopB = rpc.subscribe((cursor) => b.push(cursor));
    await settle();
    expect(requests('/events')).toHaveLength(1);
    streams[0]?.write(encoder.encode('event: change\ndata: {"cursor":8}\n\n'));
    await settle();
    expect(a).toEqual([3, 8]);
    expect(b).toEqual([3, 8]);

    stopA();
    streams[0]?.write(encoder.encode('event: change\ndata: {"cursor":9}\n\n'));
    await settle();
    expect(a).toEqual([3, 8]);
    expect(b).toEqual([3, 8, 9]);
    expect(requests('/events')[0]?.signal?.aborted).toBe(false);

    stopB();
    expect(requests('/events')[0]?.signal?.aborted).toBe(true);
    await settle();
    expect(requests('/events')).toHaveLength(1); // no reconnect after the last listener left
  });

  it('reconnects soon after the service ends the stream', async () => {
    const { rpc, browser, streams } = await withStream();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const unsubscribe = rpc.subscribe(() => undefined);
    await settle();
    streams[0]?.end();
    await settle();
    expect(browser.timeouts).toEqual([500]);
    unsubscribe();
  });

  it('marks the connection unreachable when the stream cannot connect, and retries soon', async () => {
    const { rpc, browser } = await load({}, async (url) => {
      if (url === '/events') throw new TypeError('Failed to fetch');
      return json(HEAD);
    });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const unsubscribe = rpc.subscribe(() => undefined);
    await settle();
    expect(rpc.useConnection.getState().state).toBe('unreachable');
    expect(browser.timeouts).toEqual([500]);
    unsubscribe();
  });

  it('marks the connection unauthorized on 401 and waits the longest delay before trying again', async () => {
    const { rpc, browser, requests } = await load({ url: '/#token=wrong' }, async (url) =>
      url === '/events' ? new Response('{"ok":false}', { status: 401 }) : json(HEAD),
    );
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const unsubscribe = rpc.subscribe(() => undefined);
    await settle();
    expect(rpc.useConnection.getState().state).toBe('unauthorized');
    expect(browser.timeouts).toEqual([30_000]);
    expect(requests('/events')).toHaveLength(1);
    unsubscribe();
  });
});

describe('Electron mode (window.clinic)', () => {
  function bridge(reply: () => Promise<unknown>) {
    const unsubscribe = vi.fn();
    const clinic = {
      call: vi.fn(reply),
      subscribe: vi.fn((_listener: (cursor: number) => void) => unsubscribe),
    };
    return { clinic: clinic as typeof clinic & ClinicBridge, unsubscribe };
  }

  it('calls through the bridge, not fetch, and passes the answer through', async () => {
    const { clinic } = bridge(async () => HEAD);
    const { rpc, fetchMock } = await load({ url: '/#token=ignored', clinic });
    await expect(rpc.call('changes.since', { cursor: 1 })).resolves.toEqual(HEAD);
    expect(clinic.call).toHaveBeenCalledWith('changes.since', { cursor: 1 }, null);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('passes the session id as the third argument once signed in', async () => {
    const { clinic } = bridge(async () => HEAD);
    const { rpc } = await load({ clinic });
    rpc.setSessionId('s-123');
    await rpc.call('changes.since', { cursor: 1 });
    expect(clinic.call).toHaveBeenLastCalledWith('changes.since', { cursor: 1 }, 's-123');
  });

  it('turns an answer that is no RpcResult into an INTERNAL failure', async () => {
    const { clinic } = bridge(async () => ({ ok: 'yes' }));
    const { rpc } = await load({ clinic });
    const result: RpcResult<unknown> = await rpc.call('system.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'The clinic service sent an unexpected reply' } });
  });

  it('turns a failed IPC call into the unreachable failure, never a rejection', async () => {
    const { clinic } = bridge(async () => {
      throw new Error('An object could not be cloned');
    });
    const { rpc } = await load({ clinic });
    await expect(rpc.call('system.info', {})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: rpc.UNREACHABLE_MESSAGE } });
  });

  it('subscribes through the bridge', async () => {
    const { clinic, unsubscribe } = bridge(async () => HEAD);
    const { rpc, fetchMock } = await load({ clinic });
    const listener = vi.fn();
    const stop = rpc.subscribe(listener);
    const given = clinic.subscribe.mock.calls[0]?.[0];
    given?.(12);
    expect(listener).toHaveBeenCalledWith(12);
    stop();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
