import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  appResponseHeaders,
  isAllowedDownload,
  isAllowedNavigation,
  isAllowedRequest,
  isTrustedIpcSender,
  mimeTypeFor,
  parseRpcMessage,
  permissionDecision,
  resolveAppUrlToFile,
  secureWebPreferences,
  windowOpenDecision,
} from '../../../src-main/electron/policy';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/security/csp';

const ROOT = path.resolve('/srv/clinic/dist/renderer');
const inRoot = (...parts: string[]) => path.join(ROOT, ...parts);

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      safeDialogs: true,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('enables DevTools only when asked (development)', () => {
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', {}).devTools).toBe(false);
  });

  it('refuses a relative preload path', () => {
    expect(() => secureWebPreferences('dist/electron/preload.cjs')).toThrow();
  });
});

describe('the app:// scheme', () => {
  it('is standard, secure and fetch-capable, and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_START_URL).toBe('app://app/');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(' ')] as const;
    }),
  );

  it('allows only the app itself', () => {
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      // pdf.js renders PDFs in the page (src-renderer/features/documents/PdfViewer.tsx), its worker a file of the app.
      'worker-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'none'",
    });
  });

  it('never allows inline code, eval or remote origins', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|https?:|\*/);
  });
});

describe('resolveAppUrlToFile', () => {
  it('serves files under the renderer root', () => {
    expect(resolveAppUrlToFile('app://app/assets/index-abc123.js', ROOT)).toBe(inRoot('assets', 'index-abc123.js'));
    expect(resolveAppUrlToFile('app://app/favicon.svg?v=2#x', ROOT)).toBe(inRoot('favicon.svg'));
  });

  it("serves pdf.js's data files (copied to pdfjs/ by vite.config.ts)", () => {
    expect(resolveAppUrlToFile('app://app/pdfjs/cmaps/UniJIS-UCS2-H.bcmap', ROOT)).toBe(inRoot('pdfjs', 'cmaps', 'UniJIS-UCS2-H.bcmap'));
    expect(resolveAppUrlToFile('app://app/pdfjs/wasm/openjpeg_nowasm_fallback.js', ROOT)).toBe(inRoot('pdfjs', 'wasm', 'openjpeg_nowasm_fallback.js'));
  });

  it('serves index.html for / and for client-side routes without an extension', () => {
    expect(resolveAppUrlToFile('app://app/', ROOT)).toBe(inRoot('index.html'));
    expect(resolveAppUrlToFile('app://app', ROOT)).toBe(inRoot('index.html'));
    expect(resolveAppUrlToFile('app://app/patients/0190a1b2-c3d4', ROOT)).toBe(inRoot('index.html'));
    expect(resolveAppUrlToFile('app://app/assets', ROOT)).toBe(inRoot('index.html'));
  });

  it('decodes percent-escapes exactly once', () => {
    expect(resolveAppUrlToFile('app://app/assets/my%20file.css', ROOT)).toBe(inRoot('assets', 'my file.css'));
    // %252e%252e decodes once to the literal name "%2e%2e", which is not a parent reference.
    expect(resolveAppUrlToFile('app://app/%252e%252e/x.js', ROOT)).toBe(inRoot('%2e%2e', 'x.js'));
  });

  it.each([
    'app://app/..%2f..%2fetc/passwd.txt',
    'app://app/assets/..%2F..%2F..%2Fetc%2Fpasswd.txt',
    'app://app/%2e%2e%2f%2e%2e%2fetc/passwd.txt',
    'app://app/assets%2f..%2f..%2fsecret.js',
    'app://app/..%5c..%5cwindows%5cwin.ini',
    'app://app/assets\\..\\..\\secret.js',
    'app://app/%5c%5cserver%5cshare%5cx.js',
    'app://app/C:%5cWindows%5cwin.ini',
    'app://app/C:/Windows/win.ini',
    'app://app/index.html%00.js',
    'app://app/x%0a.js',
    'app://app/.env',
    'app://app/assets/.hidden.js',
    'app://app/file.js::$DATA',
    'app://app/%E0%A4%A.js',
  ])('refuses traversal, separators, drive letters, control characters and hidden files: %s', (url) => {
    expect(resolveAppUrlToFile(url, ROOT)).toBeNull();
  });

  it.each([
    'app://app/../secret.txt',
    'app://app/assets/../../secret.txt',
    'app://app/%2e%2e/%2E%2E/secret.txt',
    'app://app/.%2e/secret.txt',
    'app://app/./secret.txt',
  ])('keeps dot segments the URL parser already resolved inside the root: %s', (url) => {
    // The WHATWG parser (Node's and Chromium's) resolves ".", ".." and "%2e%2e" segments before the
    // handler sees the path, and cannot climb above "/".
    expect(resolveAppUrlToFile(url, ROOT)).toBe(inRoot('secret.txt'));
  });

  it.each([
    'http://app/index.html',
    'https://app/index.html',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://app.evil/index.html',
    'app://app:8080/index.html',
    'app://user@app/index.html',
    'app://user:pw@app/index.html',
    'app:///index.html',
    'not a url',
    '',
  ])('refuses other origins: %s', (url) => {
    expect(resolveAppUrlToFile(url, ROOT)).toBeNull();
  });

  it('keeps Windows paths inside the root too', () => {
    const winRoot = 'C:\\Program Files\\Clinic Office\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppUrlToFile('app://app/assets/a.js', winRoot, path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    expect(resolveAppUrlToFile('app://app/..%5c..%5ca.js', winRoot, path.win32)).toBeNull();
    expect(resolveAppUrlToFile('app://app/D:%2fa.js', winRoot, path.win32)).toBeNull();
    expect(resolveAppUrlToFile('app://app/%2f%2fserver%2fshare%2fa.js', winRoot, path.win32)).toBe(`${winRoot}\\server\\share\\a.js`);
  });
});

