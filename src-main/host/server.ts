import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_MEGABYTES } from '../../src-shared/documents/file-rules';
import type { ErrorCode, RpcResult } from '../../src-shared/rpc/errors';
import type { ClinicApp } from '../app';
import type { Logger } from '../log';
import { CONTENT_SECURITY_POLICY } from '../security/csp';

export interface HostOptions {
  app: ClinicApp;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  /** Fixed only by tests; normally random per launch. */
  token?: string;
  heartbeatMs?: number;
}

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The largest document (src-shared/documents/file-rules.ts), base64 in JSON, with room for the rest of the call. */
export const MAX_RPC_BODY_BYTES = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 1024 * 1024;
const TOO_LARGE_MESSAGE = `This request is too large for the clinic service (over ${Math.round(MAX_RPC_BODY_BYTES / (1024 * 1024))} MB); documents can be at most ${MAX_DOCUMENT_MEGABYTES} MB.`;

const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};

const rpcRequestBody = z.object({ method: z.string().min(1).max(200), input: z.unknown().optional() });

const refusal = (code: ErrorCode, message: string, details?: unknown): RpcResult<never> => ({
  ok: false,
  error: { code, message, ...(details === undefined ? {} : { details }) },
});

/** Constant-time comparison of the presented bearer token with this launch's token. */
export function hasLaunchToken(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer ([0-9a-f]+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const expected = Buffer.from(token);
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Only this machine's loopback names on our port: defeats DNS rebinding and cross-site requests. */
export function isAllowedOrigin(headers: { host?: string | undefined; origin?: string | undefined }, port: number): boolean {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!headers.host || !allowedHosts.includes(headers.host)) return false;
  return headers.origin === undefined || allowedHosts.some((h) => headers.origin === `http://${h}`);
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * Browser mode: the renderer and the same router the Electron window uses, on 127.0.0.1 only,
 * behind a random per-launch token.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const { app, logger } = options;
  const token = options.token ?? randomBytes(32).toString('hex');
  const server = Fastify({ logger: false, bodyLimit: MAX_RPC_BODY_BYTES, forceCloseConnections: true });
  const eventStreams = new Set<ServerResponse>();
  let port = options.port;

  server.addHook('onRequest', async (request, reply) => {
    if (!isAllowedOrigin({ host: request.headers.host, origin: request.headers.origin }, port)) {
      logger.warn('host.refused_origin', { path: request.routeOptions.url ?? 'unknown' });
      return reply.code(403).headers(SECURITY_HEADERS).send(refusal('FORBIDDEN', 'Requests from other sites are refused'));
    }
  });
  server.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  // A body over the limit gets the app's refusal shape (the screens show its message), not Fastify's.
  server.setErrorHandler((error: { code?: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(refusal('VALIDATION', TOO_LARGE_MESSAGE));
    throw error;
  });

  const requireToken = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!hasLaunchToken(request.headers.authorization, token)) {
      logger.warn('host.refused_token', { path: request.routeOptions.url ?? 'unknown' });
      return reply.code(401).send(refusal('UNAUTHENTICATED', 'Missing or wrong launch token: open the address printed at start-up', {
          launchToken: true,
        }));
    }
  };

  // The token before the body is read: only this launch's pages may make it parse up to the (large) limit.
  server.post('/rpc', { onRequest: requireToken }, async (request, reply) => {
    const body = rpcRequestBody.safeParse(request.body);
    if (!body.success) {
      return reply.code(400).send(refusal('VALIDATION', 'Send JSON {"method": "...", "input": {...}}'));
    }
    const sessionHeader = request.headers['x-session'];
    const sessionId = typeof sessionHeader === 'string' ? sessionHeader : null;
    const result = await app.dispatch(body.data.method, body.data.input, sessionId);
    return reply.code(result.ok ? 200 : HTTP_STATUS[result.error.code]).send(result);
  });

  server.get('/events', { preHandler: requireToken }, (request, reply) => {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    stream.write(': connected\n\n');
    const onChange = (cursor: number) => stream.write(`event: change\ndata: ${JSON.stringify({ cursor })}\n\n`);
    const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    app.changes.on('change', onChange);
    eventStreams.add(stream);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      app.changes.off('change', onChange);
      eventStreams.delete(stream);
    });
  });

  if (existsSync(options.rendererDir)) {
    await server.register(fastifyStatic, { root: options.rendererDir, index: 'index.html', cacheControl: false });
  } else {
    server.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain').send('The screens have not been built yet: run `npm run build:renderer`, then start again.'),
    );
  }

  server.addHook('preClose', async () => {
    for (const stream of eventStreams) stream.end();
  });

  await server.listen({ host: '127.0.0.1', port: options.port });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('Host did not bind a TCP port');
  port = address.port;
  logger.info('host.listening', { port });
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: () => server.close(),
  };
}
