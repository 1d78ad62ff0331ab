import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { openClinicApp, type ClinicApp } from '../../../src-main/app';
import { fixedClock } from '../../../src-main/clock';
import { DATABASE_FILE, openClinicDatabase } from '../../../src-main/db/clinic-db';
import { chainHead, readAnchor, verifyAuditChain } from '../../../src-main/domain/audit/log';
import { BackupError, readManifest, verifyBackup } from '../../../src-main/domain/backups/format';
import { generateRecoveryKey, RecoveryKeyFormatError, WrongRecoveryKeyError } from '../../../src-main/domain/backups/recovery-key';
import { previewRestore, restoreBackup } from '../../../src-main/domain/backups/restore';
import { startBackups } from '../../../src-main/domain/backups/service';
import { readBackupState } from '../../../src-main/domain/backups/state';
import { createMemoryLogger } from '../../../src-main/log';
import { deriveClinicKeys, type ClinicKeys } from '../../../src-main/security/keys';
import {
  addUser,
  auditRows,
  dispatchOk,
  everyStoredText,
  makeTestDataDir,
  setUpAdmin,
  signIn,
  TEST_ADMIN,
  TEST_KDF,
  TEST_KEYS,
  TEST_NOW,
  validPatient,
} from '../../support/test-app';
import { grepTree, snapshot } from './support';

const dirs: string[] = [];
const apps: ClinicApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix = 'clinic-backup-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

const SECOND = { ...validPatient, givenName: 'Quentin', familyName: 'Zabriskie', phone: '(617) 555-0199', email: null };
const THIRD = { ...validPatient, givenName: 'Yolanda', familyName: 'Okonkwo', phone: null, email: null };

async function open(dataDir: string, options: { keys?: ClinicKeys; clock?: ReturnType<typeof fixedClock> } = {}): Promise<ClinicApp> {
  const app = await openClinicApp({
    dataDir,
    runtime: 'browser',
    appVersion: '0.0.0-test',
    clock: options.clock ?? fixedClock(TEST_NOW),
    logger: createMemoryLogger(),
    keys: options.keys ?? TEST_KEYS,
    kdf: TEST_KDF,
  });
  apps.push(app);
  return app;
}

async function close(app: ClinicApp): Promise<void> {
  apps.splice(apps.indexOf(app), 1);
  await app.close();
}

interface Clinic {
  app: ClinicApp;
  dataDir: string;
  folder: string;
  sessionId: string;
  recoveryKey: string;
  clock: ReturnType<typeof fixedClock>;
}

/** A set-up clinic with three patients and a backup folder configured. */
async function clinic(options: { keep?: number } = {}): Promise<Clinic> {
  const dataDir = makeTestDataDir();
  dirs.push(dataDir);
  const folder = tempDir('clinic-backups-');
  const clock = fixedClock(TEST_NOW);
  const app = await open(dataDir, { clock });
  const { sessionId, recoveryKey } = await setUpAdmin(app);
  for (const patient of [validPatient, SECOND, THIRD]) await dispatchOk(app, 'patients.create', { ...patient, confirmNewPatient: true }, sessionId);
  await dispatchOk(app, 'backups.configure', { folder, keep: options.keep ?? 5, everyHours: 24 }, sessionId);
  return { app, dataDir, folder, sessionId, recoveryKey, clock };
}

async function backupNow(c: Clinic): Promise<string> {
  return (await dispatchOk<{ path: string }>(c.app, 'backups.run', {}, c.sessionId)).path;
}

const freshKeys = () => deriveClinicKeys(randomBytes(32));

async function patientNames(app: ClinicApp): Promise<string[]> {
  return (await app.database.db.selectFrom('patients').select('familyName').orderBy('familyName').execute()).map((p) => p.familyName);
}

