import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RPC_BODY_BYTES, startHost, type Host } from '../../../src-main/host/server';
import { createMemoryLogger } from '../../../src-main/log';
import { request, rpcRequest } from '../../support/http';
import { openTestApp, setUpAdmin, validPatient, type TestApp } from '../../support/test-app';

let app: TestApp;
let host: Host;
let rendererDir: string;
/** A signed-in administrator's session, sent as X-Session beside the launch token. */
let session: Record<string, string>;
const logger = createMemoryLogger();

async function counts() {
  const patients = await app.database.db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ops = await app.database.db.selectFrom('syncOps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { patients: Number(patients.n), ops: Number(ops.n) };
}

beforeAll(async () => {
  app = await openTestApp();
  session = { 'x-session': (await setUpAdmin(app)).sessionId };
  rendererDir = mkdtempSync(path.join(tmpdir(), 'clinic-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Clinic Office</title>');
  host = await startHost({ app, rendererDir, port: 0, logger, heartbeatMs: 50 });
});

afterAll(async () => {
  await host.close();
  await app.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('browser-mode host', () => {
  it('makes a per-launch token of 64 hex characters and listens on loopback', () => {
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
  });

  it('answers a call with the right token', async () => {
    const res = await rpcRequest(host.port, host.token, { method: 'patients.create', input: validPatient }, session);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, value: { familyName: 'Lopez', phone: '+16175550142' } });
  });

  it('refuses a wrong or missing token with 401 and changes nothing', async () => {
    const before = await counts();
    const wrong = await rpcRequest(host.port, 'f'.repeat(64), { method: 'patients.create', input: validPatient }, session);
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const missing = await rpcRequest(host.port, '', { method: 'patients.create', input: validPatient }, session);
    expect(missing.status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('refuses a non-public method without X-Session as UNAUTHENTICATED, and changes nothing', async () => {
    const before = await counts();
    const res = await rpcRequest(host.port, host.token, { method: 'patients.create', input: validPatient });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const read = await rpcRequest(host.port, host.token, { method: 'patients.search', input: { query: 'lopez' } });
    expect(read.status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('refuses a session id that is not a live session (made up, or another launch\'s) as UNAUTHENTICATED', async () => {
    const before = await counts();
    // A real session of another launch (another app, another data folder) means nothing here.
    const other = await openTestApp();
    const othersSession = (await setUpAdmin(other)).sessionId;
    await other.dispose();
    for (const id of [othersSession, '0'.repeat(64), session['x-session']!.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')), '__proto__', '']) {
      const res = await rpcRequest(host.port, host.token, { method: 'patients.create', input: validPatient }, { 'x-session': id });
      expect(res.status, id).toBe(401);
      expect(res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(await counts()).toEqual(before);
  });

  it('answers public methods without a session', async () => {
    const res = await rpcRequest(host.port, host.token, { method: 'setup.status', input: {} });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, value: { needsSetup: false, clinicName: 'Maple Street Clinic' } });
  });

  it('returns VALIDATION naming the bad field, and changes nothing', async () => {
    const before = await counts();
    const res = await rpcRequest(host.port, host.token, {
      method: 'patients.create',
      input: { ...validPatient, dateOfBirth: '1985-02-30' },
    }, session);
    expect(res.status).toBe(400);
    const body = res.json() as { ok: false; error: { code: string; fields: Record<string, string>; message: string } };
    expect(body.error.code).toBe('VALIDATION');
    expect(Object.keys(body.error.fields)).toEqual(['dateOfBirth']);
    expect(body.error.message).not.toContain('Lopez');
    expect(await counts()).toEqual(before);
  });

  it('turns an unknown method and a malformed body into errors, not crashes', async () => {
    const unknown = await rpcRequest(host.port, host.token, { method: 'patients.drop', input: {} }, session);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const shapeless = await rpcRequest(host.port, host.token, { input: {} });
    expect(shapeless.status).toBe(400);
    const notJson = await request(host.port, {
      method: 'POST',
      path: '/rpc',
      headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
      body: '{"method": ',
    });
    expect(notJson.status).toBe(400);
  });

  it('refuses a body over the size limit with a clear refusal', async () => {
    const res = await rpcRequest(host.port, host.token, { method: 'patients.search', input: { query: 'x'.repeat(MAX_RPC_BODY_BYTES) } }, session);
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/too large.*documents can be at most 20 MB/) } });
  });

  it('refuses other Host and Origin headers, even with the right token', async () => {
    const before = await counts();
    const rebinding = await rpcRequest(host.port, host.token, { method: 'patients.create', input: validPatient }, { ...session, host: `evil.example:${host.port}` });
    expect(rebinding.status).toBe(403);
    const crossSite = await rpcRequest(host.port, host.token, { method: 'patients.create', input: validPatient }, { ...session, origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);
    const otherPort = await rpcRequest(host.port, host.token, { method: 'patients.create', input: validPatient }, { ...session, origin: `http://127.0.0.1:${host.port + 1}` });
    expect(otherPort.status).toBe(403);
    expect(await counts()).toEqual(before);
    const sameOrigin = await rpcRequest(host.port, host.token, { method: 'system.info', input: {} }, { ...session, origin: `http://localhost:${host.port}`, host: `localhost:${host.port}` });
    expect(sameOrigin.status).toBe(200);
  });

  it('serves the renderer with a strict content security policy', async () => {
    const res = await request(host.port, { path: '/', headers: { host: `127.0.0.1:${host.port}` } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Clinic Office</title>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses the event stream without the token', async () => {
    const res = await request(host.port, { path: '/events', headers: { host: `127.0.0.1:${host.port}` } });
    expect(res.status).toBe(401);
  });

  it('pushes the new change-feed cursor to event-stream subscribers after a write', async () => {
    const events: string[] = [];
    const received = new Promise<{ cursor: number }>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port: host.port, path: '/events', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            events.push(chunk);
            const match = /event: change\ndata: (.+)\n\n/.exec(events.join(''));
            if (match?.[1]) {
              resolve(JSON.parse(match[1]) as { cursor: number });
              req.destroy();
            } else if (chunk.startsWith(': connected')) {
              void app.call('patients.create', { ...validPatient, confirmNewPatient: true, givenName: 'Ana' });
            }
          });
        },
      );
      req.on('error', reject);
      setTimeout(() => reject(new Error('no change event within 5 s')), 5_000).unref();
    });
    const { cursor } = await received;
    const head = await app.call('changes.since', {});
    expect(head).toMatchObject({ ok: true, value: { cursor } });
    expect(cursor).toBeGreaterThan(0);
  });
});
