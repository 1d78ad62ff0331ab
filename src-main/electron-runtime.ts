/**
 * Is Electron's runtime binary on this machine? Answered from the files the `electron` package
 * writes when its binary is installed — never by requiring `electron` itself, whose index.js starts
 * a download when the binary is missing (Electron 42+ downloads on first use, not at install).
 * No 'electron' import: this runs in plain Node (`npm start`).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The Electron executable for this repository, or null if it has not been downloaded.
 * Mirrors node_modules/electron/index.js: `path.txt` names the executable inside `dist/`
 * (or inside $ELECTRON_OVERRIDE_DIST_PATH when that is set).
 */
export function electronBinaryPath(
  repoRoot: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  let relative: string;
  try {
    relative = readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  // path.txt is written by electron's installer; still refuse anything that would leave dist/.
  if (relative === '' || path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) return null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const distDir = override ? path.resolve(override) : path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative);
  try {
    return statSync(binary).isFile() ? binary : null;
  } catch {
    return null;
  }
}
