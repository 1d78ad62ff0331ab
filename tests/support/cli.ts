import { spawn } from 'node:child_process';
import path from 'node:path';
import { openClinicApp, type ClinicApp } from '../../src-main/app';
import { fixedClock } from '../../src-main/clock';
import { createMemoryLogger } from '../../src-main/log';
import { deriveClinicKeys } from '../../src-main/security/keys';
import { TEST_KDF } from './test-keys';
import { TEST_NOW } from './test-app';

const REPO = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run clinic -- ARGS` in a child process (node --import tsx src-main/cli/clinic.ts), from the repository root, with exactly ENV. */
export function runClinicCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/clinic.ts', ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The app on DATA_DIR with the keys the CLI derives from the master key MASTER_HEX. */
export function openAppWithMasterKey(dataDir: string, masterHex: string): Promise<ClinicApp> {
  return openClinicApp({
    dataDir,
    runtime: 'browser',
    appVersion: '0.0.0-test',
    clock: fixedClock(TEST_NOW),
    logger: createMemoryLogger(),
    keys: deriveClinicKeys(Buffer.from(masterHex, 'hex')),
    kdf: TEST_KDF,
  });
}
