/**
 * The controller over a scripted stand-in for electron-updater: when it installs (only on an
 * explicit restart or in the quiet hours, never over unsaved work), what it sets on the updater,
 * and that it never replaces the updater's HTTP executor (Electron's net module, which follows the
 * system's proxy settings).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_UPDATE_POLICY, type UpdatePolicy } from '../../../src-shared/updates/schema';
import { fixedClock } from '../../../src-main/clock';
import { createMemoryLogger } from '../../../src-main/log';
import { createUpdateController, describeUpdateError, noUpdater, type UpdaterPort } from '../../../src-main/updates/controller';

const POLICY: UpdatePolicy = { ...DEFAULT_UPDATE_POLICY, stableFeedUrl: 'https://updates.clinic.example/stable/' };
const ELECTRON_EXECUTOR = { kind: 'electron-net' };

/** Offers VERSION; downloads finish when told to. */
function scriptedUpdater(version: string) {
  const emitter = new EventEmitter();
  const updater = Object.assign(emitter, {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    isUserWithinRollout: () => true,
    logger: console,
    httpExecutor: ELECTRON_EXECUTOR,
    feeds: [] as unknown[],
    setFeedURL(options: unknown) {
      this.feeds.push(options);
    },
    checkForUpdates: vi.fn(async () => ({ isUpdateAvailable: true, updateInfo: { version, files: [], path: '', sha512: '', releaseDate: '' }, versionInfo: { version } })),
    downloadUpdate: vi.fn(async () => []),
    quitAndInstall: vi.fn(),
    finishDownload() {
      emitter.emit('update-downloaded', { version, downloadedFile: '/cache/x' });
    },
  });
  return updater;
}

function setUp(options: { version?: string; hour?: number } = {}) {
  const updater = scriptedUpdater(options.version ?? '2.0.0');
  const clock = fixedClock('2026-03-02T10:00:00.000Z');
  const live = new Set(['s1', 's2']);
  let hour = options.hour ?? 11;
  const service = createUpdateController({
    updater: updater as unknown as UpdaterPort,
    installKind: 'nsis',
    currentVersion: '1.0.0',
    installationId: 'device-1',
    readClinicPolicy: async () => POLICY,
    machinePolicyFile: '/nonexistent/policy.json',
    clock,
    logger: createMemoryLogger(),
    isSessionLive: (id) => live.has(id),
    hourOf: () => hour,
    installDelayMs: 0,
  });
  return { updater, service, clock, live, setHour: (h: number) => (hour = h) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the update controller', () => {
  it('leaves the updater’s HTTP executor alone, and takes the decisions itself', async () => {
    const { updater, service } = setUp();
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false });
    await service.check();
    expect(updater.httpExecutor).toBe(ELECTRON_EXECUTOR);
    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.clinic.example/stable/', channel: 'latest' }]);
    expect(updater.downloadUpdate).toHaveBeenCalledTimes(1);
  });

  it('checks on start (after a minute) and then daily', async () => {
    const { updater, service, clock } = setUp({ version: '1.0.0' });
    await service.tick();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    clock.advance(60_000);
    await service.tick();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    clock.advance(23 * 3_600_000);
    await service.tick();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    clock.advance(3_600_000);
    await service.tick();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('restarts now only once downloaded and while no screen holds unsaved work', async () => {
    const { updater, service, live } = setUp();
    await expect(service.restartNow()).rejects.toThrow('No update has been downloaded yet.');
    await service.check();
    updater.finishDownload();
    service.reportBusy('s1', true);
    await expect(service.restartNow()).rejects.toThrow(/unsaved work/);
    expect((await service.status()).busy).toBe(true);

    // A session that has ended holds no unsaved work any more.
    live.delete('s1');
    const audited = vi.fn(async () => undefined);
    await service.restartNow(audited);
    await flush();
    expect(audited).toHaveBeenCalledTimes(1);
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });

  it('installs tonight: waits for the quiet hours and for every screen to be saved', async () => {
    const { updater, service, setHour } = setUp({ hour: 15 });
    await expect(service.installTonight()).rejects.toThrow('No update has been downloaded yet.');
    await service.check();
    updater.finishDownload();
    expect((await service.installTonight()).installTonight).toBe(true);
    await flush();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    setHour(23);
    service.reportBusy('s2', true);
    await service.tick();
    await flush();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    service.reportBusy('s2', false);
    await service.tick();
    await flush();
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
    expect((await service.status()).installTonight).toBe(false);
  });

  it('never installs on its own when nobody asked', async () => {
    const { updater, service, setHour } = setUp();
    await service.check();
    updater.finishDownload();
    setHour(2);
    await service.tick();
    await flush();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    expect((await service.status()).phase).toBe('ready');
  });

  it('says why there is no updater in browser mode, and refuses its actions', async () => {
    const service = noUpdater(
      { installKind: 'development', currentVersion: '1.0.0', readClinicPolicy: async () => POLICY, machinePolicyFile: '/nonexistent/policy.json', clock: fixedClock('2026-03-02T10:00:00Z'), logger: createMemoryLogger(), isSessionLive: () => true },
      'Browser mode has no updater.',
    );
    expect(await service.status()).toMatchObject({ supported: false, phase: 'off', offReason: 'Browser mode has no updater.', policy: POLICY });
    await expect(service.check()).rejects.toThrow('Browser mode has no updater.');
    await expect(service.restartNow()).rejects.toThrow('Browser mode has no updater.');
  });

  it('names errors by their code, never by their text', () => {
    expect(describeUpdateError(Object.assign(new Error('net::ERR_PROXY_CONNECTION_FAILED at https://x/'), {}))).toBe('The update feed cannot be reached (ERR_PROXY_CONNECTION_FAILED).');
    expect(describeUpdateError(Object.assign(new Error('self signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toMatch(/certificate is not trusted/);
    expect(describeUpdateError(Object.assign(new Error('/home/someone/secret'), { statusCode: 503 }))).toBe('The update feed answered with an error (HTTP 503).');
    expect(describeUpdateError(new Error('/home/someone/secret'))).toBe('The update failed (Error).');
  });
});
