/**
 * Just enough of a browser window for src-renderer/lib/rpc.ts under vitest's node environment:
 * location + history (replaceState rewrites location), sessionStorage, timers that only record
 * their delays, and hashchange events. rpc.ts reads these globals when it is imported, so a test
 * installs the fake, then imports the module afresh (vi.resetModules + dynamic import).
 */
import { vi } from 'vitest';
import type { ClinicBridge } from '../../../src-renderer/lib/rpc';

export interface FakeBrowserOptions {
  /** e.g. "http://127.0.0.1:5123/?x=1#token=abc" */
  url?: string;
  /** sessionStorage contents at load. */
  stored?: Record<string, string>;
  /** sessionStorage throws on every access (e.g. storage disabled). */
  storageThrows?: boolean;
  /** The Electron preload's bridge, when the page runs inside Electron. */
  clinic?: ClinicBridge;
}

export interface FakeBrowser {
  window: EventTarget & {
    location: { hash: string; pathname: string; search: string };
    history: { state: unknown; replaceState: ReturnType<typeof vi.fn> };
  };
  storage: Map<string, string>;
  /** Delays passed to window.setTimeout, in call order; the timers themselves never fire. */
  timeouts: number[];
  /** Puts a new address in the bar and fires hashchange, as pasting it into the tab would. */
  navigate(url: string): void;
}

export function installFakeBrowser(options: FakeBrowserOptions = {}): FakeBrowser {
  const storage = new Map(Object.entries(options.stored ?? {}));
  const timeouts: number[] = [];
  const location = { hash: '', pathname: '/', search: '' };
  const setUrl = (url: string) => {
    const parsed = new URL(url, 'http://127.0.0.1:5123/');
    location.hash = parsed.hash;
    location.pathname = parsed.pathname;
    location.search = parsed.search;
  };
  setUrl(options.url ?? 'http://127.0.0.1:5123/');

  const history = {
    state: { idx: 3 } as unknown,
    replaceState: vi.fn((state: unknown, _unused: string, url: string) => {
      history.state = state;
      setUrl(url);
    }),
  };

  const win = Object.assign(new EventTarget(), {
    location,
    history,
    clinic: options.clinic,
    setTimeout: (_fn: () => void, ms: number) => {
      timeouts.push(ms);
      return timeouts.length;
    },
    clearTimeout: () => undefined,
  });

  const refuse = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  const sessionStorage = {
    getItem: (key: string) => (options.storageThrows ? refuse() : (storage.get(key) ?? null)),
    setItem: (key: string, value: string) => (options.storageThrows ? refuse() : void storage.set(key, value)),
    removeItem: (key: string) => (options.storageThrows ? refuse() : void storage.delete(key)),
  };

  vi.stubGlobal('window', win);
  vi.stubGlobal('sessionStorage', sessionStorage);
  vi.stubGlobal('HashChangeEvent', class HashChangeEvent extends Event {});

  return {
    window: win,
    storage,
    timeouts,
    navigate(url) {
      setUrl(url);
      win.dispatchEvent(new Event('hashchange'));
    },
  };
}

/** A promise with its resolve exposed. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets every pending promise callback (and the ones they schedule) run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
