/**
 * The Electron shell: wires the pure policies (policy.ts, launch.ts, serve.ts, ipc.ts) into
 * Electron's lifecycle. Decisions live in those files, where they are unit-tested; keep this one
 * to plumbing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
  type Session,
  type WebContents,
} from 'electron';
import { openClinicApp, type ClinicApp } from '../app';
import { createLogger, type Logger, type LogFields } from '../log';
import { DESKTOP_KEY_FILE, DesktopKeyError, loadOrCreateDesktopMasterKey, type OsKeyProtection } from '../security/desktop-key';
import { deriveClinicKeys, type ClinicKeys } from '../security/keys';
import { CHANGES_CHANNEL, RPC_CHANNEL } from './channels';
import { createRpcIpcHandler } from './ipc';
import {
  missingBuildMessage,
  missingDriverMessage,
  nativeBindingPath,
  resolveDataDir,
  leavesDespiteUnsavedWork,
  startupFailureMessage,
  UNSAVED_WORK_PROMPT,
  type FatalMessage,
} from './launch';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  isAllowedDownload,
  isAllowedNavigation,
  isAllowedRequest,
  permissionDecision,
  secureWebPreferences,
  windowOpenDecision,
  type IpcSenderInfo,
  type SecureWebPreferences,
} from './policy';
import { serveAppRequest } from './serve';
import { desktopUpdates } from './updates';

export interface ShellOptions {
  /** The folder holding dist/electron/ and dist/renderer/ (the repository, or app.asar when packaged). */
  appRoot: string;
  /** process.resourcesPath: where the packaged app keeps the Electron-ABI database driver. */
  resourcesPath: string;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
}

/** Logs only a URL's scheme: the rest of a URL could carry anything. */
function schemeOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'invalid';
}

function describeError(error: unknown): LogFields {
  const code = (error as { code?: unknown } | null)?.code;
  return { errorName: error instanceof Error ? error.name : typeof error, ...(typeof code === 'string' ? { errorCode: code } : {}) };
}

/** Applied to every WebContents ever created (the window, DevTools, anything unexpected). */
function hardenWebContents(contents: WebContents, logger: Logger): void {
  contents.setWindowOpenHandler(() => {
    logger.warn('shell.window_open_denied');
    return windowOpenDecision();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('shell.webview_denied');
  });
  const guard = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    logger.warn('shell.navigation_denied', { kind, scheme: schemeOf(event.url) });
  };
  contents.on('will-navigate', guard('navigate'));
  contents.on('will-frame-navigate', guard('frame-navigate'));
  contents.on('will-redirect', guard('redirect'));
}

/** No permission is ever granted, no device offered, no download but the app's own, no request leaves app://. */
function lockDownSession(ses: Session, allowDevtools: boolean, logger: Logger): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('shell.permission_denied', { permission });
    callback(permissionDecision(permission));
  });
  ses.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event, item) => {
    const url = item.getURL();
    // Allowed: no save path is set, so Electron shows its Save dialog.
    if (isAllowedDownload(url)) return;
    event.preventDefault();
    logger.warn('shell.download_denied', { scheme: schemeOf(url) });
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, { allowDevtools });
    if (!allowed) logger.warn('shell.request_blocked', { scheme: schemeOf(details.url) });
    callback({ cancel: !allowed });
  });
}

/** Who sent an IPC message: only frames of the app's own window count at all. */
function senderInfo(event: IpcMainInvokeEvent, window: BrowserWindow | null): IpcSenderInfo | null {
  if (window === null || window.isDestroyed() || event.sender.id !== window.webContents.id) return null;
  const frame = event.senderFrame;
  if (frame === null) return null;
  try {
    return { frameUrl: frame.url, isMainFrame: frame.parent === null };
  } catch {
    return null; // the frame went away meanwhile
  }
}

/** Electron's safeStorage as the pure key module wants it (the backend is only reported on Linux). */
function osKeyProtection(): OsKeyProtection {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (text) => safeStorage.encryptString(text),
    decryptString: (data) => safeStorage.decryptString(data),
    backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  };
}

