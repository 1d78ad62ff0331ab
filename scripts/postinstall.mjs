// Runs after every `npm ci` / `npm install`. It only reports, and must never fail the install
// (offline machines included). It never requires node_modules/electron/index.js: that file
// downloads the Electron binary when it is missing (Electron 42+ downloads on first use).
// The detection mirrors src-main/electron-runtime.ts (which `npm start` uses; this file is plain JS
// because tsx may not be installed yet).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

function electronBinary() {
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    if (!relative || path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) return null;
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
    const binary = path.join(distDir, relative);
    return statSync(binary).isFile() ? binary : null;
  } catch {
    return null;
  }
}

try {
  let binary = electronBinary();
  const wantsFetch = !process.env.CI && process.env.CLINIC_FETCH_ELECTRON === '1';
  if (!binary && wantsFetch && existsSync(path.join(electronDir, 'install.js'))) {
    console.log('clinic-office: fetching the Electron runtime (CLINIC_FETCH_ELECTRON=1)…');
    spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit', timeout: 180_000 });
    binary = electronBinary();
  }
  if (binary) {
    console.log(`clinic-office: Electron runtime present (${path.relative(root, binary)}); \`npm start\` opens the desktop app.`);
    if (!existsSync(path.join(root, 'native', 'electron', 'better_sqlite3.node'))) {
      console.log('clinic-office: the database driver for Electron is not built yet: run `npm run build:native-electron` (needs internet).');
    }
  } else {
    console.log(
      'clinic-office: Electron runtime not downloaded; `npm start` will use browser mode. ' +
        'To get it (needs internet): `npx install-electron`, or reinstall with CLINIC_FETCH_ELECTRON=1.',
    );
  }
} catch (error) {
  console.log(`clinic-office: postinstall check skipped (${error instanceof Error ? error.message : String(error)})`);
}
process.exitCode = 0;
