/**
 * The desktop app's updater: electron-updater's own class for this kind of install, made with its
 * defaults (Electron's app, and Electron's net module in the updater's session, so the system's
 * proxy settings apply), handed to the controller that decides everything (src-main/updates/).
 * The only file that uses electron-updater's Electron side. Signature and checksum checks are
 * electron-updater's and stay on: the controller never touches them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppImageUpdater, MacUpdater, NsisUpdater, type AppUpdater } from 'electron-updater';
import { buildFeedOf, unverifiableWindowsBuild } from '../updates/build-feed';
import { createUpdateController, noUpdater } from '../updates/controller';
import { machinePolicyFile } from '../updates/machine-policy';
import { installKindOf, selfUpdateRefusal, type InstallKind } from '../updates/policy';
import type { UpdateServiceFactory } from '../updates/service';
import { readUpdatePolicy } from '../updates/settings';

export interface DesktopInstall {
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** process.execPath */
  execPath: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
}

/** electron-builder.yml's productName: NSIS names its uninstaller after it. */
export const PRODUCT_NAME = 'Clinic Office';

function readIfThere(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function installKind(install: DesktopInstall): InstallKind {
  return installKindOf({
    isPackaged: install.isPackaged,
    platform: install.platform,
    appImage: install.env.APPIMAGE,
    packageType: readIfThere(path.join(install.resourcesPath, 'package-type'))?.trim() ?? null,
    hasNsisUninstaller: existsSync(path.join(path.dirname(install.execPath), `Uninstall ${PRODUCT_NAME}.exe`)),
  });
}

/** electron-updater's updater for this platform (its default app adapter and HTTP executor: Electron's). */
function platformUpdater(kind: InstallKind): AppUpdater {
  if (kind === 'nsis') return new NsisUpdater();
  if (kind === 'mac') return new MacUpdater();
  return new AppImageUpdater();
}

export function desktopUpdates(install: DesktopInstall): UpdateServiceFactory {
  return (deps) => {
    const kind = installKind(install);
    const appUpdateYml = readIfThere(path.join(install.resourcesPath, 'app-update.yml'));
    const common = {
      installKind: kind,
      currentVersion: deps.appVersion,
      readClinicPolicy: () => readUpdatePolicy(deps.db),
      machinePolicyFile: machinePolicyFile(install.platform, install.env),
      buildFeed: buildFeedOf(appUpdateYml ?? ''),
      clock: deps.clock,
      logger: deps.logger,
      isSessionLive: deps.isSessionLive,
    };
    const refusal = selfUpdateRefusal(kind) ?? (kind === 'nsis' ? unverifiableWindowsBuild(appUpdateYml) : null);
    if (refusal) return noUpdater(common, refusal);
    return createUpdateController({ ...common, updater: platformUpdater(kind), installationId: deps.installationId });
  };
}
