// Bundles the Electron main process and preload (npm run build:electron):
//   src-main/electron/main.ts    -> dist/electron/main.cjs     (Node platform, CommonJS)
//   src-main/electron/preload.ts -> dist/electron/preload.cjs  (sandboxed preloads must be CommonJS)
// 'electron' is provided by the runtime; the database driver stays external because it loads its
// native build by path (nativeBinding). Migrations are imported statically, so they are bundled.
//
// Options: --outdir DIR (default dist/electron; the packaging tests build into a temporary copy),
// --no-sourcemap (release builds: no .map files and no sourceMappingURL comments).
import { build } from 'esbuild';
import { parseArgs } from 'node:util';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({ options: { outdir: { type: 'string' }, 'no-sourcemap': { type: 'boolean' } } });
const outdir = path.resolve(root, options.outdir ?? path.join('dist', 'electron'));

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  target: 'node22',
  sourcemap: !options['no-sourcemap'],
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

console.log(`Electron shell bundled into ${path.relative(root, outdir) || outdir}/ (main.cjs, preload.cjs)`);
