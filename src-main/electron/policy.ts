/**
 * Every security decision of the Electron shell, as small pure functions: they run (and are
 * tested) in plain Node, so this file must never import 'electron'. shell.ts only wires them in.
 */
import path from 'node:path';
import type { RpcError } from '../../src-shared/rpc/errors';
import { CONTENT_SECURITY_POLICY } from '../security/csp';

/** The renderer is served from `app://app/…`: a standard, secure scheme with a fixed host. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'app';
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** Privileges for `protocol.registerSchemesAsPrivileged`; nothing beyond what the UI needs. */
export const APP_SCHEME_PRIVILEGES = Object.freeze({ standard: true, secure: true, supportFetchAPI: true });

// ------------------------------------------------------------------ window

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  plugins: false;
  experimentalFeatures: false;
  enableWebSQL: false;
  spellcheck: false;
  safeDialogs: true;
  navigateOnDragDrop: false;
  /** Middle-click opens links in new windows otherwise. */
  disableBlinkFeatures: 'Auxclick';
  devTools: boolean;
}

/** The BrowserWindow's webPreferences. DevTools only in development (never in a packaged app). */
export function secureWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): SecureWebPreferences {
  if (!path.isAbsolute(preloadPath)) throw new Error('The preload path must be absolute');
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    plugins: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    spellcheck: false,
    safeDialogs: true,
    navigateOnDragDrop: false,
    disableBlinkFeatures: 'Auxclick',
    devTools: options.devTools === true,
  };
}

// ------------------------------------------------------------------ URLs

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length > 8_192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Exactly `app://app` — no other host, no port, no credentials. */
function isAppOrigin(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

/** True for any URL on the app's own origin (`app://app/…`). */
export function isAppUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && isAppOrigin(parsed);
}

/** A blob the app's own page made: `blob:app://app/<uuid>` (a blob URL's path is its creator's URL). */
function isAppBlobUrl(parsed: URL): boolean {
  return parsed.protocol === 'blob:' && isAppUrl(parsed.pathname);
}

/** Characters never allowed in a served path segment (control characters, Windows specials). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_SEGMENT = /[\u0000-\u001f\u007f\\:*?"<>|]/;

/**
 * Maps an `app://app/…` request to a file under `rendererRoot`, or null if it must be refused.
 * The path is percent-decoded exactly once; any `.`/`..`/hidden segment, backslash, colon (drive
 * letters, Windows streams) or control character is refused outright rather than "cleaned", and the
 * result must still lie inside `rendererRoot`. `/` and extension-less paths (client-side routes)
 * serve index.html. The query and fragment are ignored.
 */
export function resolveAppUrlToFile(url: string, rendererRoot: string, pathApi: path.PlatformPath = path): string | null {
  const parsed = parseUrl(url);
  if (parsed === null || !isAppOrigin(parsed)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // malformed percent-escape
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    if (segment.startsWith('.') || FORBIDDEN_IN_SEGMENT.test(segment)) return null;
  }
  const last = segments.at(-1);
  const relative = last === undefined || !/\.[A-Za-z0-9]+$/.test(last) ? ['index.html'] : segments;
  const root = pathApi.resolve(rendererRoot);
  const file = pathApi.resolve(root, ...relative);
  const inside = pathApi.relative(root, file);
  if (inside === '' || inside.startsWith('..') || pathApi.isAbsolute(inside)) return null;
  return file;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

/** Content-Type for a served file; unknown types are opaque bytes (and nosniff stops guessing). */
export function mimeTypeFor(file: string): string {
  const dot = file.lastIndexOf('.');
  const extension = dot >= 0 ? file.slice(dot).toLowerCase() : '';
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

/** Headers on every `app://` response: the CSP and friends. */
export function appResponseHeaders(file: string | null): Record<string, string> {
  return {
    'Content-Type': file === null ? 'text/plain; charset=utf-8' : mimeTypeFor(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

// ------------------------------------------------------------------ network, navigation, windows, permissions

/**
 * Whether a request from the renderer may proceed (session.webRequest.onBeforeRequest). The app is
 * offline: only its own `app://app` files, `data:` (images; the CSP limits where they may appear) and
 * blobs the app itself made. http(s), ws(s), file:, ftp:, chrome-extension: … are all refused.
 * `devtools:` only when DevTools are enabled (development).
 */
export function isAllowedRequest(url: string, options: { allowDevtools?: boolean } = {}): boolean {
  // Before parsing: a data: image may be far longer than the URL length parseUrl accepts.
  if (typeof url === 'string' && /^data:/i.test(url)) return true;
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  switch (parsed.protocol) {
    case `${APP_SCHEME}:`:
      return isAppOrigin(parsed);
    case 'blob:':
      return isAppBlobUrl(parsed);
    case 'devtools:':
      return options.allowDevtools === true;
    default:
      return false;
  }
}

/**
 * will-download: only files the page itself made — a blob: URL of app://app (a chart document's
 * decrypted copy, the audit log's CSV). A link to anywhere else, file:, data: … is refused. The
 * caller sets no save path, so Electron asks the user where to save; nothing is opened afterwards.
 */
export function isAllowedDownload(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && isAppBlobUrl(parsed);
}

/** will-navigate / will-frame-navigate / will-redirect: only within the app's own origin. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** window.open, target=_blank, shift-click: never a new window (and never the system browser). */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Camera, microphone, geolocation, notifications, clipboard-read, HID, USB, serial …: all refused. */
export function permissionDecision(_permission: string): false {
  return false;
}

// ------------------------------------------------------------------ IPC

export interface IpcSenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string;
  /** True when the sending frame is its page's top frame (no parent). */
  isMainFrame: boolean;
}

/** Only the app's own top frame at `app://app/` may call the router: never an iframe, never another origin. */
export function isTrustedIpcSender(sender: IpcSenderInfo | null | undefined): boolean {
  return sender != null && sender.isMainFrame === true && isAppUrl(sender.frameUrl);
}

export type ParsedRpcMessage = { ok: true; method: string; input: unknown } | { ok: false; error: RpcError };

const METHOD_NAME = /^[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)+$/;
const MAX_METHOD_LENGTH = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Shape check of an IPC call before it reaches the router: a method name that looks like
 * `area.verb`, and an input that is absent or a plain object. The router then checks that the
 * method exists and validates the input against the contract.
 */
export function parseRpcMessage(method: unknown, input: unknown): ParsedRpcMessage {
  if (typeof method !== 'string' || method.length > MAX_METHOD_LENGTH || !METHOD_NAME.test(method)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'The request names no valid method' } };
  }
  if (input !== undefined && input !== null && !isPlainObject(input)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'The request input must be an object' } };
  }
  return { ok: true, method, input: input ?? {} };
}
