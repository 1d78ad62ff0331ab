/**
 * A local update feed for the updater tests: a folder served over HTTP on 127.0.0.1 only (the
 * feed check allows plain http on loopback and nowhere else), its latest*.yml written the way
 * electron-builder writes them, and an HTTP executor for electron-updater that reaches loopback
 * only. Every server stops after the test; every request is counted and capped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type ClientRequest, type RequestOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';

/** A run of updater tests never needs more; past this the server answers 429 and the test fails. */
const MAX_REQUESTS_PER_SERVER = 200;

export interface FeedServer {
  /** http://127.0.0.1:PORT/ */
  baseUrl: string;
  /** Paths asked for, in order (query strings dropped). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves files from ROOT: GET only, no directory listing, nothing outside ROOT. */
export async function serveFeed(root: string): Promise<FeedServer> {
  const requests: string[] = [];
  const { readFile } = await import('node:fs/promises');
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(pathname);
    if (requests.length > MAX_REQUESTS_PER_SERVER) return void res.writeHead(429).end();
    const file = path.join(root, ...pathname.split('/').filter((p) => p !== '' && p !== '..'));
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-length': body.length }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sha512Base64 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

export interface Release {
  version: string;
  /** The installer's file name (.AppImage, .exe). */
  file: string;
  stagingPercentage?: number;
  /** Serve other bytes than the ones the yml's sha512 describes (a tampered or corrupted file). */
  tampered?: boolean;
}

/**
 * Publishes RELEASE into FOLDER as electron-builder would: the installer, and CHANNEL_FILE
 * (latest-linux.yml, latest.yml …) naming it with its sha512 and size. Returns the installer bytes.
 */
export function publish(folder: string, channelFile: string, release: Release): Buffer {
  mkdirSync(folder, { recursive: true });
  const bytes = randomBytes(64 * 1024);
  const sha512 = sha512Base64(bytes);
  const served = release.tampered ? Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from([bytes[bytes.length - 1]! ^ 1])]) : bytes;
  writeFileSync(path.join(folder, release.file), served);
  const yml = [
    `version: ${release.version}`,
    'files:',
    `  - url: ${release.file}`,
    `    sha512: ${sha512}`,
    `    size: ${bytes.length}`,
    `path: ${release.file}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-03-01T12:00:00.000Z'`,
    ...(release.stagingPercentage !== undefined ? [`stagingPercentage: ${release.stagingPercentage}`] : []),
  ].join('\n');
  writeFileSync(path.join(folder, channelFile), `${yml}\n`);
  return bytes;
}

/** electron-updater's HTTP executor over Node's http, refusing anything but 127.0.0.1. */
export class LoopbackHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    if (options.hostname !== '127.0.0.1' || options.protocol !== 'http:') throw new Error('The test executor reaches 127.0.0.1 only');
    return request(options, callback);
  }

  /** As electron-updater's Electron executor downloads: through doDownload, which checks the sha512. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null }, 0);
    });
  }
}
