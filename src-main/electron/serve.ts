/**
 * The `app://` protocol handler's body, free of 'electron' (tested in plain Node): a GET or HEAD for
 * a file under the renderer build, every response carrying the CSP. Anything refused by
 * resolveAppUrlToFile is a plain 404 that says nothing about why.
 */
import { readFile } from 'node:fs/promises';
import { appResponseHeaders, resolveAppUrlToFile } from './policy';

export type ReadFile = (file: string) => Promise<Uint8Array>;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders(null) });
}

export async function serveAppRequest(
  request: { method: string; url: string },
  rendererRoot: string,
  read: ReadFile = readFile,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const file = resolveAppUrlToFile(request.url, rendererRoot);
  if (file === null) return plain(404, 'Not found');
  let body: Uint8Array;
  try {
    body = await read(file);
  } catch {
    return plain(404, 'Not found');
  }
  // Copy into a fresh ArrayBuffer-backed view: a Buffer may sit on a shared pool slab.
  const bytes = new Uint8Array(body.byteLength);
  bytes.set(body);
  return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers: appResponseHeaders(file) });
}
