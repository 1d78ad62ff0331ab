/**
 * The desktop updater as src-main/electron/updates.ts makes it: electron-updater's own class with
 * its defaults, so its requests go through Electron's net module in the updater's session (which
 * follows the system's proxy settings), never through Node's http. electron-updater loads
 * 'electron' with require(), so the stand-in goes into require's cache (vi.mock reaches only
 * imports). Nothing leaves this process: the stand-in's requests fail as a refused proxy would.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopUpdates, installKind } from '../../../src-main/electron/updates';
import { openTestApp, type TestApp } from '../../support/test-app';

const dir = mkdtempSync(path.join(tmpdir(), 'clinic-desktop-updates-'));
const netRequests: { url: string; session: unknown }[] = [];

const fakeElectron = {
  app: {
    getVersion: () => '1.4.0',
    getName: () => 'Clinic Office',
    isPackaged: true,
    getPath: () => dir,
    getAppPath: () => dir,
    whenReady: () => Promise.resolve(),
    quit: () => undefined,
    relaunch: () => undefined,
    once: () => undefined,
  },
  session: { fromPartition: (partition: string, options: object) => ({ partition, ...options }) },
  net: {
    request(options: { protocol: string; hostname: string; path: string; session: unknown }) {
      netRequests.push({ url: `${options.protocol}//${options.hostname}${options.path}`, session: options.session });
      const request = Object.assign(new EventEmitter(), {
        end: () => setImmediate(() => request.emit('error', new Error('net::ERR_PROXY_CONNECTION_FAILED'))),
        abort: () => undefined,
      });
      return request;
    },
  },
};

const require = createRequire(import.meta.url);
const electronPath = require.resolve('electron');
let app: TestApp;

beforeAll(async () => {
  require.cache[electronPath] = { id: electronPath, filename: electronPath, loaded: true, exports: fakeElectron } as unknown as NodeJS.Module;
  (process as { resourcesPath?: string }).resourcesPath = dir;
  app = await openTestApp();
});

afterAll(async () => {
  delete require.cache[electronPath];
  delete process.env.APPIMAGE;
  await app.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const deps = () => ({ db: app.database.db, clock: { now: () => new Date() }, logger: quiet, appVersion: '1.4.0', installationId: 'device-1', isSessionLive: () => true });

describe('the desktop updater', () => {
  it('asks the feed the build names through Electron’s net module, in the updater’s own session', async () => {
    writeFileSync(path.join(dir, 'app-update.yml'), 'provider: generic\nurl: https://updates.clinic.example/stable\nchannel: latest\nupdaterCacheDirName: clinic-office-updater\n');
    const appImage = path.join(dir, 'Clinic-1.4.0.AppImage');
    process.env.APPIMAGE = appImage;
    const install = { isPackaged: true, resourcesPath: dir, execPath: path.join(dir, 'clinic-office'), env: { APPIMAGE: appImage }, platform: 'linux' as const };
    expect(installKind(install)).toBe('appimage');

    const service = desktopUpdates(install)(deps());
    const status = await service.check();

    expect(netRequests).toHaveLength(1);
    expect(netRequests[0]!.url).toMatch(/^https:\/\/updates\.clinic\.example\/stable\/latest-linux\.yml/);
    expect(netRequests[0]!.session).toEqual({ partition: 'electron-updater', cache: false });
    expect(status).toMatchObject({ supported: true, phase: 'error', feedUrl: 'https://updates.clinic.example/stable/' });
    expect(status.lastError?.message).toBe('The update feed cannot be reached (ERR_PROXY_CONNECTION_FAILED).');
  });

  it('has no updater in a .deb install: the package manager updates it', async () => {
    writeFileSync(path.join(dir, 'package-type'), 'deb\n');
    const install = { isPackaged: true, resourcesPath: dir, execPath: path.join(dir, 'clinic-office'), env: {}, platform: 'linux' as const };
    const service = desktopUpdates(install)(deps());
    expect(await service.status()).toMatchObject({ supported: false, phase: 'off', offReason: expect.stringMatching(/package manager/) });
    await expect(service.check()).rejects.toThrow(/package manager/);
  });

  it('has no updater in a Windows build that names no code-signing publisher (its signature could not be checked)', async () => {
    const resources = path.join(dir, 'win-resources');
    mkdirSync(resources);
    writeFileSync(path.join(resources, 'Uninstall Clinic Office.exe'), '');
    writeFileSync(path.join(resources, 'app-update.yml'), 'provider: generic\nurl: https://updates.clinic.example/stable\n');
    const install = { isPackaged: true, resourcesPath: resources, execPath: path.join(resources, 'Clinic Office.exe'), env: {}, platform: 'win32' as const };
    expect(installKind(install)).toBe('nsis');
    const service = desktopUpdates(install)(deps());
    expect(await service.status()).toMatchObject({ supported: false, offReason: expect.stringMatching(/names no code-signing publisher/) });
  });
});
