import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** A browser-mode host (src-main/start.ts --browser) running as a child process. */
export interface RunningHost {
  /** http://127.0.0.1:PORT/#token=… as printed: opening it hands the token to the page. */
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** The session `rpc` sends (X-Session), once `signIn` succeeded. */
  sessionId: string | null;
  /** The clinic's recovery key, when this host's first-run set-up was done by the fixture. */
  recoveryKey: string | null;
  /** A direct POST /rpc with the launch token (and the session, once signed in), bypassing the UI. */
  rpc<T = unknown>(method: string, input?: unknown): Promise<{ status: number; body: RpcBody<T> }>;
  /** Signs `rpc` in as this user; throws when refused. */
  signIn(username: string, password: string): Promise<void>;
  /** SIGTERM, then waits for the process to exit; fails the test if it does not exit cleanly. */
  stop(): Promise<void>;
}

export type RpcBody<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string>; details?: unknown } };

/**
 * Browser mode needs the data folder's key: the e2e hosts keep it in a development key file
 * beside the data folder (`<dataDir>/../dev.key`), so a restart on the same folder finds the same key.
 */
export function devKeyFileFor(dataDir: string): string {
  return path.join(path.dirname(dataDir), 'dev.key');
}

interface ListeningLine {
  event: 'listening';
  url: string;
  token: string;
  dataDir: string;
}

function isListeningLine(value: unknown): value is ListeningLine {
  const v = value as Partial<ListeningLine> | null;
  return typeof v === 'object' && v !== null && v.event === 'listening' && typeof v.url === 'string' && typeof v.token === 'string';
}

function waitForExit(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** Starts the host on `dataDir` (a free port unless given) and resolves once it has printed its listening line. */
export async function startHost(dataDir: string, options: { port?: number } = {}): Promise<RunningHost> {
  const args = ['src-main/start.ts', '--browser', '--port', String(options.port ?? 0), '--data-dir', dataDir, '--dev-key-file', devKeyFileFor(dataDir)];
  // Lets parallel work build and test its own renderer without overwriting dist/renderer.
  if (process.env.E2E_RENDERER_DIR) args.push('--renderer-dir', process.env.E2E_RENDERER_DIR);
  // One process (tsx as a loader, not the tsx CLI): SIGTERM reaches the host itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Without CLINIC_MASTER_KEY the host uses the key file: a key from the environment would win over it.
    env: { ...process.env, NODE_ENV: 'test', CLINIC_MASTER_KEY: '' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  const listening = await new Promise<ListeningLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`The host did not start: ${why}\n--- stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no listening line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    lines.on('line', (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return fail(`stdout carried a line that is not JSON: ${line.slice(0, 200)}`);
      }
      if (!isListeningLine(parsed)) return fail(`unexpected stdout line: ${line.slice(0, 200)}`);
      clearTimeout(timer);
      resolve(parsed);
    });
    child.once('exit', (code, signal) => fail(`it exited early (code ${code}, signal ${signal})`));
    child.once('error', (error) => fail(error.message));
  });

  const origin = new URL(listening.url).origin;
  let stopped: Promise<void> | null = null;

  const host: RunningHost = {
    url: listening.url,
    origin,
    port: Number(new URL(listening.url).port),
    token: listening.token,
    dataDir: listening.dataDir,
    sessionId: null,
    recoveryKey: null,
    async rpc<T>(method: string, input: unknown = {}) {
      const response = await fetch(`${origin}/rpc`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${listening.token}`,
          ...(host.sessionId ? { 'x-session': host.sessionId } : {}),
        },
        body: JSON.stringify({ method, input }),
      });
      return { status: response.status, body: (await response.json()) as RpcBody<T> };
    },
    async signIn(username, password) {
      const login = await host.rpc<{ sessionId: string }>('auth.login', { username, password });
      if (!login.body.ok) throw new Error(`auth.login refused: ${login.body.error.message}`);
      host.sessionId = login.body.value.sessionId;
    },
    stop() {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        const exit = await waitForExit(child, STOP_TIMEOUT_MS);
        if (exit === null) {
          child.kill('SIGKILL');
          throw new Error(`The host did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n--- stderr ---\n${stderr}`);
        }
        if (exit.code !== 0) throw new Error(`The host exited with code ${exit.code} (signal ${exit.signal}) on SIGTERM\n--- stderr ---\n${stderr}`);
      })();
      return stopped;
    },
  };
  return host;
}

/** A call through `host.rpc` that must succeed: its value, or the test fails with the refusal. */
export async function rpcValue<T>(host: RunningHost, method: string, input: unknown): Promise<T> {
  const reply = await host.rpc<T>(method, input);
  if (!reply.body.ok) throw new Error(`${method}: ${reply.body.error.code} ${reply.body.error.message}`);
  return reply.body.value;
}

/** A few days ago, as YYYY-MM-DD in local time (e.g. a record request cannot be received in the future). */
export function daysAgo(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
