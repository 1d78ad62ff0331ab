import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openClinicApp, type ClinicApp } from '../../src-main/app';
import { createLogger } from '../../src-main/log';
import { deriveClinicKeys } from '../../src-main/security/keys';

export interface Benchmark {
  name: string;
  run(): Promise<Record<string, number | string>>;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** A new data folder with a random key, for a benchmark's own data. */
export async function openBenchApp(prefix = 'clinic-bench-'): Promise<{ app: ClinicApp; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const app = await openClinicApp({
    dataDir,
    runtime: 'browser',
    appVersion: 'bench',
    logger: createLogger(() => undefined),
    keys: deriveClinicKeys(randomBytes(32)),
  });
  return { app, dataDir };
}

/** A new data folder with a random key; removed afterwards. */
export async function withApp<T>(fn: (app: ClinicApp) => Promise<T>): Promise<T> {
  const { app, dataDir } = await openBenchApp();
  try {
    return await fn(app);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Times each call of `fn`, in milliseconds, sorted. */
export async function timeEach<Q>(items: readonly Q[], fn: (item: Q) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await fn(item);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}
