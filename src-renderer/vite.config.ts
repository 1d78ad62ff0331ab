import { readdirSync, readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The app's version (package.json's, as the main process reports it) for screens shown before sign-in. */
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * pdf.js (features/documents/PdfViewer.tsx) loads its data files by name from a base URL, so they
 * are copied unhashed to pdfjs/: CMaps and the standard fonts for PDFs that do not embed theirs, and
 * the JPEG 2000 decoder in JavaScript (WebAssembly is off: the CSP does not allow it).
 */
function pdfjsDataFiles(): Plugin {
  const pdfjs = new URL('../node_modules/pdfjs-dist/', import.meta.url);
  const files = [
    ...['cmaps/', 'standard_fonts/'].flatMap((folder) => readdirSync(new URL(folder, pdfjs)).map((name) => folder + name)),
    'wasm/openjpeg_nowasm_fallback.js',
    'wasm/LICENSE_OPENJPEG',
    'wasm/LICENSE_PDFJS_OPENJPEG',
  ];
  return {
    name: 'pdfjs-data-files',
    apply: 'build',
    generateBundle() {
      for (const file of files) this.emitFile({ type: 'asset', fileName: `pdfjs/${file}`, source: readFileSync(new URL(file, pdfjs)) });
    },
  };
}

/**
 * The renderer is served from `app://app/` in Electron and from `http://127.0.0.1:PORT/` in browser
 * mode, so every asset URL is relative (`base: './'`). index.html has no inline script or style:
 * the strict CSP (script-src 'self'; style-src 'self') would refuse them.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), pdfjsDataFiles()],
  define: { __APP_VERSION__: JSON.stringify(version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One local bundle for a desktop app loaded from disk: splitting would buy nothing.
    chunkSizeWarningLimit: 1500,
    // No inline <script> or data: URLs; the CSP refuses both.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: false },
});
