import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ANCHOR_FILE } from '../../../src-main/app';
import { fixedClock } from '../../../src-main/clock';
import { DATABASE_FILE } from '../../../src-main/db/clinic-db';
import { createKysely, openSqlite, type Sqlite } from '../../../src-main/db/open';
import { GENESIS_HASH, readAnchor, verifyAuditChain, type ChainCheck } from '../../../src-main/domain/audit/log';
import { deriveClinicKeys } from '../../../src-main/security/keys';
import {
  auditRows,
  dispatchOk,
  makeTestDataDir,
  openTestApp,
  setUpAdmin,
  TEST_KEYS,
  TEST_NOW,
  validPatient,
  type TestApp,
} from '../../support/test-app';

let dataDir: string;
let app: TestApp | null;
const anchorFile = () => path.join(dataDir, AUDIT_ANCHOR_FILE);

/** A data folder whose chain has about a dozen entries of different kinds, written as a transport would. */
async function populate(): Promise<number> {
  const a = await openTestApp({ dataDir, clock: fixedClock(TEST_NOW) });
  const admin = await setUpAdmin(a);
  await a.dispatch('auth.login', { username: 'admin', password: 'not it at all' }, null);
  await a.dispatch('auth.login', { username: 'nobody', password: 'not it at all' }, null);
  await dispatchOk(a, 'users.create', { username: 'fran', displayName: 'Fran', role: 'front_desk', password: 'fran has a long passphrase 31' }, admin.sessionId);
  const fran = (await dispatchOk<{ sessionId: string }>(a, 'auth.login', { username: 'fran', password: 'fran has a long passphrase 31' }, null)).sessionId;
  await a.dispatch('users.list', {}, fran);
  const patient = await dispatchOk<{ id: string }>(a, 'patients.create', validPatient, admin.sessionId);
  await dispatchOk(a, 'patients.setRestriction', { id: patient.id, restriction: 'vip' }, admin.sessionId);
  await a.dispatch('patients.get', { id: patient.id }, fran);
  await dispatchOk(a, 'auth.breakGlass', { reason: 'Patient on the phone, urgent', patientId: patient.id }, fran);
  await dispatchOk(a, 'auth.logout', {}, fran);
  const count = (await auditRows(a)).length;
  await a.dispose();
  return count;
}

/** Opens the file as someone holding it and the database key would, outside the app. */
function openAsAttacker(): Sqlite {
  return openSqlite(path.join(dataDir, DATABASE_FILE), { key: TEST_KEYS.databaseKey });
}

function tamper(...statements: string[]): void {
  const sqlite = openAsAttacker();
  try {
    sqlite.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    for (const statement of statements) sqlite.exec(statement);
  } finally {
    sqlite.close();
  }
}

async function verify(auditKey: Buffer = TEST_KEYS.auditKey): Promise<ChainCheck> {
  const sqlite = openAsAttacker();
  const db = createKysely(sqlite);
  try {
    const deviceId = sqlite.prepare('SELECT device_id FROM workstation').pluck().get() as string;
    return await verifyAuditChain(db, auditKey, deviceId, readAnchor(anchorFile(), auditKey));
  } finally {
    await db.destroy();
  }
}

let entries: number;

beforeEach(async () => {
  app = null;
  dataDir = makeTestDataDir();
  entries = await populate();
});

