import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { rpcRequest } from '../../support/http';
import { MASTER_KEY_ENV } from '../../../src-main/security/master-key';
import { TEST_ADMIN, validPatient } from '../../support/test-app';

interface Listening {
  event: string;
  url: string;
  token: string;
  dataDir: string;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-start-'));
const keyDir = mkdtempSync(path.join(tmpdir(), 'clinic-start-key-'));
/** Made by start.ts on first use, and read again on the restart. */
const devKeyFile = path.join(keyDir, 'dev-master.key');
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(keyDir, { recursive: true, force: true });
});

function startBrowserMode(): Promise<{ child: ChildProcess; listening: Listening; stderr: string[] }> {
  const args = ['--browser', '--port', '0', '--data-dir', dataDir, '--dev-key-file', devKeyFile];
  const env = { ...process.env };
  delete env[MASTER_KEY_ENV];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/start.ts', ...args], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, listening: JSON.parse(line) as Listening, stderr }));
    child.once('exit', (code) => reject(new Error(`start exited early with ${code}: ${stderr.join('')}`)));
  });
}

async function signIn(port: number, token: string): Promise<string> {
  const res = await rpcRequest(port, token, { method: 'auth.login', input: { username: TEST_ADMIN.username, password: TEST_ADMIN.password } });
  const body = res.json() as { ok: boolean; value?: { sessionId: string } };
  if (!body.ok || !body.value) throw new Error(`sign-in failed: ${res.body}`);
  return body.value.sessionId;
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start in browser mode', () => {
  it('prints one JSON line to drive it, keeps data across restarts, and stops cleanly on SIGTERM', async () => {
    const first = await startBrowserMode();
    expect(first.listening.event).toBe('listening');
    expect(first.listening.dataDir).toBe(dataDir);
    const url = new URL(first.listening.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.hash).toBe(`#token=${first.listening.token}`);
    const firstPort = Number(url.port);
    const setup = await rpcRequest(firstPort, first.listening.token, { method: 'setup.createFirstAdmin', input: TEST_ADMIN });
    expect(setup.json()).toMatchObject({ ok: true });
    const firstSession = await signIn(firstPort, first.listening.token);
    const created = await rpcRequest(firstPort, first.listening.token, { method: 'patients.create', input: validPatient }, { 'x-session': firstSession });
    expect(created.json()).toMatchObject({ ok: true });
    expect(await stop(first.child)).toBe(0);

    const second = await startBrowserMode();
    expect(second.listening.token).not.toBe(first.listening.token);
    const port = Number(new URL(second.listening.url).port);
    // Sessions live in memory: the first launch's session is gone; signing in again works (users kept).
    const stale = await rpcRequest(port, second.listening.token, { method: 'patients.search', input: { query: 'lop mar' } }, { 'x-session': firstSession });
    expect(stale.status).toBe(401);
    const secondSession = await signIn(port, second.listening.token);
    const found = await rpcRequest(port, second.listening.token, { method: 'patients.search', input: { query: 'lop mar' } }, { 'x-session': secondSession });
    expect(found.json()).toMatchObject({ ok: true, value: { items: [{ familyName: 'Lopez', givenName: 'Maria' }] } });
    expect(await stop(second.child)).toBe(0);
    expect(second.stderr.join('')).not.toContain('Lopez');
    expect(first.stderr.join('') + second.stderr.join('')).not.toContain(TEST_ADMIN.password);
  });
});
