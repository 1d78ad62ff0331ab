// Bundles the Electron main process and preload (npm run build:electron):
//   src-main/electron/main.ts    -> dist/electron/main.cjs     (Node platform, CommonJS)
//   src-main/electron/preload.ts -> dist/electron/preload.cjs  (sandboxed preloads must be CommonJS)
// 'electron' is provided by the runtime; the database driver stays external because it loads its
// native build by path (nativeBinding). Migrations are imported statically, so they are bundled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // The code never reads import.meta.url; fail loudly if something bundled starts to.
  define: { 'import.meta.url': 'undefined' },
};

rmSync(outdir, { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    outfile: path.join(outdir, 'main.cjs'),
    platform: 'node',
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    // A sandboxed preload can require only 'electron' (and a few polyfilled built-ins).
    platform: 'browser',
    external: ['electron'],
  }),
]);

console.log(`Electron shell bundled into ${path.relative(root, outdir)}/ (main.cjs, preload.cjs)`);
