import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src-main/clock';
import { DATABASE_FILE, openClinicDatabase } from '../../../src-main/db/clinic-db';
import { encryptPlaintextDatabase, isPlaintextDatabase } from '../../../src-main/db/encrypt-existing';
import { applyKey, WrongKeyError } from '../../../src-main/db/open';
import { deriveClinicKeys } from '../../../src-main/security/keys';
import { TEST_KEYS, TEST_NOW, dispatchOk, makeTestDataDir, openTestApp, setUpAdmin, validPatient } from '../../support/test-app';
import { grepTree, snapshot } from '../backups/support';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = makeTestDataDir();
  dirs.push(dir);
  return dir;
}

const OTHER_PATIENTS = [
  { ...validPatient, givenName: 'Quentin', familyName: 'Zabriskie', phone: '(617) 555-0199', email: null },
  { ...validPatient, givenName: 'Yolanda', familyName: 'Okonkwo-Vance', phone: null, email: null },
];

/** A data folder with the known patients in it; the app is closed afterwards (everything checkpointed). */
async function folderWithPatients(): Promise<string> {
  const dir = dataDir();
  const app = await openTestApp({ dataDir: dir });
  const { sessionId } = await setUpAdmin(app);
  for (const patient of [validPatient, ...OTHER_PATIENTS]) await dispatchOk(app, 'patients.create', patient, sessionId);
  await app.close();
  return dir;
}

/** Turns a folder's database back into a plain SQLite file, as before encryption at rest. */
function decryptInPlace(file: string): void {
  const sqlite = new SqliteDatabase(file);
  applyKey(sqlite, TEST_KEYS.databaseKey);
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma(`rekey=''`);
  sqlite.close();
  expect(isPlaintextDatabase(file)).toBe(true);
}

describe('encryption at rest', () => {
  it('refuses the wrong key with a clear message and changes no byte of the data folder', async () => {
    const dir = await folderWithPatients();
    const before = snapshot(dir);
    const wrong = deriveClinicKeys(Buffer.alloc(32, 1));
    await expect(openClinicDatabase({ dataDir: dir, clock: fixedClock(TEST_NOW), databaseKey: wrong.databaseKey })).rejects.toThrow(WrongKeyError);
    await expect(openClinicDatabase({ dataDir: dir, clock: fixedClock(TEST_NOW), databaseKey: wrong.databaseKey })).rejects.toThrow(
      /cannot be opened with this key.*Nothing was changed/,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps no patient name readable in any file of the data folder, the WAL and SHM included', async () => {
    const dir = dataDir();
    const app = await openTestApp({ dataDir: dir });
    const { sessionId } = await setUpAdmin(app);
    for (const patient of [validPatient, ...OTHER_PATIENTS]) await dispatchOk(app, 'patients.create', patient, sessionId);
    // While open, the latest writes sit in the WAL.
    expect(existsSync(path.join(dir, `${DATABASE_FILE}-wal`))).toBe(true);
    expect(readFileSync(path.join(dir, `${DATABASE_FILE}-wal`)).length).toBeGreaterThan(0);
    for (const needle of ['Lopez', 'Maria', 'Zabriskie', 'Okonkwo', '555-0142', 'maria.lopez@example.org', '1985-07-14']) {
      expect(grepTree(dir, needle), needle).toEqual([]);
    }
    await app.close();
    for (const needle of ['Lopez', 'Zabriskie', 'Okonkwo']) expect(grepTree(dir, needle), needle).toEqual([]);
  });

  it('encrypts an existing unencrypted database on open, with every row intact and no plaintext copy left', async () => {
    const dir = await folderWithPatients();
    const file = path.join(dir, DATABASE_FILE);
    decryptInPlace(file);
    // A pre-migration copy made before encryption existed is plain too.
    mkdirSync(path.join(dir, 'backups'), { recursive: true });
    const plainCopy = path.join(dir, 'backups', 'before-0002_users_security-2026-01-01T00-00-00-000Z.db');
    writeFileSync(plainCopy, readFileSync(file));
    expect(grepTree(dir, 'Zabriskie').sort()).toEqual([path.join('backups', path.basename(plainCopy)), DATABASE_FILE].sort());

    const plain = new SqliteDatabase(file, { readonly: true });
    const rowsBefore = plain.prepare('SELECT id, given_name, family_name, date_of_birth, phone FROM patients ORDER BY id').all();
    const usersBefore = plain.prepare('SELECT * FROM users ORDER BY id').all();
    const auditBefore = plain.prepare('SELECT * FROM audit_log ORDER BY seq').all();
    plain.close();
    expect(rowsBefore).toHaveLength(3);

    const app = await openTestApp({ dataDir: dir });
    expect(app.database.encryptedOnOpen.map((f) => path.basename(f)).sort()).toEqual([DATABASE_FILE, path.basename(plainCopy)].sort());
    expect(app.database.sqlite.prepare('SELECT id, given_name, family_name, date_of_birth, phone FROM patients ORDER BY id').all()).toEqual(rowsBefore);
    expect(app.database.sqlite.prepare('SELECT * FROM users ORDER BY id').all()).toEqual(usersBefore);
    expect(app.database.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').all()).toEqual(auditBefore);
    expect(app.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // Search indexes came along too.
    const session = (await dispatchOk<{ sessionId: string }>(app, 'auth.login', { username: 'admin', password: 'maple street clinic admin 2026' }, null)).sessionId;
    expect(await dispatchOk(app, 'patients.search', { query: 'zabr' }, session)).toMatchObject({ items: [{ familyName: 'Zabriskie' }] });
    await app.close();

    expect(isPlaintextDatabase(file)).toBe(false);
    expect(isPlaintextDatabase(plainCopy)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.encrypting'))).toEqual([]);
    for (const needle of ['Lopez', 'Zabriskie', 'Okonkwo']) expect(grepTree(dir, needle), needle).toEqual([]);
    // And it opens with the key only.
    await expect(openClinicDatabase({ dataDir: dir, clock: fixedClock(TEST_NOW) })).rejects.toThrow();
  });

  it('leaves the original untouched when encrypting fails midway, and cleans up after a crash', async () => {
    const dir = await folderWithPatients();
    const file = path.join(dir, DATABASE_FILE);
    decryptInPlace(file);
    const original = readFileSync(file);
    // A crash earlier left a half-made copy behind: it is removed, never trusted.
    writeFileSync(`${file}.encrypting`, 'half a copy');
    // A key of the wrong size makes the rekey step fail after the copy was made.
    expect(() => encryptPlaintextDatabase(file, Buffer.alloc(31))).toThrow();
    expect(readFileSync(file).equals(original)).toBe(true);
    expect(existsSync(`${file}.encrypting`)).toBe(false);
    encryptPlaintextDatabase(file, TEST_KEYS.databaseKey);
    expect(isPlaintextDatabase(file)).toBe(false);
    const check = new SqliteDatabase(file, { readonly: true });
    applyKey(check, TEST_KEYS.databaseKey);
    expect(check.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(3);
    check.close();
  });
});