describe('mimeTypeFor and appResponseHeaders', () => {
  it('names the types the renderer build contains', () => {
    expect(mimeTypeFor('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('/r/assets/index-1.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('/r/assets/index-1.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('/r/assets/index-1.js.map')).toBe('application/json; charset=utf-8');
    expect(mimeTypeFor('/r/logo.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('/r/photo.png')).toBe('image/png');
    expect(mimeTypeFor('/r/font.woff2')).toBe('font/woff2');
    // pdf.js: a module worker (which must come as JavaScript) and the data files it reads as bytes.
    expect(mimeTypeFor('/r/assets/pdf.worker.min-FHbmGBN0.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('/r/pdfjs/standard_fonts/LiberationSans-Regular.ttf')).toBe('font/ttf');
    expect(mimeTypeFor('/r/pdfjs/cmaps/78-EUC-H.bcmap')).toBe('application/octet-stream');
    expect(mimeTypeFor('/r/unknown.xyz')).toBe('application/octet-stream');
    expect(mimeTypeFor('/r/LICENSE')).toBe('application/octet-stream');
  });

  it('sends the CSP and nosniff on every response', () => {
    for (const file of ['/r/index.html', null]) {
      const headers = appResponseHeaders(file);
      expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
    }
  });
});

describe('isAllowedRequest', () => {
  it.each([
    'app://app/',
    'app://app/assets/index.js',
    'data:image/png;base64,iVBORw0KGgo=',
    'blob:app://app/1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  ])('allows the app itself: %s', (url) => {
    expect(isAllowedRequest(url)).toBe(true);
  });

  it.each([
    'http://127.0.0.1:8080/rpc',
    'https://example.com/track.js',
    'ws://localhost:5173/',
    'wss://example.com/socket',
    'file:///etc/passwd',
    'ftp://example.com/x',
    'chrome-extension://abcdefghijklmnop/x.js',
    'chrome://settings',
    'about:blank',
    'javascript:alert(1)',
    'app://evil/x.js',
    'app://app:1/x.js',
    'blob:https://example.com/1b4e28ba',
    'blob:null/1b4e28ba',
    'devtools://devtools/bundled/inspector.html',
    'garbage',
  ])('blocks %s', (url) => {
    expect(isAllowedRequest(url)).toBe(false);
  });

  it('allows a large data: image', () => {
    expect(isAllowedRequest(`data:image/png;base64,${'A'.repeat(100_000)}`)).toBe(true);
  });

  it('allows devtools: only when DevTools are enabled', () => {
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', { allowDevtools: true })).toBe(true);
    expect(isAllowedRequest('https://example.com/', { allowDevtools: true })).toBe(false);
  });
});

describe('isAllowedDownload', () => {
  it.each(['blob:app://app/1b4e28ba-2fa1-11d2-883f-0016d3cca427', 'BLOB:app://app/1b4e28ba-2fa1-11d2-883f-0016d3cca427'])(
    'allows a file the app made itself: %s',
    (url) => {
      expect(isAllowedDownload(url)).toBe(true);
    },
  );

  it.each([
    'blob:https://example.com/1b4e28ba',
    'blob:http://127.0.0.1:8080/1b4e28ba',
    'blob:app://evil/1b4e28ba',
    'blob:app://app:1/1b4e28ba',
    'blob:app://user@app/1b4e28ba',
    'blob:null/1b4e28ba',
    'blob:file:///tmp/1b4e28ba',
    'https://example.com/report.pdf',
    'http://127.0.0.1:8080/rpc',
    'file:///etc/passwd',
    'data:text/csv,a,b',
    'data:application/pdf;base64,JVBERi0=',
    'app://app/assets/index.js',
    'ftp://example.com/x',
    'garbage',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedDownload(url)).toBe(false);
  });
});

describe('navigation, windows and permissions', () => {
  it('allows navigation only within app://app', () => {
    expect(isAllowedNavigation('app://app/')).toBe(true);
    expect(isAllowedNavigation('app://app/#/patients')).toBe(true);
    for (const url of ['https://example.com/', 'http://127.0.0.1/', 'file:///C:/x.html', 'app://other/', 'about:blank', 'javascript:void(0)', 'data:text/html,hi']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('denies every new window', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('denies every permission', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'unknown']) {
      expect(permissionDecision(permission)).toBe(false);
    }
  });
});

describe('isTrustedIpcSender', () => {
  it("trusts only the app's own main frame", () => {
    expect(isTrustedIpcSender({ frameUrl: 'app://app/', isMainFrame: true })).toBe(true);
    expect(isTrustedIpcSender({ frameUrl: 'app://app/#/patients/1', isMainFrame: true })).toBe(true);
  });

  it.each([
    { frameUrl: 'app://app/', isMainFrame: false },
    { frameUrl: 'https://example.com/', isMainFrame: true },
    { frameUrl: 'http://127.0.0.1:5173/', isMainFrame: true },
    { frameUrl: 'file:///app/index.html', isMainFrame: true },
    { frameUrl: 'app://evil/', isMainFrame: true },
    { frameUrl: 'about:blank', isMainFrame: true },
    { frameUrl: 'data:text/html,<script>', isMainFrame: true },
    { frameUrl: '', isMainFrame: true },
  ])('refuses $frameUrl (main frame: $isMainFrame)', (sender) => {
    expect(isTrustedIpcSender(sender)).toBe(false);
  });

  it('refuses a missing sender frame', () => {
    expect(isTrustedIpcSender(null)).toBe(false);
    expect(isTrustedIpcSender(undefined)).toBe(false);
  });
});

describe('parseRpcMessage', () => {
  it('accepts a method name and an object (or absent) input', () => {
    expect(parseRpcMessage('patients.search', { query: 'smi' })).toEqual({ ok: true, method: 'patients.search', input: { query: 'smi' } });
    expect(parseRpcMessage('system.info', undefined)).toEqual({ ok: true, method: 'system.info', input: {} });
    expect(parseRpcMessage('changes.since', null)).toEqual({ ok: true, method: 'changes.since', input: {} });
    expect(parseRpcMessage('patients.create', Object.create(null))).toMatchObject({ ok: true });
  });

  it.each([42, null, undefined, '', 'patients', 'patients.', '.search', 'Patients.search', 'patients.search()', '__proto__.x', 'a.b'.repeat(60), ['patients.search']])(
    'refuses the method %j',
    (method) => {
      const result = parseRpcMessage(method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    },
  );

  it.each([[[1, 2]], ['text'], [7], [true], [new Date(0)], [new Map()]])('refuses the input %j', (input) => {
    expect(parseRpcMessage('patients.search', input)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
