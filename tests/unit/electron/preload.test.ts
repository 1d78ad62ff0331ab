import type { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// Belt and braces: even if the mock below failed, electron's index.js would then not download.
vi.hoisted(() => {
  process.env.ELECTRON_OVERRIDE_DIST_PATH = '/nonexistent-electron-dist';
});

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  ipc: null as null | (EventEmitter & { invoke: (...args: unknown[]) => Promise<unknown> }),
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
  });
  fake.ipc = ipcRenderer;
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
    ipcRenderer,
  };
});

interface Bridge {
  call(method: string, input: unknown, sessionId?: string | null): Promise<unknown>;
  subscribe(listener: (cursor: number) => void): () => void;
}

let bridge: Bridge;

beforeAll(async () => {
  await import('../../../src-main/electron/preload');
  bridge = fake.exposed.get('clinic') as Bridge;
});

describe('the preload', () => {
  it('exposes exactly window.clinic with call and subscribe', () => {
    expect([...fake.exposed.keys()]).toEqual(['clinic']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    for (const value of Object.values(bridge)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(fake.ipc);
    }
  });

  it('sends calls, with the session id, over the one rpc channel', async () => {
    const result = await bridge.call('patients.search', { query: 'lop' }, 'session-1');
    expect(fake.ipc?.invoke).toHaveBeenCalledWith('rpc', 'patients.search', { query: 'lop' }, 'session-1');
    expect(result).toEqual({ ok: true, value: ['rpc', 'patients.search', { query: 'lop' }, 'session-1'] });
    await bridge.call('setup.status', {});
    expect(fake.ipc?.invoke).toHaveBeenLastCalledWith('rpc', 'setup.status', {}, null);
  });

  it('passes change cursors, never the IPC event, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.subscribe(listener);
    const event = { sender: fake.ipc };
    fake.ipc?.emit('changes', event, 42);
    fake.ipc?.emit('changes', event, 'not a cursor');
    fake.ipc?.emit('changes', event, Number.NaN);
    expect(listener.mock.calls).toEqual([[42]]);
    unsubscribe();
    fake.ipc?.emit('changes', event, 43);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(fake.ipc?.listenerCount('changes')).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.subscribe('nope' as unknown as () => void)).toThrow(TypeError);
  });
});
