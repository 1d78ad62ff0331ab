/**
 * Electron main-process entry, bundled by scripts/build-electron.mjs into dist/electron/main.cjs
 * (CommonJS, so `__dirname` is the bundle's folder; `import.meta.url` does not exist there).
 */
import path from 'node:path';
import { startElectronShell } from './shell';

startElectronShell({
  appRoot: path.resolve(__dirname, '..', '..'),
  resourcesPath: process.resourcesPath,
  argv: process.argv,
  env: process.env,
});
