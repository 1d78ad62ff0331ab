/**
 * The shell's wiring, run against a fake 'electron' (fake-electron.ts) with the real database
 * driver: the Node build, copied to where the shell looks for the Electron build. This proves the
 * plumbing calls the policies; Electron's own behaviour cannot be exercised here.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES, secureWebPreferences } from '../../../src-main/electron/policy';
import { createMemoryLogger } from '../../../src-main/log';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/security/csp';
import { TEST_ADMIN, validPatient } from '../../support/test-app';
import { createFakeElectron, FakeSafeStorage, FakeWebContents, type FakeElectron } from './fake-electron';

vi.hoisted(() => {
  // Belt and braces: even if the mock failed, electron's index.js would then not download.
  process.env.ELECTRON_OVERRIDE_DIST_PATH = '/nonexistent-electron-dist';
});

const current = vi.hoisted(() => ({ fake: null as FakeElectron | null }));

vi.mock('electron', () => {
  const live = () => {
    if (!current.fake) throw new Error('no fake electron installed');
    return current.fake.module;
  };
  return {
    get app() { return live().app; },
    get BrowserWindow() { return live().BrowserWindow; },
    get dialog() { return live().dialog; },
    get ipcMain() { return live().ipcMain; },
    get Menu() { return live().Menu; },
    get protocol() { return live().protocol; },
    get session() { return live().session; },
    get safeStorage() { return live().safeStorage; },
  };
});

const { startElectronShell } = await import('../../../src-main/electron/shell');

const NODE_DRIVER = path.resolve('node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');

let dir: string;
let appRoot: string;
let resourcesPath: string;
let dataDir: string;
let logger: ReturnType<typeof createMemoryLogger>;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clinic-shell-'));
  appRoot = path.join(dir, 'app');
  resourcesPath = path.join(dir, 'resources');
  dataDir = path.join(dir, 'data');
  mkdirSync(path.join(appRoot, 'dist', 'renderer'), { recursive: true });
  mkdirSync(path.join(appRoot, 'dist', 'electron'), { recursive: true });
  writeFileSync(path.join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Clinic Office</title>');
  writeFileSync(path.join(appRoot, 'dist', 'electron', 'preload.cjs'), '');
  logger = createMemoryLogger();
});

afterEach(() => {
  current.fake = null;
  rmSync(dir, { recursive: true, force: true });
});

function installDriver(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(NODE_DRIVER, file);
}

function start(options: { isPackaged: boolean; lock?: boolean; argv?: string[]; safeStorage?: FakeSafeStorage }): FakeElectron {
  const fake = createFakeElectron({ isPackaged: options.isPackaged, userData: path.join(dir, 'userData'), lock: options.lock, safeStorage: options.safeStorage });
  current.fake = fake;
  startElectronShell({ appRoot, resourcesPath, argv: options.argv ?? ['electron', '.', '--data-dir', dataDir], env: {}, logger });
  return fake;
}

async function startPackaged(safeStorage?: FakeSafeStorage): Promise<FakeElectron> {
  installDriver(path.join(resourcesPath, 'native', 'better_sqlite3.node'));
  const fake = start({ isPackaged: true, safeStorage });
  await vi.waitFor(() => expect(fake.windows[0]?.loadURL).toHaveBeenCalled());
  return fake;
}

const appFrameEvent = (fake: FakeElectron, url = 'app://app/', parent: unknown = null) => ({
  sender: fake.windows[0]?.webContents,
  senderFrame: { url, parent },
});

/** First-run set-up and sign-in over IPC, as the renderer does: returns the session id. */
async function signInOverIpc(fake: FakeElectron): Promise<string> {
  const rpc = fake.ipcHandlers.get('rpc')!;
  expect(await rpc(appFrameEvent(fake) as never, 'setup.createFirstAdmin' as never, TEST_ADMIN as never, null as never)).toMatchObject({ ok: true });
  const login = (await rpc(appFrameEvent(fake) as never, 'auth.login' as never, { username: TEST_ADMIN.username, password: TEST_ADMIN.password } as never, null as never)) as {
    ok: true;
    value: { sessionId: string };
  };
  expect(login).toMatchObject({ ok: true });
  return login.value.sessionId;
}

async function quit(fake: FakeElectron): Promise<void> {
  const event = { preventDefault: vi.fn() };
  fake.app.emit('will-quit', event);
  expect(event.preventDefault).toHaveBeenCalled();
  await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
}

