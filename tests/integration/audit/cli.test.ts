import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../src-main/db/clinic-db';
import { openSqlite } from '../../../src-main/db/open';
import { deriveClinicKeys } from '../../../src-main/security/keys';
import { MASTER_KEY_ENV } from '../../../src-main/security/master-key';
import { openAppWithMasterKey, runClinicCli, type CliResult } from '../../support/cli';
import { dispatchOk, setUpAdmin } from '../../support/test-app';

const root = mkdtempSync(path.join(tmpdir(), 'clinic-audit-cli-'));
const masterHex = randomBytes(32).toString('hex');
const keyFile = path.join(root, 'dev-master.key');
const populated = path.join(root, 'populated');
let entries = 0;
let copies = 0;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!(MASTER_KEY_ENV in env)) delete childEnv[MASTER_KEY_ENV];
  return runClinicCli(args, childEnv);
}

const verify = (dataDir: string, file = keyFile) => cli(['audit', 'verify', '--data-dir', dataDir, '--dev-key-file', file]);

/** A copy of the populated data folder to tamper with. */
function copy(): string {
  const dir = path.join(root, `copy-${++copies}`);
  cpSync(populated, dir, { recursive: true });
  return dir;
}

function tamper(dataDir: string, statement: string): void {
  const sqlite = openSqlite(path.join(dataDir, DATABASE_FILE), { key: deriveClinicKeys(Buffer.from(masterHex, 'hex')).databaseKey });
  try {
    sqlite.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    sqlite.exec(statement);
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  writeFileSync(keyFile, `${masterHex}\n`, { mode: 0o600 });
  const app = await openAppWithMasterKey(populated, masterHex);
  try {
    const admin = await setUpAdmin(app);
    await app.dispatch('auth.login', { username: 'admin', password: 'a wrong password' }, null);
    await dispatchOk(app, 'settings.update', { idleLockMinutes: 5 }, admin.sessionId);
    await dispatchOk(app, 'auth.lock', {}, admin.sessionId);
    await dispatchOk(app, 'auth.logout', {}, admin.sessionId);
    entries = Number(app.database.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get());
  } finally {
    await app.close();
  }
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run clinic -- audit verify', () => {
  it('prints OK and exits 0 for an intact chain (key from --dev-key-file, or from the environment)', async () => {
    expect(entries).toBeGreaterThanOrEqual(6);
    const result = await verify(populated);
    expect(result.stdout).toMatch(new RegExp(`^OK: ${entries} audit entries`));
    expect(result.code).toBe(0);
    const fromEnv = await cli(['audit', 'verify', '--data-dir', populated], { [MASTER_KEY_ENV]: masterHex });
    expect(fromEnv.stdout).toMatch(/^OK/);
    expect(fromEnv.code).toBe(0);
  });

  it('prints BROKEN at a changed entry and exits non-zero', async () => {
    const dir = copy();
    tamper(dir, `UPDATE audit_log SET detail = '{}' WHERE seq = 3`);
    const result = await verify(dir);
    expect(result.stdout).toMatch(/^BROKEN at entry 3: /);
    expect(result.code).not.toBe(0);
  });

  it('prints BROKEN for a deleted middle entry', async () => {
    const dir = copy();
    tamper(dir, `DELETE FROM audit_log WHERE seq = 2`);
    const result = await verify(dir);
    expect(result.stdout).toMatch(/^BROKEN at entry 3: /);
    expect(result.code).not.toBe(0);
  });

  it('prints BROKEN for a cut-off tail (caught by the anchor), and for a forged anchor', async () => {
    const dir = copy();
    tamper(dir, `DELETE FROM audit_log WHERE seq > ${entries - 2}`);
    const cut = await verify(dir);
    expect(cut.stdout).toMatch(new RegExp(`^BROKEN at entry ${entries - 1}: .*cut short`));
    expect(cut.code).not.toBe(0);

    const anchorFile = path.join(dir, 'audit-anchor.json');
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8')) as { seq: number };
    writeFileSync(anchorFile, JSON.stringify({ ...anchor, seq: entries - 2 }));
    const forged = await verify(dir);
    expect(forged.stdout).toMatch(/^BROKEN.*anchor/);
    expect(forged.code).not.toBe(0);
  });

  it('refuses a wrong key clearly, exits non-zero and changes nothing', async () => {
    const wrongKey = path.join(root, 'wrong.key');
    writeFileSync(wrongKey, `${randomBytes(32).toString('hex')}\n`);
    const fingerprint = () => createHash('sha256').update(readFileSync(path.join(populated, DATABASE_FILE))).digest('hex');
    const before = fingerprint();
    const result = await verify(populated, wrongKey);
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toMatch(/^OK/);
    expect(result.stderr).toMatch(/key/);
    expect(fingerprint()).toBe(before);
  });

  it('refuses a data folder that holds no clinic database, creating nothing', async () => {
    const missing = path.join(root, 'no-such-folder');
    const result = await verify(missing);
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toMatch(/^OK/);
    expect(existsSync(missing)).toBe(false);
  });
});