describe('backups', () => {
  it('stores what backups need at first run without storing the recovery key', async () => {
    const c = await clinic();
    const state = readBackupState(c.dataDir, TEST_KEYS.fileKey)!;
    expect(state.clinicId).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.recovery.kdf).toMatchObject({ name: 'scrypt', N: TEST_KDF.N });
    const settings = await c.app.database.db.selectFrom('settings').select(['id', 'value']).where('id', '=', 'clinic.id').executeTakeFirstOrThrow();
    expect(JSON.parse(settings.value)).toBe(state.clinicId);
    const compact = c.recoveryKey.replaceAll('-', '');
    expect(everyStoredText(c.app)).not.toContain(compact);
    expect(everyStoredText(c.app)).not.toContain(c.recoveryKey);
    expect(grepTree(c.dataDir, c.recoveryKey)).toEqual([]);
    expect(grepTree(c.dataDir, compact)).toEqual([]);
    expect(grepTree(c.dataDir, state.backupKey)).toEqual([]); // the backup key only inside the encrypted state file
  });

  it('writes a verified backup: database re-keyed, documents folder, sealed manifest with counts, chain heads and checksums', async () => {
    const c = await clinic();
    const head = await chainHead(c.app.database.db, c.app.database.workstation.deviceId);
    const dir = await backupNow(c);
    expect(path.basename(dir)).toBe('clinic-backup-2026-03-02T15-04-05Z');
    expect(readdirSync(dir).sort()).toEqual(['database.db', 'documents', 'manifest.json']);
    const { body } = readManifest(dir);
    expect(body).toMatchObject({
      format: 'clinic-office-backup',
      version: 1,
      createdAt: TEST_NOW,
      reason: 'manual',
      appVersion: '0.0.0-test',
      schemaVersion: Object.keys(migrations).sort().at(-1),
      counts: { patients: 3, appointments: 0 },
      dirs: ['documents'],
    });
    expect(body.auditChainHeads).toEqual([head]);
    expect(body.files.map((f) => f.path)).toEqual(['database.db']);
    expect(body.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const verified = await verifyBackup(dir, { recoveryKey: c.recoveryKey });
    expect(verified.manifest.clinicId).toBe(readBackupState(c.dataDir, TEST_KEYS.fileKey)!.clinicId);
    // Not openable with the data folder's own key: it was re-keyed to the backup key.
    await expect(verifyBackup(dir, { backupKey: TEST_KEYS.databaseKey })).rejects.toThrow(BackupError);

    const status = await dispatchOk<{ lastGoodAt: string; lastGoodName: string; warnings: { code: string }[] }>(c.app, 'backups.status', {}, c.sessionId);
    expect(status).toMatchObject({ lastGoodAt: TEST_NOW, lastGoodName: path.basename(dir) });
    const list = await dispatchOk<{ items: { name: string; sameClinic: boolean; authentic: boolean; patients: number }[] }>(c.app, 'backups.list', {}, c.sessionId);
    expect(list.items).toEqual([expect.objectContaining({ name: path.basename(dir), sameClinic: true, authentic: true, patients: 3 })]);
    const audit = (await auditRows(c.app)).filter((r) => r.action === 'backup.create');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ reason: 'manual', patients: 3, verified: true });
  });

  it('leaves no patient name readable in any file of the data folder or the backup folder', async () => {
    const c = await clinic();
    await backupNow(c);
    for (const needle of ['Lopez', 'Maria', 'Zabriskie', 'Okonkwo', '555-0142', 'maria.lopez@example.org', '1985-07-14']) {
      expect(grepTree(c.dataDir, needle), needle).toEqual([]);
      expect(grepTree(c.folder, needle), needle).toEqual([]);
    }
  });

  it('restores into an EMPTY folder on a "new machine" with only the backup folder and the recovery key', async () => {
    const c = await clinic();
    const dir = await backupNow(c);
    const headBefore = readManifest(dir).body.auditChainHeads;
    await close(c.app);
    rmSync(c.dataDir, { recursive: true, force: true }); // the old PC is gone

    const newMachine = freshKeys();
    const target = path.join(tempDir('clinic-new-pc-'), 'data');
    const preview = await previewRestore({ dataDir: target, backupDir: dir, secret: { recoveryKey: c.recoveryKey }, keys: newMachine });
    expect(preview.target).toMatchObject({ empty: true, patients: null });
    expect(existsSync(target)).toBe(false); // preview changes nothing
    const outcome = await restoreBackup({ dataDir: target, backupDir: dir, secret: { recoveryKey: c.recoveryKey }, keys: newMachine, now: new Date(TEST_NOW) });
    expect(outcome.keptAside).toBeNull();

    const restored = await open(target, { keys: newMachine });
    expect(await patientNames(restored)).toEqual(['Lopez', 'Okonkwo', 'Zabriskie']);
    // Re-keyed to this machine: the test key does not open it, the new one does.
    await close(restored);
    await expect(openClinicDatabase({ dataDir: target, clock: fixedClock(TEST_NOW), databaseKey: TEST_KEYS.databaseKey })).rejects.toThrow(/cannot be opened with this key/);
    const again = await open(target, { keys: newMachine });
    // The old users sign in; the workstation has a new identity whose chain this machine's audit key verifies.
    const session = (await dispatchOk<{ sessionId: string }>(again, 'auth.login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, null)).sessionId;
    expect(again.database.workstation.deviceId).not.toBe(headBefore[0]!.deviceId);
    const anchor = readAnchor(path.join(target, 'audit-anchor.json'), newMachine.auditKey);
    expect(await verifyAuditChain(again.database.db, newMachine.auditKey, again.database.workstation.deviceId, anchor)).toMatchObject({ ok: true });
    // Backups go on under the same recovery key once a folder is chosen.
    const folder2 = tempDir('clinic-backups-2-');
    await dispatchOk(again, 'backups.configure', { folder: folder2, keep: 3, everyHours: 24 }, session);
    const next = (await dispatchOk<{ path: string }>(again, 'backups.run', {}, session)).path;
    expect((await verifyBackup(next, { recoveryKey: c.recoveryKey })).manifest.counts.patients).toBe(3);
    for (const needle of ['Lopez', 'Zabriskie']) expect(grepTree(target, needle), needle).toEqual([]);
  });

  it('ignores files the operating system drops into a backup folder (.DS_Store, Thumbs.db) when verifying and restoring', async () => {
    const c = await clinic();
    const dir = await backupNow(c);
    await close(c.app);
    writeFileSync(path.join(dir, 'documents', '.DS_Store'), 'Finder view settings');
    writeFileSync(path.join(dir, 'Thumbs.db'), 'thumbnail cache');
    await verifyBackup(dir, { recoveryKey: c.recoveryKey });
    const target = path.join(tempDir('clinic-clutter-'), 'data');
    const keys = freshKeys();
    await restoreBackup({ dataDir: target, backupDir: dir, secret: { recoveryKey: c.recoveryKey }, keys, now: new Date(TEST_NOW) });
    expect(await patientNames(await open(target, { keys }))).toEqual(['Lopez', 'Okonkwo', 'Zabriskie']);
  });

  describe('refuses, changing nothing', () => {
    async function refusedSetup() {
      const c = await clinic();
      const dir = await backupNow(c);
      await close(c.app);
      return { c, dir, before: snapshot(c.dataDir) };
    }
    async function expectRefused(c: Clinic, dir: string, before: Record<string, string>, secret: { recoveryKey: string }, match: RegExp, type: unknown = BackupError) {
      const attempt = restoreBackup({ dataDir: c.dataDir, backupDir: dir, secret, keys: TEST_KEYS, now: new Date(TEST_NOW) });
      await expect(attempt).rejects.toThrow(type as never);
      await expect(restoreBackup({ dataDir: c.dataDir, backupDir: dir, secret, keys: TEST_KEYS, now: new Date(TEST_NOW) })).rejects.toThrow(match);
      expect(snapshot(c.dataDir)).toEqual(before);
    }

    it('a truncated database or manifest', async () => {
      const { c, dir, before } = await refusedSetup();
      const db = path.join(dir, 'database.db');
      truncateSync(db, Math.floor(readFileSync(db).length / 2));
      await expectRefused(c, dir, before, { recoveryKey: c.recoveryKey }, /incomplete or damaged \(database\.db is cut short\).*Nothing was changed/);
      const manifest = path.join(dir, 'manifest.json');
      truncateSync(manifest, Math.floor(readFileSync(manifest).length / 2));
      await expectRefused(c, dir, before, { recoveryKey: c.recoveryKey }, /manifest is cut short or damaged/);
      rmSync(manifest);
      await expectRefused(c, dir, before, { recoveryKey: c.recoveryKey }, /no backup manifest/);
    });

    it('a byte flipped in the database, or in the manifest, or an extra file', async () => {
      const { c, dir, before } = await refusedSetup();
      const db = path.join(dir, 'database.db');
      const original = readFileSync(db);
      const flipped = Buffer.from(original);
      flipped[Math.floor(flipped.length / 2)]! ^= 0x40;
      writeFileSync(db, flipped);
      await expectRefused(c, dir, before, { recoveryKey: c.recoveryKey }, /changed after it was written \(database\.db differs/);
      writeFileSync(db, original);

      const manifestFile = path.join(dir, 'manifest.json');
      const manifest = readFileSync(manifestFile, 'utf8');
      writeFileSync(manifestFile, manifest.replace('"patients": 3', '"patients": 4'));
      await expectRefused(c, dir, before, { recoveryKey: c.recoveryKey }, /changed after it was written \(the manifest does not match its seal\)/);
      writeFileSync(manifestFile, manifest.replace(TEST_NOW, '2026-03-02T15:04:06.000Z'));
      await expectRefused(c, dir, before, { recoveryKey: c.recoveryKey }, /manifest does not match its seal/);
      writeFileSync(manifestFile, manifest);

      writeFileSync(path.join(dir, 'documents', 'slipped-in.bin'), 'x');
      await expectRefused(c, dir, before, { recoveryKey: c.recoveryKey }, /a file the manifest does not list/);
      rmSync(path.join(dir, 'documents', 'slipped-in.bin'));
      await expect(verifyBackup(dir, { recoveryKey: c.recoveryKey })).resolves.toBeTruthy();
    });

    it('a wrong or malformed recovery key', async () => {
      const { c, dir, before } = await refusedSetup();
      await expectRefused(c, dir, before, { recoveryKey: generateRecoveryKey() }, /recovery key does not open this backup/, WrongRecoveryKeyError);
      await expectRefused(c, dir, before, { recoveryKey: 'not a key' }, /not a recovery key/, RecoveryKeyFormatError);
    });

    it('a backup of another clinic (but it may go into an empty folder)', async () => {
      const other = await clinic();
      const otherBackup = await backupNow(other);
      await close(other.app);
      const { c, before } = await refusedSetup();
      await expectRefused(c, otherBackup, before, { recoveryKey: other.recoveryKey }, /another clinic.*only be restored into an empty data folder/);
      const empty = path.join(tempDir(), 'data');
      await restoreBackup({ dataDir: empty, backupDir: otherBackup, secret: { recoveryKey: other.recoveryKey }, keys: TEST_KEYS, now: new Date(TEST_NOW) });
      expect(existsSync(path.join(empty, DATABASE_FILE))).toBe(true);
    });

    it('while the database is open', async () => {
      const c = await clinic();
      const dir = await backupNow(c);
      await expect(restoreBackup({ dataDir: c.dataDir, backupDir: dir, secret: { recoveryKey: c.recoveryKey }, keys: TEST_KEYS, now: new Date(TEST_NOW) })).rejects.toThrow(
        /in use: close Clinic Office/,
      );
      expect(await patientNames(c.app)).toHaveLength(3);
    });
  });

  it('keeps the replaced data aside (renamed, not deleted) when restoring over a folder', async () => {
    const c = await clinic();
    const dir = await backupNow(c);
    await dispatchOk(c.app, 'patients.create', { ...validPatient, confirmNewPatient: true, givenName: 'After', familyName: 'Backupson' }, c.sessionId);
    await close(c.app);
    const outcome = await restoreBackup({ dataDir: c.dataDir, backupDir: dir, secret: { recoveryKey: c.recoveryKey }, keys: TEST_KEYS, now: new Date(TEST_NOW) });
    expect(path.basename(outcome.keptAside!)).toBe('replaced-2026-03-02T15-04-05Z');
    expect(readdirSync(outcome.keptAside!)).toEqual(expect.arrayContaining([DATABASE_FILE, 'backup-state.bin', 'audit-anchor.json']));
    const restored = await open(c.dataDir);
    expect(await patientNames(restored)).toEqual(['Lopez', 'Okonkwo', 'Zabriskie']);
    await close(restored);
    // The replaced database is intact in its new place.
    const aside = await openClinicDatabase({ dataDir: outcome.keptAside!, clock: fixedClock(TEST_NOW), databaseKey: TEST_KEYS.databaseKey });
    expect((await aside.db.selectFrom('patients').select('familyName').execute()).map((p) => p.familyName)).toContain('Backupson');
    await aside.close();
  });

  it('restores from the running app at the next start (scheduleRestore), with preview first and an audit entry', async () => {
    const c = await clinic();
    const dir = await backupNow(c);
    await dispatchOk(c.app, 'patients.create', { ...validPatient, confirmNewPatient: true, givenName: 'After', familyName: 'Backupson' }, c.sessionId);
    const preview = await dispatchOk(c.app, 'backups.preview', { backup: path.basename(dir), recoveryKey: c.recoveryKey }, c.sessionId);
    expect(preview).toEqual({
      path: dir,
      createdAt: TEST_NOW,
      appVersion: '0.0.0-test',
      schemaVersion: Object.keys(migrations).sort().at(-1),
      patients: 3,
      appointments: 0,
      sameClinic: true,
      targetEmpty: false,
      currentPatients: 4,
    });
    const wrong = await c.app.dispatch('backups.preview', { backup: path.basename(dir), recoveryKey: generateRecoveryKey() }, c.sessionId);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/recovery key does not open/) } });
    const traversal = await c.app.dispatch('backups.preview', { backup: '../x', recoveryKey: c.recoveryKey }, c.sessionId);
    expect(traversal).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatchOk(c.app, 'backups.scheduleRestore', { backup: dir, recoveryKey: c.recoveryKey }, c.sessionId)).toMatchObject({
      scheduled: true,
      appliesAt: 'next-start',
    });
    expect(await dispatchOk(c.app, 'backups.status', {}, c.sessionId)).toMatchObject({ pendingRestore: { backup: dir } });
    expect(await patientNames(c.app)).toHaveLength(4); // nothing replaced while running
    await close(c.app);

    const restarted = await open(c.dataDir);
    expect(await patientNames(restarted)).toEqual(['Lopez', 'Okonkwo', 'Zabriskie']);
    expect(readdirSync(c.dataDir).filter((n) => n.startsWith('replaced-'))).toHaveLength(1);
    const entries = (await auditRows(restarted)).filter((r) => r.action === 'backup.restore').map((r) => JSON.parse(r.detail) as { phase: string });
    expect(entries.map((e) => e.phase)).toEqual(['applied']);
    const session = (await dispatchOk<{ sessionId: string }>(restarted, 'auth.login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, null)).sessionId;
    expect(await dispatchOk(restarted, 'backups.status', {}, session)).toMatchObject({ pendingRestore: null, folder: c.folder });
  });

  it('restores on a new computer at first run, before any user exists, with the backup and the recovery key only', async () => {
    const c = await clinic();
    const dir = await backupNow(c);
    const newComputer = tempDir('clinic-new-computer-');
    const thisComputer = freshKeys();
    const fresh = await open(newComputer, { keys: thisComputer });
    expect(await dispatchOk(fresh, 'setup.status', {}, null)).toMatchObject({ needsSetup: true });
    const wrongKey = await fresh.dispatch('setup.previewRestore', { backup: dir, recoveryKey: generateRecoveryKey() }, null);
    expect(wrongKey).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { recoveryKey: expect.any(String) } } });
    expect(await dispatchOk(fresh, 'setup.previewRestore', { backup: dir, recoveryKey: c.recoveryKey }, null)).toMatchObject({
      patients: 3,
      targetEmpty: true,
      currentPatients: 0,
    });
    expect(await dispatchOk(fresh, 'setup.scheduleRestore', { backup: dir, recoveryKey: c.recoveryKey }, null)).toMatchObject({ scheduled: true });
    await close(fresh);
    const reopened = await open(newComputer, { keys: thisComputer });
    expect(await patientNames(reopened)).toEqual(['Lopez', 'Okonkwo', 'Zabriskie']);
    const session = await signIn(reopened, TEST_ADMIN.username, TEST_ADMIN.password);
    expect(await dispatchOk(reopened, 'setup.status', {}, null)).toMatchObject({ needsSetup: false });
    // Once the clinic has users, only an administrator restores (Admin, Backups).
    expect(await reopened.dispatch('setup.scheduleRestore', { backup: dir, recoveryKey: c.recoveryKey }, null)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await reopened.dispatch('setup.previewRestore', { backup: dir, recoveryKey: c.recoveryKey }, session)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('is for backups.manage only', async () => {
    const c = await clinic();
    const frontDesk = await addUser(c.app, c.sessionId, 'front_desk');
    for (const method of ['backups.status', 'backups.run', 'backups.list']) {
      expect(await c.app.dispatch(method, {}, frontDesk.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await c.app.dispatch('backups.status', {}, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await c.app.dispatch('backups.configure', { folder: 'relative/path', keep: 3, everyHours: 24 }, c.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/full path/) },
    });
    expect(await c.app.dispatch('backups.configure', { folder: path.join(c.dataDir, 'b'), keep: 3, everyHours: 24 }, c.sessionId)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/inside the data folder/) },
    });
    expect(await c.app.dispatch('backups.configure', { folder: c.folder, keep: 0, everyHours: 24 }, c.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { keep: expect.any(String) } },
    });
  });

  it('keeps the last N of its own backups, and never touches anything else in the folder', async () => {
    const c = await clinic({ keep: 2 });
    const other = await clinic();
    await dispatchOk(other.app, 'backups.configure', { folder: c.folder, keep: 5, everyHours: 24 }, other.sessionId);
    const foreign = await backupNow(other);
    const junk = path.join(c.folder, 'clinic-backup-0000-junk');
    rmSync(junk, { recursive: true, force: true });
    writeFileSync(path.join(c.folder, 'notes.txt'), 'not a backup');
    const made: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      c.clock.advance(60_000);
      made.push(path.basename(await backupNow(c)));
    }
    const remaining = readdirSync(c.folder).sort();
    expect(remaining).toEqual([path.basename(foreign), ...made.slice(-2), 'notes.txt'].sort());
  });

  it('warns when the last good backup is over 2 days old, or on the same disk as the data', async () => {
    const c = await clinic();
    type Status = { warnings: { code: string }[]; sameDisk: boolean | null };
    // Sessions expire while the clock jumps ahead: sign in afresh each time.
    const status = async () => dispatchOk<Status>(c.app, 'backups.status', {}, await signIn(c.app, TEST_ADMIN.username, TEST_ADMIN.password));
    const codes = async () => (await status()).warnings.map((w) => w.code);
    expect(await codes()).toEqual(expect.arrayContaining(['never']));
    await backupNow(c);
    expect(await codes()).not.toContain('stale');
    c.clock.advance(47 * 3_600_000);
    expect(await codes()).not.toContain('stale');
    c.clock.advance(2 * 3_600_000);
    expect(await codes()).toContain('stale');
    // Both in the temp folder here: the same disk, by fs.statSync(dev).
    expect(await status()).toMatchObject({ sameDisk: true });
    expect(await codes()).toContain('same-disk');

    // Another disk (as statSync would report for a USB drive).
    const startup = await startBackups({ dataDir: c.dataDir, keys: TEST_KEYS, clock: c.clock, logger: createMemoryLogger(), appVersion: 'x', kdf: TEST_KDF, deviceOf: (p) => (p.startsWith(c.folder) ? 2 : 1) });
    const service = await startup.attach({ db: c.app.database.db, audit: c.app.services.audit });
    expect(service.status()).toMatchObject({ sameDisk: false });
    expect(service.status().warnings.map((w) => w.code)).not.toContain('same-disk');
    rmSync(c.folder, { recursive: true, force: true });
    expect(service.status().warnings.map((w) => w.code)).toContain('folder-unavailable');
  });

  it('runs on a schedule while the app runs', async () => {
    const c = await clinic();
    const startup = await startBackups({ dataDir: c.dataDir, keys: TEST_KEYS, clock: c.clock, logger: createMemoryLogger(), appVersion: 'x', kdf: TEST_KDF });
    const service = await startup.attach({ db: c.app.database.db, audit: c.app.services.audit });
    await service.tick();
    expect(readdirSync(c.folder)).toHaveLength(1); // none yet: due at once
    await service.tick();
    expect(readdirSync(c.folder)).toHaveLength(1); // not due again
    c.clock.advance(23 * 3_600_000);
    await service.tick();
    expect(readdirSync(c.folder)).toHaveLength(1);
    c.clock.advance(3_600_000);
    await service.tick();
    expect(readdirSync(c.folder)).toHaveLength(2);
    expect(readManifest(path.join(c.folder, readdirSync(c.folder).sort()[1]!)).body.reason).toBe('scheduled');
  });

  it('makes a full backup before every migration of an existing database', async () => {
    const c = await clinic();
    await close(c.app);
    const startup = await startBackups({ dataDir: c.dataDir, keys: TEST_KEYS, clock: c.clock, logger: createMemoryLogger(), appVersion: 'x', kdf: TEST_KDF });
    const extra = { ...migrations, '9999_test_extra': { up: async () => undefined } };
    const database = await openClinicDatabase({ dataDir: c.dataDir, clock: c.clock, databaseKey: TEST_KEYS.databaseKey, migrations: extra, beforeMigrate: startup.beforeMigrate });
    expect(database.migration.applied).toEqual(['9999_test_extra']);
    await database.close();
    const made = readdirSync(c.folder);
    expect(made).toHaveLength(1);
    const { body } = readManifest(path.join(c.folder, made[0]!));
    expect(body).toMatchObject({ reason: 'pre-migration', schemaVersion: Object.keys(migrations).sort().at(-1), counts: { patients: 3 } });
  });

  it('uses the production recovery-key cost unless told otherwise', async () => {
    const dataDir = makeTestDataDir();
    dirs.push(dataDir);
    const app = await open(dataDir);
    const startup = await startBackups({ dataDir, keys: TEST_KEYS, clock: fixedClock(TEST_NOW), logger: createMemoryLogger(), appVersion: 'x' });
    const service = await startup.attach({ db: app.database.db, audit: app.services.audit });
    await app.database.db.transaction().execute((trx) => service.createRecoveryKey(trx));
    expect(readBackupState(dataDir, TEST_KEYS.fileKey)!.recovery.kdf).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
  });
});