describe('the Electron shell (against a fake electron)', () => {
  it('registers app:// as privileged and sandboxes every renderer before ready', async () => {
    installDriver(path.join(resourcesPath, 'native', 'better_sqlite3.node'));
    const fake = start({ isPackaged: true });
    // Synchronously, before the (fake) ready event has been handled:
    expect(fake.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { ...APP_SCHEME_PRIVILEGES } }]);
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    await vi.waitFor(() => expect(fake.windows[0]?.loadURL).toHaveBeenCalled());
    await quit(fake);
  });

  it('opens one locked-down window on app://app/ and the database in the data folder', async () => {
    const fake = await startPackaged();
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    expect(window.options.webPreferences).toEqual(secureWebPreferences(path.join(appRoot, 'dist', 'electron', 'preload.cjs'), { devTools: false }));
    expect(window.loadURL).toHaveBeenCalledWith('app://app/');
    expect(existsSync(path.join(dataDir, 'clinic.db'))).toBe(true);
    await quit(fake);
  });

  it('answers the app frame over IPC as the electron runtime, with its session, and refuses everyone else', async () => {
    const fake = await startPackaged();
    const rpc = fake.ipcHandlers.get('rpc')!;
    expect(await rpc(appFrameEvent(fake) as never, 'system.info' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const sessionId = await signInOverIpc(fake);
    expect(await rpc(appFrameEvent(fake) as never, 'system.info' as never, {} as never, sessionId as never)).toMatchObject({
      ok: true,
      value: { runtime: 'electron', appVersion: '9.9.9-test' },
    });
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await rpc(appFrameEvent(fake, 'https://example.com/') as never, 'system.info' as never, {} as never)).toMatchObject(forbidden);
    expect(await rpc(appFrameEvent(fake, 'app://app/', {}) as never, 'system.info' as never, {} as never)).toMatchObject(forbidden);
    expect(await rpc({ sender: new FakeWebContents(), senderFrame: { url: 'app://app/', parent: null } } as never, 'system.info' as never, {} as never)).toMatchObject(forbidden);
    expect(await rpc({ sender: fake.windows[0]?.webContents, senderFrame: null } as never, 'system.info' as never, {} as never)).toMatchObject(forbidden);
    await quit(fake);
  });

  it('pushes the change cursor to the window after a write, and logs no patient data', async () => {
    const fake = await startPackaged();
    const rpc = fake.ipcHandlers.get('rpc')!;
    const sessionId = await signInOverIpc(fake);
    const created = await rpc(appFrameEvent(fake) as never, 'patients.create' as never, validPatient as never, sessionId as never);
    expect(created).toMatchObject({ ok: true });
    const send = fake.windows[0]!.webContents.send;
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith('changes', expect.any(Number)));
    await quit(fake);
    expect(logger.lines.join('')).not.toMatch(/Maria|Lopez|1985-07-14|555-0142/);
  });

  it('serves the renderer with the CSP, and 404s traversal', async () => {
    const fake = await startPackaged();
    const handler = fake.protocolHandlers.get('app')!;
    const ok = (await handler({ method: 'GET', url: 'app://app/' } as never)) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const refused = (await handler({ method: 'GET', url: 'app://app/..%2f..%2fdata%2fclinic.db' } as never)) as Response;
    expect(refused.status).toBe(404);
    await quit(fake);
  });

  it('denies new windows, webviews, navigation away, permissions and outside requests', async () => {
    const fake = await startPackaged();
    const contents = fake.windows[0]!.webContents;
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });

    const navigate = (event: string, url: string) => {
      const e = { url, preventDefault: vi.fn() };
      contents.emit(event, e);
      return e.preventDefault.mock.calls.length > 0;
    };
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(event, 'https://example.com/'), event).toBe(true);
      expect(navigate(event, 'app://app/#/patients'), event).toBe(false);
    }
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    const session = fake.defaultSession;
    const granted = vi.fn();
    session.permissionRequestHandler?.(...([contents, 'media', granted, {}] as never[]));
    expect(granted).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler?.(...([contents, 'clipboard-read', 'app://app', {}] as never[]))).toBe(false);
    expect(session.devicePermissionHandler?.(...([{}] as never[]))).toBe(false);

    const request = (url: string) => {
      const callback = vi.fn();
      session.beforeRequest?.(...([{ url }, callback] as never[]));
      return callback.mock.calls[0]?.[0] as { cancel: boolean };
    };
    expect(request('https://example.com/x.js')).toEqual({ cancel: true });
    expect(request('ws://127.0.0.1:5173/')).toEqual({ cancel: true });
    expect(request('devtools://devtools/bundled/inspector.html')).toEqual({ cancel: true }); // packaged: no DevTools
    expect(request('app://app/assets/a.js')).toEqual({ cancel: false });

    await quit(fake);
  });

  it("lets only the app's own files download, through the Save dialog, and logs only a refusal's scheme", async () => {
    const fake = await startPackaged();
    const download = (url: string) => {
      const event = { preventDefault: vi.fn() };
      const item = { getURL: () => url, setSavePath: vi.fn(), setSaveDialogOptions: vi.fn() };
      fake.defaultSession.emit('will-download', event, item, fake.windows[0]!.webContents);
      expect(item.setSavePath, 'no path is picked for the user').not.toHaveBeenCalled();
      return { refused: event.preventDefault.mock.calls.length > 0 };
    };
    expect(download('blob:app://app/1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toEqual({ refused: false });
    for (const url of ['blob:https://example.com/1b4e28ba', 'https://example.com/referral-maria-lopez.pdf', 'file:///etc/passwd', 'data:text/csv,Maria']) {
      expect(download(url), url).toEqual({ refused: true });
    }
    const refusals = logger.lines.filter((line) => line.includes('shell.download_denied'));
    expect(refusals).toHaveLength(4);
    expect(refusals.join('')).toMatch(/"scheme":"https:"/);
    expect(refusals.join('')).not.toMatch(/example|maria|passwd/i);
    await quit(fake);
  });

  it('asks before closing over unsaved form input, and closes only when the user says discard', async () => {
    const fake = await startPackaged();
    const contents = fake.windows[0]!.webContents;
    const keep = { preventDefault: vi.fn() };
    fake.module.dialog.showMessageBoxSync.mockReturnValueOnce(1);
    contents.emit('will-prevent-unload', keep);
    expect(keep.preventDefault).not.toHaveBeenCalled();
    const discard = { preventDefault: vi.fn() };
    fake.module.dialog.showMessageBoxSync.mockReturnValueOnce(0);
    contents.emit('will-prevent-unload', discard);
    expect(discard.preventDefault).toHaveBeenCalledOnce();
    expect(fake.module.dialog.showMessageBoxSync.mock.calls[0]?.[1].buttons).toEqual(['Close and discard', 'Keep editing']);
    await quit(fake);
  });

  it('guards any other web contents too', async () => {
    const fake = await startPackaged();
    const stray = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, stray);
    expect(stray.windowOpenHandler?.()).toEqual({ action: 'deny' });
    const e = { url: 'file:///etc/passwd', preventDefault: vi.fn() };
    stray.emit('will-navigate', e);
    expect(e.preventDefault).toHaveBeenCalled();
    await quit(fake);
  });

  it('focuses the first window when a second instance starts', async () => {
    const fake = await startPackaged();
    fake.app.emit('second-instance');
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
    await quit(fake);
  });

  it('closes the database before quitting', async () => {
    const fake = await startPackaged();
    await quit(fake);
    // Once closed, a second will-quit passes straight through.
    const again = { preventDefault: vi.fn() };
    fake.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('quits at once when another instance holds the lock', () => {
    const fake = start({ isPackaged: true, lock: false });
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
  });

  it('explains a missing Electron driver in development instead of crashing', async () => {
    const fake = start({ isPackaged: false });
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
    const [title, message] = fake.module.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('Clinic Office cannot start');
    expect(message).toContain('npm run build:native-electron');
    expect(message).toContain(path.join(appRoot, 'native', 'electron', 'better_sqlite3.node'));
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('uses native/electron/ in development', async () => {
    installDriver(path.join(appRoot, 'native', 'electron', 'better_sqlite3.node'));
    const fake = start({ isPackaged: false });
    await vi.waitFor(() => expect(fake.windows[0]?.loadURL).toHaveBeenCalled());
    expect(fake.windows[0]!.options.webPreferences).toMatchObject({ devTools: true, sandbox: true, contextIsolation: true });
    await quit(fake);
  });

  it('explains a renderer that was not built', async () => {
    installDriver(path.join(appRoot, 'native', 'electron', 'better_sqlite3.node'));
    rmSync(path.join(appRoot, 'dist', 'renderer'), { recursive: true });
    const fake = start({ isPackaged: false });
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
    expect(fake.module.dialog.showErrorBox.mock.calls[0]?.[1]).toContain('npm run build:renderer');
  });

  it('falls back to CLINIC_DATA_DIR, then userData', async () => {
    installDriver(path.join(resourcesPath, 'native', 'better_sqlite3.node'));
    const fake = start({ isPackaged: true, argv: ['clinic-office'] });
    await vi.waitFor(() => expect(fake.windows[0]?.loadURL).toHaveBeenCalled());
    expect(existsSync(path.join(dir, 'userData', 'clinic.db'))).toBe(true);
    await quit(fake);
  });

  describe('the master key', () => {
    const keyFile = () => path.join(dir, 'userData', 'master-key.json');

    it('is made at first run, kept only OS-protected in userData, and encrypts the database', async () => {
      const safeStorage = new FakeSafeStorage();
      const fake = await startPackaged(safeStorage);
      expect(safeStorage.encryptString).toHaveBeenCalledOnce();
      const stored = readFileSync(keyFile(), 'utf8');
      const hexKey = safeStorage.encryptString.mock.calls[0]![0];
      expect(hexKey).toMatch(/^[0-9a-f]{64}$/);
      expect(stored).not.toContain(hexKey);
      expect(JSON.parse(stored)).toMatchObject({ format: 'clinic-office/master-key', version: 1, protection: 'os' });
      await signInOverIpc(fake);
      await quit(fake);
      expect(readFileSync(path.join(dataDir, 'clinic.db')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

      // The next start (same user, same computer) reads the same key and opens the same data.
      // (Not startPackaged: copying over the driver this process has loaded would crash it.)
      const again = start({ isPackaged: true, safeStorage });
      await vi.waitFor(() => expect(again.windows[0]?.loadURL).toHaveBeenCalled());
      expect(safeStorage.encryptString).toHaveBeenCalledOnce();
      const rpc = again.ipcHandlers.get('rpc')!;
      expect(await rpc(appFrameEvent(again) as never, 'setup.status' as never, {} as never, null as never)).toMatchObject({ ok: true, value: { needsSetup: false } });
      await quit(again);
    });

    for (const [label, setUp] of [
      ['unavailable', (s: FakeSafeStorage) => (s.available = false)],
      ['only the basic_text (unprotected) store on Linux', (s: FakeSafeStorage) => (s.backend = 'basic_text')],
    ] as const) {
      it(`refuses to start with a clear dialog when OS protection is ${label}, writing nothing`, async () => {
        if (label.includes('basic_text') && process.platform !== 'linux') return;
        installDriver(path.join(resourcesPath, 'native', 'better_sqlite3.node'));
        const safeStorage = new FakeSafeStorage();
        setUp(safeStorage);
        const fake = start({ isPackaged: true, safeStorage });
        await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
        const [title, message] = fake.module.dialog.showErrorBox.mock.calls[0] as [string, string];
        expect(title).toBe('Clinic Office cannot protect its data key');
        expect(message).toContain('will not keep the key unprotected');
        expect(existsSync(keyFile())).toBe(false);
        expect(existsSync(path.join(dataDir, 'clinic.db'))).toBe(false);
        expect(fake.windows).toHaveLength(0);
      });
    }

    it('refuses, changing nothing, when the key file is gone but encrypted data exists', async () => {
      const fake = await startPackaged();
      await quit(fake);
      rmSync(keyFile());
      const before = readFileSync(path.join(dataDir, 'clinic.db'));
      const again = start({ isPackaged: true });
      await vi.waitFor(() => expect(again.app.exit).toHaveBeenCalledWith(1));
      expect(again.module.dialog.showErrorBox.mock.calls[0]?.[0]).toBe('The key of the clinic data is missing');
      expect(existsSync(keyFile())).toBe(false);
      expect(readFileSync(path.join(dataDir, 'clinic.db')).equals(before)).toBe(true);
    });

    it('refuses when the key file cannot be unlocked by this user account', async () => {
      const fake = await startPackaged();
      await quit(fake);
      const again = start({ isPackaged: true }); // another FakeSafeStorage: another account or computer
      await vi.waitFor(() => expect(again.app.exit).toHaveBeenCalledWith(1));
      expect(again.module.dialog.showErrorBox.mock.calls[0]?.[0]).toBe('The key of the clinic data cannot be unlocked');
      expect(again.windows).toHaveLength(0);
    });
  });
});
