import { homedir } from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Clinic Office';

/**
 * Where the data lives when neither --data-dir nor CLINIC_DATA_DIR says: the same folder
 * Electron's userData resolves to for this product, so both runtimes share one data folder.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), PRODUCT_NAME);
}

/** `--data-dir`, else `$CLINIC_DATA_DIR`, else the given fallback (Electron passes its userData path). */
export function resolveDataDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  fallback: string = defaultDataDir(process.platform, env),
): string {
  const fromEnv = env.CLINIC_DATA_DIR?.trim() ? env.CLINIC_DATA_DIR : undefined;
  return path.resolve(flag ?? fromEnv ?? fallback);
}
