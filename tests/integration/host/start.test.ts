import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { rpcRequest } from '../../support/http';
import { validPatient } from '../../support/test-app';

interface Listening {
  event: string;
  url: string;
  token: string;
  dataDir: string;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'clinic-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startBrowserMode(): Promise<{ child: ChildProcess; listening: Listening; stderr: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/start.ts', '--browser', '--port', '0', '--data-dir', dataDir], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
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
    const created = await rpcRequest(Number(url.port), first.listening.token, { method: 'patients.create', input: validPatient });
    expect(created.json()).toMatchObject({ ok: true });
    expect(await stop(first.child)).toBe(0);

    const second = await startBrowserMode();
    expect(second.listening.token).not.toBe(first.listening.token);
    const port = Number(new URL(second.listening.url).port);
    const found = await rpcRequest(port, second.listening.token, { method: 'patients.search', input: { query: 'lop mar' } });
    expect(found.json()).toMatchObject({ ok: true, value: { items: [{ familyName: 'Lopez', givenName: 'Maria' }] } });
    expect(await stop(second.child)).toBe(0);
    expect(second.stderr.join('')).not.toContain('Lopez');
  });
});
