/**
 * electron-updater's real updater classes (NsisUpdater, AppImageUpdater) outside Electron: given
 * an AppAdapter in place of Electron's app (electron-updater's constructor takes one) and the
 * loopback HTTP executor, they run their real provider, download and verification code in Node.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppImageUpdater, NsisUpdater, type AppUpdater } from 'electron-updater';
import { LoopbackHttpExecutor } from './feed';

export interface TestInstall {
  /** userData, the cache and app-update.yml all live here. */
  dir: string;
  version: string;
  /** Lines added to app-update.yml (e.g. publisherName for Windows signature checks). */
  appUpdateYml?: string[];
}

function adapter(install: TestInstall, quits: number[]) {
  const appUpdateConfigPath = path.join(install.dir, 'app-update.yml');
  mkdirSync(install.dir, { recursive: true });
  writeFileSync(appUpdateConfigPath, ['provider: generic', 'url: http://127.0.0.1:9/unused/', 'updaterCacheDirName: clinic-office-updater-test', ...(install.appUpdateYml ?? [])].join('\n'));
  return {
    version: install.version,
    name: 'Clinic Office',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: path.join(install.dir, 'userData'),
    baseCachePath: path.join(install.dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => void quits.push(Date.now()),
    onQuit: () => undefined,
  };
}

function wire<T extends AppUpdater>(updater: T): T {
  (updater as unknown as { httpExecutor: LoopbackHttpExecutor }).httpExecutor = new LoopbackHttpExecutor();
  // The full download is what the tests verify; a differential one needs the previous installer.
  updater.disableDifferentialDownload = true;
  return updater;
}

/** Linux's updater. It reads $APPIMAGE (the running AppImage): the caller sets it. */
export function appImageUpdater(install: TestInstall): { updater: AppImageUpdater; quits: number[] } {
  const quits: number[] = [];
  return { updater: wire(new AppImageUpdater(null, adapter(install, quits))), quits };
}

/** Windows' updater, reading the Windows feed (latest.yml): electron-updater's own test switch picks the platform. */
export function nsisUpdater(install: TestInstall): { updater: NsisUpdater; quits: number[] } {
  const quits: number[] = [];
  const updater = new NsisUpdater(null, adapter(install, quits));
  (updater as unknown as { _testOnlyOptions: unknown })._testOnlyOptions = { platform: 'win32', isUseDifferentialDownload: false };
  return { updater: wire(updater), quits };
}
