/**
 * Issue 8, item 4: the updater's decisions driven through electron-updater's real provider,
 * download and verification code (AppImageUpdater on Linux, NsisUpdater for Windows' signature
 * check) against a feed served on 127.0.0.1. What needs the Electron runtime (its net module,
 * quitAndInstall replacing the app, Authenticode) is proven only on a real machine.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_UPDATE_POLICY, type UpdatePolicy, type UpdateStatus } from '../../../src-shared/updates/schema';
import { systemClock } from '../../../src-main/clock';
import { createMemoryLogger } from '../../../src-main/log';
import { createUpdateController, type UpdaterPort, type UpdateService } from '../../../src-main/updates/controller';
import type { InstallKind } from '../../../src-main/updates/policy';
import { publish, serveFeed, type FeedServer } from './feed';
import { appImageUpdater, nsisUpdater } from './test-updater';

const CURRENT = '1.4.0';
let dir: string;
let server: FeedServer;
let logger: ReturnType<typeof createMemoryLogger>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'clinic-updates-'));
  server = await serveFeed(path.join(dir, 'feed'));
  logger = createMemoryLogger();
  // The running AppImage, as the AppImage runtime announces it.
  process.env.APPIMAGE = path.join(dir, 'Clinic-1.4.0.AppImage');
  writeFileSync(process.env.APPIMAGE, 'the installed version');
});

afterEach(async () => {
  delete process.env.APPIMAGE;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const stableFeed = () => `${server.baseUrl}stable/`;
const feedFolder = (ring: string) => path.join(dir, 'feed', ring);
const policyOn = (changes: Partial<UpdatePolicy> = {}): UpdatePolicy => ({ ...DEFAULT_UPDATE_POLICY, enabled: true, stableFeedUrl: stableFeed(), betaFeedUrl: `${server.baseUrl}beta/`, ...changes });

function controller(updater: UpdaterPort, options: { policy?: UpdatePolicy; machinePolicy?: string; installKind?: InstallKind } = {}): UpdateService {
  const machinePolicyFile = path.join(dir, 'policy.json');
  if (options.machinePolicy !== undefined) writeFileSync(machinePolicyFile, options.machinePolicy);
  return createUpdateController({
    updater,
    installKind: options.installKind ?? 'appimage',
    currentVersion: CURRENT,
    installationId: 'device-under-test',
    readClinicPolicy: async () => options.policy ?? policyOn(),
    machinePolicyFile,
    clock: systemClock,
    logger,
    isSessionLive: () => true,
  });
}

/** Waits (bounded) until the background download has ended one way or the other. */
async function settled(service: UpdateService): Promise<UpdateStatus> {
  for (let i = 0; i < 200; i += 1) {
    const status = await service.status();
    if (status.phase !== 'downloading' && status.phase !== 'checking') return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the download did not end');
}

/** Where electron-updater keeps a downloaded installer until it is installed. */
const pendingDir = () => path.join(dir, 'install', 'cache', 'clinic-office-updater-test', 'pending');

/** The installers there (not its update-info.json). */
function pendingFiles(): string[] {
  return existsSync(pendingDir()) ? readdirSync(pendingDir()).filter((f) => !f.endsWith('.json')) : [];
}

function linuxUpdater() {
  return appImageUpdater({ dir: path.join(dir, 'install'), version: CURRENT }).updater;
}

describe('the updater against a feed on 127.0.0.1', () => {
  it('downloads a newer version in the background, checks its sha512, and has it ready to install', async () => {
    const bytes = publish(feedFolder('stable'), 'latest-linux.yml', { version: '1.5.0', file: 'Clinic-1.5.0.AppImage' });
    const service = controller(linuxUpdater());
    const checked = await service.check();
    expect(['downloading', 'ready']).toContain(checked.phase);
    const status = await settled(service);
    expect(status).toMatchObject({ phase: 'ready', offeredVersion: '1.5.0', downloadPercent: 100, feedUrl: stableFeed(), lastError: null });
    expect(pendingFiles()).toEqual(['Clinic-1.5.0.AppImage']);
    expect(readFileSync(path.join(pendingDir(), 'Clinic-1.5.0.AppImage')).equals(bytes)).toBe(true);
    expect(server.requests).toEqual(['/stable/latest-linux.yml', '/stable/Clinic-1.5.0.AppImage']);
  });

  it('offers nothing when the feed has this version, and refuses an older one unless downgrades are allowed', async () => {
    publish(feedFolder('stable'), 'latest-linux.yml', { version: CURRENT, file: 'Clinic-1.4.0.AppImage' });
    const same = await controller(linuxUpdater()).check();
    expect(same).toMatchObject({ phase: 'up-to-date', offeredVersion: null, note: 'This is the newest version.' });

    publish(feedFolder('stable'), 'latest-linux.yml', { version: '1.3.2', file: 'Clinic-1.3.2.AppImage' });
    const older = await controller(linuxUpdater()).check();
    expect(older).toMatchObject({ phase: 'up-to-date', offeredVersion: null });
    expect(older.note).toMatch(/offers 1\.3\.2, which is older than this version: refused/);
    expect(server.requests.filter((r) => r.endsWith('.AppImage'))).toEqual([]);
    expect(pendingFiles()).toEqual([]);

    const allowed = controller(linuxUpdater(), { policy: policyOn({ allowDowngrade: true }) });
    await allowed.check();
    expect(await settled(allowed)).toMatchObject({ phase: 'ready', offeredVersion: '1.3.2' });
  });

  it('follows a staged rollout: 0% reaches no one, 100% everyone', async () => {
    publish(feedFolder('stable'), 'latest-linux.yml', { version: '1.5.0', file: 'Clinic-1.5.0.AppImage', stagingPercentage: 0 });
    const none = await controller(linuxUpdater()).check();
    expect(none).toMatchObject({ phase: 'up-to-date', offeredVersion: null });
    expect(none.note).toMatch(/rolled out in stages; this computer is not in the current stage/);
    expect(pendingFiles()).toEqual([]);

    publish(feedFolder('stable'), 'latest-linux.yml', { version: '1.5.0', file: 'Clinic-1.5.0.AppImage', stagingPercentage: 100 });
    const all = controller(linuxUpdater());
    await all.check();
    expect(await settled(all)).toMatchObject({ phase: 'ready', offeredVersion: '1.5.0' });
  });

  it('refuses an installer whose bytes do not match the published sha512, and keeps nothing of it', async () => {
    publish(feedFolder('stable'), 'latest-linux.yml', { version: '1.5.0', file: 'Clinic-1.5.0.AppImage', tampered: true });
    const service = controller(linuxUpdater());
    await service.check();
    const status = await settled(service);
    expect(status.phase).toBe('error');
    expect(status.lastError?.message).toBe('The downloaded update does not match the checksum its feed published: it was deleted and will not be installed.');
    expect(pendingFiles()).toEqual([]);
    await expect(service.restartNow()).rejects.toThrow(/No update has been downloaded/);
  });

  it('reports a missing, malformed or unreachable feed clearly', async () => {
    const missing = await controller(linuxUpdater()).check();
    expect(missing.phase).toBe('error');
    expect(missing.lastError?.message).toMatch(/no update information \(latest\*\.yml\) at this address/);
    expect(missing.nextCheckAt).not.toBeNull();

    mkdirSync(feedFolder('stable'), { recursive: true });
    writeFileSync(path.join(feedFolder('stable'), 'latest-linux.yml'), 'version: [1.5.0\nfiles: {');
    const malformed = await controller(linuxUpdater()).check();
    expect(malformed.lastError?.message).toBe('The feed’s update information is malformed: it was ignored.');

    writeFileSync(path.join(feedFolder('stable'), 'latest-linux.yml'), 'version: 1.5.0\n');
    const noFiles = await controller(linuxUpdater()).check();
    expect(noFiles.phase).toBe('error');
    expect(noFiles.lastError?.message).toBe('The feed’s update information is malformed: it was ignored.');

    await server.close();
    const unreachable = await controller(linuxUpdater()).check();
    expect(unreachable.lastError?.message).toBe('The update feed cannot be reached (ECONNREFUSED).');
  });

  it('reads the beta ring’s own feed (beta-linux.yml at the beta address)', async () => {
    publish(feedFolder('beta'), 'beta-linux.yml', { version: '1.5.0-beta.1', file: 'Clinic-1.5.0-beta.1.AppImage' });
    const service = controller(linuxUpdater(), { policy: policyOn({ ring: 'beta' }) });
    await service.check();
    expect(await settled(service)).toMatchObject({ phase: 'ready', ring: 'beta', offeredVersion: '1.5.0-beta.1' });
    expect(server.requests[0]).toBe('/beta/beta-linux.yml');
  });

  it.each([
    ['the computer’s policy file turns updates off', { machinePolicy: '{"updates":"off"}' }, /Turned off on this computer by its update policy file/],
    ['the computer’s policy file is malformed', { machinePolicy: '{"updates":' }, /policy file cannot be used \(it is not valid JSON\)/],
    ['the clinic’s policy turns updates off', { policy: { ...DEFAULT_UPDATE_POLICY, enabled: false } }, /Turned off in the clinic’s update policy/],
    ['the install is a .deb package', { installKind: 'deb' as const }, /system’s package manager/],
  ])('asks no feed when %s', async (_what, options, reason) => {
    publish(feedFolder('stable'), 'latest-linux.yml', { version: '1.5.0', file: 'Clinic-1.5.0.AppImage' });
    const status = await controller(linuxUpdater(), options).check();
    expect(status).toMatchObject({ phase: 'off', nextCheckAt: null, offeredVersion: null });
    expect(status.offReason).toMatch(reason);
    expect(server.requests).toEqual([]);
  });

  it('logs versions, phases and error codes only', async () => {
    publish(feedFolder('stable'), 'latest-linux.yml', { version: '1.5.0', file: 'Clinic-1.5.0.AppImage', tampered: true });
    const service = controller(linuxUpdater());
    await service.check();
    await settled(service);
    const fields = new Set(logger.lines.flatMap((line) => Object.keys(JSON.parse(line) as object)));
    expect([...fields].sort()).toEqual(expect.arrayContaining(['event', 'level', 'time']));
    for (const field of fields) expect(['time', 'level', 'event', 'offered', 'taken', 'version', 'errorName', 'errorCode']).toContain(field);
    expect(logger.lines.join('\n')).not.toContain(dir);
  });
});

describe('the Windows updater (NsisUpdater) against the local feed', () => {
  const windows = (verify: (publishers: string[], file: string) => Promise<string | null>) => {
    const { updater } = nsisUpdater({ dir: path.join(dir, 'install'), version: CURRENT, appUpdateYml: ['publisherName:', '  - Clinic Office'] });
    // Authenticode needs Windows: this stands in for electron-updater's PowerShell check.
    updater.verifyUpdateCodeSignature = verify;
    return updater;
  };

  it('installs only what is signed by a listed publisher', async () => {
    publish(feedFolder('stable'), 'latest.yml', { version: '1.5.0', file: 'Clinic-Setup-1.5.0.exe' });
    const seen: string[][] = [];
    const signed = controller(
      windows(async (publishers) => {
        seen.push(publishers);
        return null;
      }),
      { installKind: 'nsis' },
    );
    await signed.check();
    expect(await settled(signed)).toMatchObject({ phase: 'ready', offeredVersion: '1.5.0' });
    expect(seen).toEqual([['Clinic Office']]);
    expect(pendingFiles()).toEqual(['Clinic-Setup-1.5.0.exe']);
  });

  it('refuses an installer signed by someone else, and one whose checksum does not match', async () => {
    publish(feedFolder('stable'), 'latest.yml', { version: '1.5.0', file: 'Clinic-Setup-1.5.0.exe' });
    const unsigned = controller(windows(async () => 'publisherNames: Clinic Office, raw info: {"Subject":"CN=Someone Else"}'), { installKind: 'nsis' });
    await unsigned.check();
    const refused = await settled(unsigned);
    expect(refused.phase).toBe('error');
    expect(refused.lastError?.message).toBe('The downloaded update is not signed by the clinic’s software publisher: it was deleted and will not be installed.');
    expect(pendingFiles()).toEqual([]);

    publish(feedFolder('stable'), 'latest.yml', { version: '1.5.1', file: 'Clinic-Setup-1.5.1.exe', tampered: true });
    let verified = false;
    const tampered = controller(
      windows(async () => {
        verified = true;
        return null;
      }),
      { installKind: 'nsis' },
    );
    await tampered.check();
    expect((await settled(tampered)).lastError?.message).toMatch(/does not match the checksum/);
    expect(verified).toBe(false); // refused at the checksum, before the signature is even looked at
  });
});
