/**
 * A stand-in for the 'electron' module, so the shell's wiring runs in plain Node. Tests install it
 * with `vi.mock('electron', …)`: the real package must never be required here (its index.js
 * downloads the Electron binary when missing). Only what shell.ts touches exists.
 */
import { EventEmitter } from 'node:events';
import { vi, type Mock } from 'vitest';

type Handler = (...args: never[]) => unknown;

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  windowOpenHandler: Handler | null = null;
  readonly send: Mock = vi.fn();
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeApp extends EventEmitter {
  readonly enableSandbox: Mock = vi.fn();
  readonly requestSingleInstanceLock: Mock<() => boolean>;
  readonly quit: Mock = vi.fn();
  readonly exit: Mock = vi.fn();
  readonly getPath: Mock<(name: string) => string>;
  readonly whenReady: Mock<() => Promise<void>> = vi.fn(() => Promise.resolve());
  constructor(
    readonly isPackaged: boolean,
    userData: string,
    lock: boolean,
  ) {
    super();
    this.requestSingleInstanceLock = vi.fn(() => lock);
    this.getPath = vi.fn(() => userData);
  }
  getVersion(): string {
    return '9.9.9-test';
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  readonly loadURL: Mock<(url: string) => Promise<void>> = vi.fn(async () => undefined);
  readonly show: Mock = vi.fn();
  readonly focus: Mock = vi.fn();
  readonly restore: Mock = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  devicePermissionHandler: Handler | null = null;
  beforeRequest: Handler | null = null;
  readonly webRequest = {
    onBeforeRequest: (handler: Handler): void => {
      this.beforeRequest = handler;
    },
  };
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Handler): void {
    this.devicePermissionHandler = handler;
  }
}

/**
 * safeStorage: "protects" by XOR with a per-fake secret and a marker, so the key file never holds
 * the key in the clear and a file from another fake (another user or computer) does not decrypt.
 */
export class FakeSafeStorage {
  available = true;
  backend: string = 'gnome_libsecret';
  private readonly secret = Buffer.from(Math.random().toString(36).slice(2).padEnd(16, 'x'));
  readonly isEncryptionAvailable: Mock<() => boolean> = vi.fn(() => this.available);
  readonly getSelectedStorageBackend: Mock<() => string> = vi.fn(() => this.backend);
  readonly encryptString: Mock<(text: string) => Buffer> = vi.fn((text: string) => {
    if (!this.available) throw new Error('Encryption is not available');
    return this.xor(Buffer.from(`fake-os:${text}`, 'utf8'));
  });
  readonly decryptString: Mock<(data: Buffer) => string> = vi.fn((data: Buffer) => {
    const text = this.xor(data).toString('utf8');
    if (!text.startsWith('fake-os:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice('fake-os:'.length);
  });
  private xor(data: Buffer): Buffer {
    return Buffer.from(data.map((b, i) => b ^ this.secret[i % this.secret.length]!));
  }
}

export interface FakeElectron {
  /** What `import … from 'electron'` yields. */
  module: {
    app: FakeApp;
    BrowserWindow: new (options: Record<string, unknown>) => FakeBrowserWindow;
    dialog: {
      showErrorBox: Mock<(title: string, message: string) => void>;
      showMessageBoxSync: Mock<(window: unknown, options: { buttons: string[] }) => number>;
    };
    ipcMain: { handle: Mock<(channel: string, handler: Handler) => void> };
    Menu: { setApplicationMenu: Mock; buildFromTemplate: Mock };
    protocol: { registerSchemesAsPrivileged: Mock; handle: Mock<(scheme: string, handler: Handler) => void> };
    session: { defaultSession: FakeSession };
    safeStorage: FakeSafeStorage;
  };
  app: FakeApp;
  safeStorage: FakeSafeStorage;
  windows: FakeBrowserWindow[];
  defaultSession: FakeSession;
  protocolHandlers: Map<string, Handler>;
  ipcHandlers: Map<string, Handler>;
}

export function createFakeElectron(options: { isPackaged: boolean; userData: string; lock?: boolean; safeStorage?: FakeSafeStorage }): FakeElectron {
  const app = new FakeApp(options.isPackaged, options.userData, options.lock ?? true);
  const windows: FakeBrowserWindow[] = [];
  const defaultSession = new FakeSession();
  const protocolHandlers = new Map<string, Handler>();
  const ipcHandlers = new Map<string, Handler>();
  // Pass the same one to a second start to model the same user account on the same computer.
  const safeStorage = options.safeStorage ?? new FakeSafeStorage();

  // Like Electron: a new window's web contents are announced through app 'web-contents-created'.
  class BrowserWindow extends FakeBrowserWindow {
    constructor(windowOptions: Record<string, unknown>) {
      super(windowOptions);
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
  }

  return {
    module: {
      app,
      BrowserWindow,
      dialog: { showErrorBox: vi.fn(), showMessageBoxSync: vi.fn(() => 1) },
      ipcMain: {
        handle: vi.fn((channel: string, handler: Handler) => {
          if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
          ipcHandlers.set(channel, handler);
        }),
      },
      Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => ({ template })) },
      protocol: {
        registerSchemesAsPrivileged: vi.fn(),
        handle: vi.fn((scheme: string, handler: Handler) => {
          protocolHandlers.set(scheme, handler);
        }),
      },
      session: { defaultSession },
      safeStorage,
    },
    app,
    safeStorage,
    windows,
    defaultSession,
    protocolHandlers,
    ipcHandlers,
  };
}