function buildMenu(devTools: boolean): Menu {
  const view: MenuItemConstructorOptions[] = [
    ...(devTools ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

export function startElectronShell(options: ShellOptions): void {
  // Both must happen before the app is ready.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
  app.enableSandbox();

  // One writer per database: a second start focuses the first window and exits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const logger = options.logger ?? createLogger();
  const isPackaged = app.isPackaged;
  const devTools = !isPackaged;
  let mainWindow: BrowserWindow | null = null;
  let clinic: ClinicApp | null = null;

  async function closeClinic(): Promise<void> {
    const open = clinic;
    clinic = null;
    if (open === null) return;
    try {
      await open.close();
    } catch (error) {
      logger.error('shell.close_failed', describeError(error));
    }
  }

  function fatal({ title, message }: FatalMessage): void {
    dialog.showErrorBox(title, message);
    void closeClinic().finally(() => app.exit(1));
  }

  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (clinic === null) return;
    // Close the database first, then quit for real (clinic is null by then).
    event.preventDefault();
    void closeClinic().finally(() => app.quit());
  });

  async function launch(): Promise<void> {
    let dataDir: string;
    try {
      dataDir = resolveDataDir({ argv: options.argv, env: options.env, userDataPath: app.getPath('userData') });
    } catch (error) {
      return fatal({ title: 'Clinic Office cannot start', message: error instanceof Error ? error.message : String(error) });
    }
    const bindingPath = nativeBindingPath({ isPackaged, resourcesPath: options.resourcesPath, appRoot: options.appRoot });
    if (!existsSync(bindingPath)) return fatal(missingDriverMessage(bindingPath, isPackaged));
    const rendererRoot = path.join(options.appRoot, 'dist', 'renderer');
    const indexFile = path.join(rendererRoot, 'index.html');
    if (!existsSync(indexFile)) return fatal(missingBuildMessage(indexFile, 'npm run build:renderer', isPackaged));
    const preload = path.join(options.appRoot, 'dist', 'electron', 'preload.cjs');
    if (!existsSync(preload)) return fatal(missingBuildMessage(preload, 'npm run build:electron', isPackaged));

    lockDownSession(session.defaultSession, devTools, logger);
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererRoot));

    let keys: ClinicKeys;
    try {
      const master = loadOrCreateDesktopMasterKey({ keyFile: path.join(app.getPath('userData'), DESKTOP_KEY_FILE), dataDir, protection: osKeyProtection() });
      if (master.created) logger.info('shell.master_key_created');
      keys = deriveClinicKeys(master.key);
    } catch (error) {
      logger.error('shell.master_key_failed', describeError(error));
      if (error instanceof DesktopKeyError) return fatal({ title: error.title, message: error.message });
      return fatal({ title: 'Clinic Office cannot start', message: 'The key of the clinic data could not be read. Nothing was changed.' });
    }

    try {
      const updates = desktopUpdates({ isPackaged, resourcesPath: options.resourcesPath, execPath: process.execPath, env: options.env, platform: process.platform });
      clinic = await openClinicApp({ dataDir, runtime: 'electron', appVersion: app.getVersion(), nativeBinding: bindingPath, logger, keys, updates });
    } catch (error) {
      logger.error('shell.open_failed', describeError(error));
      return fatal(startupFailureMessage(error, dataDir, isPackaged));
    }

    const handleRpc = createRpcIpcHandler({ dispatch: clinic.dispatch, logger });
    ipcMain.handle(RPC_CHANNEL, (event, method: unknown, input: unknown, sessionId: unknown) =>
      handleRpc(senderInfo(event, mainWindow), method, input, sessionId),
    );
    clinic.changes.on('change', (cursor) => {
      if (mainWindow !== null && !mainWindow.isDestroyed()) mainWindow.webContents.send(CHANGES_CHANNEL, cursor);
    });

    Menu.setApplicationMenu(buildMenu(devTools));
    const window = new BrowserWindow({
      title: 'Clinic Office',
      width: 1280,
      height: 820,
      minWidth: 960,
      minHeight: 600,
      show: false,
      webPreferences: {
        ...secureWebPreferences(preload, { devTools }),
        // Restated in the literal so electronegativity can see them; the type pins them to the policy.
        contextIsolation: true,
        sandbox: true,
        disableBlinkFeatures: 'Auxclick',
      } satisfies SecureWebPreferences,
    });
    mainWindow = window;
    window.once('ready-to-show', () => window.show());
    window.webContents.on('will-prevent-unload', (event) => {
      if (leavesDespiteUnsavedWork(dialog.showMessageBoxSync(window, { ...UNSAVED_WORK_PROMPT, buttons: [...UNSAVED_WORK_PROMPT.buttons] }))) {
        event.preventDefault();
      }
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    await window.loadURL(APP_START_URL);
  }

  app
    .whenReady()
    .then(launch)
    .catch((error: unknown) => {
      logger.error('shell.start_failed', describeError(error));
      fatal({ title: 'Clinic Office cannot start', message: 'An unexpected error stopped the start. Please try again.' });
    });
}