afterEach(async () => {
  await app?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the audit hash chain', () => {
  it('links every entry to the one before with an HMAC, and verifies OK', async () => {
    expect(entries).toBeGreaterThanOrEqual(10);
    const sqlite = openAsAttacker();
    const rows = sqlite.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    sqlite.close();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: entries }, (_, i) => i + 1));
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prev_hash).toBe(prev);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      prev = row.hash;
    }
    expect(await verify()).toEqual({ ok: true, entries });
    expect(readAnchor(anchorFile(), TEST_KEYS.auditKey)).toMatchObject({ seq: entries, hash: prev });
  });

  it('catches a changed entry at its seq', async () => {
    tamper(`UPDATE audit_log SET detail = '{"reason":"nothing to see"}' WHERE seq = 5`);
    expect(await verify()).toMatchObject({ ok: false, seq: 5 });
  });

  it('catches a changed flag, user or time', async () => {
    for (const [column, value] of [['flagged', '1 - flagged'], ['user_id', `'forged-user'`], ['at', `'2020-01-01T00:00:00.000Z'`]] as const) {
      const before = readFileSync(path.join(dataDir, DATABASE_FILE));
      tamper(`UPDATE audit_log SET ${column} = ${value} WHERE seq = 4`);
      expect(await verify(), column).toMatchObject({ ok: false, seq: 4 });
      writeFileSync(path.join(dataDir, DATABASE_FILE), before);
    }
  });

  it('catches a deleted middle entry at the next one', async () => {
    tamper(`DELETE FROM audit_log WHERE seq = 6`);
    expect(await verify()).toMatchObject({ ok: false, seq: 7 });
  });

  it('catches a deleted first entry', async () => {
    tamper(`DELETE FROM audit_log WHERE seq = 1`);
    expect(await verify()).toMatchObject({ ok: false, seq: 2 });
  });

  it('catches deleted tail entries through the anchor outside the database', async () => {
    tamper(`DELETE FROM audit_log WHERE seq > ${entries - 3}`);
    expect(await verify()).toMatchObject({ ok: false, seq: entries - 2, reason: expect.stringMatching(/cut short/) });
    tamper(`DELETE FROM audit_log`);
    expect(await verify()).toMatchObject({ ok: false, seq: 1 });
  });

  it('still catches a cut tail after the app has run again (the anchor is not moved back)', async () => {
    tamper(`DELETE FROM audit_log WHERE seq > ${entries - 3}`);
    app = await openTestApp({ dataDir });
    await app.dispatch('auth.login', { username: 'admin', password: 'another wrong one' }, null);
    await app.dispatch('setup.status', {}, null);
    expect(app.logs.join('')).toContain('audit.anchor_mismatch');
    await app.close();
    app = null;
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/cut short|rewritten/) });
  });

  it('catches a forged anchor file', async () => {
    const anchor = JSON.parse(readFileSync(anchorFile(), 'utf8')) as { seq: number; mac: string };
    tamper(`DELETE FROM audit_log WHERE seq > ${entries - 3}`);
    writeFileSync(anchorFile(), JSON.stringify({ ...anchor, seq: entries - 3 }));
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/anchor/) });
    writeFileSync(anchorFile(), 'not json');
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/anchor/) });
  });

  it('catches an anchor signed with another key', async () => {
    const forger = deriveClinicKeys(Buffer.alloc(32, 9)).auditKey;
    const sqlite = openAsAttacker();
    const head = sqlite.prepare('SELECT seq, hash, device_id FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string; device_id: string };
    sqlite.close();
    const { createHmac } = await import('node:crypto');
    const mac = createHmac('sha256', forger).update(`anchor:${head.device_id}:${head.seq - 2}:${head.hash}`).digest('hex');
    writeFileSync(anchorFile(), JSON.stringify({ deviceId: head.device_id, seq: head.seq - 2, hash: head.hash, mac }));
    expect(readAnchor(anchorFile(), TEST_KEYS.auditKey)).toBe('tampered');
    expect(await verify()).toMatchObject({ ok: false });
  });

  it('fails with a wrong audit key', async () => {
    expect(await verify(deriveClinicKeys(Buffer.alloc(32, 8)).auditKey)).toMatchObject({ ok: false });
  });
});

describe('the audit log in the app', () => {
  it('refuses UPDATE and DELETE through the app’s own connection (triggers)', async () => {
    app = await openTestApp({ dataDir });
    const db = app.database.db;
    await expect(db.updateTable('auditLog').set({ detail: '{}' }).where('seq', '=', 1).execute()).rejects.toThrow(/cannot be changed/);
    await expect(db.deleteFrom('auditLog').where('seq', '=', 1).execute()).rejects.toThrow(/cannot be changed/);
    await expect(db.deleteFrom('auditLog').execute()).rejects.toThrow(/cannot be changed/);
    expect(() => app!.database.sqlite.prepare('UPDATE audit_log SET flagged = 0').run()).toThrow(/cannot be changed/);
    expect((await auditRows(app)).length).toBe(entries);
    await app.close();
    app = null;
    expect(await verify()).toEqual({ ok: true, entries });
  });
});
