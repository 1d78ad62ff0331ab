/**
 * The preload: the renderer's only door to the main process. Sandboxed preloads run as CommonJS
 * with a restricted `require`, so this is bundled to dist/electron/preload.cjs and imports nothing
 * but 'electron' and local constants. It exposes exactly `call` and `subscribe` — never
 * ipcRenderer, never an IPC event (whose `sender` would be ipcRenderer itself).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANGES_CHANNEL, RPC_CHANNEL } from './channels';

const bridge = {
  /** The session id (from auth.login) travels beside the call; null before sign-in. */
  call: (method: string, input: unknown, sessionId?: string | null): Promise<unknown> =>
    ipcRenderer.invoke(RPC_CHANNEL, method, input, sessionId ?? null),
  subscribe: (listener: (cursor: number) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    const forward = (_event: IpcRendererEvent, cursor: unknown) => {
      if (typeof cursor === 'number' && Number.isFinite(cursor)) listener(cursor);
    };
    ipcRenderer.on(CHANGES_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(CHANGES_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('clinic', bridge);
