// @ts-check
/**
 * electron-builder's afterPack hook (electron-builder.yml): runs after each platform/architecture is
 * packed, before signing and before any installer is made. It stops the build unless the database
 * driver inside the package is the Electron build for that platform and processor.
 */
import path from 'node:path';
import { Arch } from 'electron-builder';
import { checkNativeModule, describeCheck, electronAbi } from './check-native-abi.mjs';

/** Where the driver lands inside resources/ (electron-builder.yml extraResources `to`; src-main/electron/launch.ts). */
export const PACKED_DRIVER = 'native/better_sqlite3.node';

/** @param {import('electron-builder').AfterPackContext} context */
export async function afterPack(context) {
  const { packager, appOutDir, electronPlatformName } = context;
  const electronVersion = packager.config.electronVersion;
  if (!electronVersion) throw new Error('after-pack: electron-builder did not say which Electron version it packs.');
  const file = path.join(packager.getResourcesDir(appOutDir), ...PACKED_DRIVER.split('/'));
  const result = checkNativeModule(file, { abi: electronAbi(electronVersion), platform: electronPlatformName, arch: Arch[context.arch] });
  if (!result.ok) {
    throw new Error(
      `The database driver in the package is not the Electron ${electronVersion} build for ${electronPlatformName} ${Arch[context.arch]}: ` +
        `${describeCheck(path.relative(appOutDir, file), result)}. Build it with \`npm run release\` (which runs scripts/build-native-electron.sh).`,
    );
  }
  console.log(`after-pack: ${describeCheck(path.relative(appOutDir, file), result)}`);
}
