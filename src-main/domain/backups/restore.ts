/**
 * Restore: preview (verify, compare with the data folder, change nothing), then restore:
 *
 *  1. verify the backup completely (key, manifest seal, every checksum, integrity_check);
 *  2. refuse a backup of another clinic unless the data folder is empty (no database, or one with
 *     no patients), and refuse while the database is open elsewhere;
 *  3. build the new contents in DATA/.restoring-…: the database copied from the backup, checked
 *     against its checksum again, re-keyed from the backup key to THIS machine's database key and
 *     given a new workstation identity (its audit chain continues under this machine's audit key;
 *     the restored chains stay as they were and their heads are in the manifest), the documents
 *     re-encrypted under this machine's file key, and the backup state (so backups go on);
 *  4. move everything that was in the data folder into DATA/replaced-<time>/ (renamed, never
 *     deleted), then the new contents into the data folder.
 *
 * Until step 4 nothing in the data folder is touched; a refusal at any step changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../../db/clinic-db';
import { isPlaintextDatabase } from '../../db/encrypt-existing';
import { hasTable, openWithKey, type Sqlite } from '../../db/open';
import { decryptBuffer, DOCUMENT_CONTEXT, DOCUMENTS_DIR, encryptBuffer, writeFileAtomic } from '../../security/files';
import type { ClinicKeys } from '../../security/keys';
import { BACKUP_DATABASE_FILE, BackupError, OS_CLUTTER, verifyBackup, type BackupSecret, type ManifestBody, type VerifiedBackup } from './format';
import { sha256File, walk } from './files';
import { deriveBackupKeys } from './recovery-key';
import { DEFAULT_EVERY_HOURS, DEFAULT_KEEP, PENDING_RESTORE_FILE, readBackupStateOrNull, writeBackupState } from './state';

export const REPLACED_PREFIX = 'replaced-';
const STAGING_PREFIX = '.restoring-';
export const CLINIC_ID_SETTING = 'clinic.id';

export interface TargetFacts {
  /** No database, or a database without patients: any clinic's backup may be restored into it. */
  empty: boolean;
  clinicId: string | null;
  patients: number | null;
}

/** The clinic id in a database's settings (JSON text), if any. */
export function readClinicId(sqlite: Sqlite): string | null {
  if (!hasTable(sqlite, 'settings')) return null;
  const value = sqlite.prepare('SELECT value FROM settings WHERE id = ?').pluck().get(CLINIC_ID_SETTING) as string | undefined;
  if (value === undefined) return null;
  const parsed = JSON.parse(value) as unknown;
  return typeof parsed === 'string' ? parsed : null;
}

/** What is in the data folder now (read-only; the database is not upgraded or changed). */
export function inspectTarget(dataDir: string, keys: ClinicKeys, nativeBinding?: string): TargetFacts {
  const file = path.join(dataDir, DATABASE_FILE);
  const state = readBackupStateOrNull(dataDir, keys.fileKey);
  if (!existsSync(file) || readFileSync(file).length === 0) return { empty: true, clinicId: state?.clinicId ?? null, patients: null };
  if (isPlaintextDatabase(file)) {
    throw new BackupError('unreadable-target', 'The data folder holds an unencrypted database: start Clinic Office once to encrypt it, then restore. Nothing was changed.');
  }
  let sqlite: Sqlite;
  try {
    // Not read-only: a read-only connection to a WAL database would leave -wal/-shm files behind.
    sqlite = openWithKey(file, { key: keys.databaseKey, nativeBinding });
  } catch {
    throw new BackupError(
      'unreadable-target',
      'The data folder holds a database this computer’s key does not open, so it cannot be checked or replaced safely. ' +
        'Move the data folder’s contents away, then restore into the empty folder. Nothing was changed.',
    );
  }
  try {
    const patients = hasTable(sqlite, 'patients') ? (sqlite.prepare('SELECT count(*) FROM patients').pluck().get() as number) : 0;
    return { empty: patients === 0, clinicId: readClinicId(sqlite) ?? state?.clinicId ?? null, patients };
  } finally {
    sqlite.close();
  }
}

/** Refuses a backup of another clinic, unless the data folder is empty. */
export function checkSameClinic(manifest: ManifestBody, target: TargetFacts): void {
  if (target.empty) return;
  if (target.clinicId === null || target.clinicId !== manifest.clinicId) {
    throw new BackupError(
      'other-clinic',
      'This backup is of another clinic than the data in this folder. It can only be restored into an empty data folder. Nothing was changed.',
    );
  }
}

/** Refuses while any other connection (the app, another command) has the database open. */
function checkNotInUse(dataDir: string, keys: ClinicKeys, nativeBinding: string | undefined): void {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file) || readFileSync(file).length === 0) return;
  let sqlite: Sqlite | null = null;
  try {
    sqlite = openWithKey(file, { key: keys.databaseKey, nativeBinding, timeout: 200 });
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new BackupError('in-use', 'The clinic database is in use: close Clinic Office (and any other clinic command) first. Nothing was changed.');
    }
    throw error;
  } finally {
    sqlite?.close();
  }
}

export interface RestoreOptions {
  dataDir: string;
  backupDir: string;
  secret: BackupSecret;
  /** This machine's keys: the restored data is re-keyed to them. */
  keys: ClinicKeys;
  now: Date;
  nativeBinding?: string | undefined;
}

export interface RestoreOutcome {
  manifest: ManifestBody;
  /** Where the replaced contents were kept (null when the data folder was empty of files). */
  keptAside: string | null;
  deviceId: string;
}

export async function previewRestore(options: Omit<RestoreOptions, 'now'>): Promise<{ verified: VerifiedBackup; target: TargetFacts }> {
  const verified = await verifyBackup(options.backupDir, options.secret, { nativeBinding: options.nativeBinding });
  const target = inspectTarget(options.dataDir, options.keys, options.nativeBinding);
  return { verified, target };
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const { dataDir, keys, nativeBinding } = options;
  const { verified, target } = await previewRestore(options);
  const { manifest, backupKey } = verified;
  checkSameClinic(manifest, target);
  mkdirSync(dataDir, { recursive: true });
  checkNotInUse(dataDir, keys, nativeBinding);

  const time = options.now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  const staging = path.join(dataDir, `${STAGING_PREFIX}${time}-${randomBytes(3).toString('hex')}`);
  mkdirSync(staging);
  const backupKeys = deriveBackupKeys(backupKey);
  const deviceId = randomBytes(8).toString('hex');
  try {
    // The database: copied, checked again (it could change after verification), re-keyed to this machine.
    const dbFile = path.join(staging, DATABASE_FILE);
    copyFileSync(path.join(options.backupDir, BACKUP_DATABASE_FILE), dbFile);
    const listed = manifest.files.find((f) => f.path === BACKUP_DATABASE_FILE);
    if (!listed || sha256File(dbFile) !== listed.sha256) throw new BackupError('tampered', 'The backup’s database changed while it was being restored. Nothing was changed.');
    const sqlite = openWithKey(dbFile, { key: backupKeys.databaseKey, nativeBinding });
    try {
      sqlite.pragma('journal_mode = DELETE');
      sqlite.pragma(`rekey="x'${keys.databaseKey.toString('hex')}'"`);
      // A new workstation identity: this machine's audit key cannot extend the old chain, and a
      // restored replica must not reuse the identity whose later ops may already be elsewhere.
      if (hasTable(sqlite, 'workstation')) sqlite.prepare('UPDATE workstation SET device_id = ?').run(deviceId);
      if (sqlite.pragma('integrity_check', { simple: true }) !== 'ok') throw new BackupError('incomplete', 'The restored database failed its integrity check. Nothing was changed.');
    } finally {
      sqlite.close();
    }
    const check = openWithKey(dbFile, { key: keys.databaseKey, nativeBinding, readonly: true });
    check.close();

    // The documents, from the backup file key to this machine's file key.
    const docsSource = path.join(options.backupDir, DOCUMENTS_DIR);
    mkdirSync(path.join(staging, DOCUMENTS_DIR));
    for (const rel of walk(docsSource, OS_CLUTTER).files) {
      const plain = decryptBuffer(readFileSync(path.join(docsSource, ...rel.split('/'))), backupKeys.fileKey, `${DOCUMENT_CONTEXT}:${rel}`);
      const targetFile = path.join(staging, DOCUMENTS_DIR, ...rel.split('/'));
      mkdirSync(path.dirname(targetFile), { recursive: true });
      writeFileAtomic(targetFile, encryptBuffer(plain, keys.fileKey, DOCUMENT_CONTEXT));
    }

    // Backup state: the backup key (so scheduled backups go on), and this folder's settings if it had any.
    const previous = readBackupStateOrNull(dataDir, keys.fileKey);
    writeBackupState(staging, keys.fileKey, {
      version: 1,
      clinicId: manifest.clinicId,
      backupKey: backupKey.toString('hex'),
      recovery: manifest.recovery,
      folder: previous?.folder ?? null,
      keep: previous?.keep ?? DEFAULT_KEEP,
      everyHours: previous?.everyHours ?? DEFAULT_EVERY_HOURS,
      lastGood: null,
      lastError: null,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }

  // Swap: the old contents aside (renamed, never deleted), then the new ones in.
  const current = readdirSync(dataDir).filter((name) => name !== path.basename(staging) && !name.startsWith(REPLACED_PREFIX) && name !== PENDING_RESTORE_FILE);
  let keptAside: string | null = null;
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    if (current.length > 0) {
      keptAside = path.join(dataDir, `${REPLACED_PREFIX}${time}`);
      if (existsSync(keptAside)) keptAside = `${keptAside}-${randomBytes(3).toString('hex')}`;
      mkdirSync(keptAside);
      for (const name of current) {
        renameSync(path.join(dataDir, name), path.join(keptAside, name));
        moved.push(name);
      }
    }
    for (const name of readdirSync(staging)) {
      renameSync(path.join(staging, name), path.join(dataDir, name));
      placed.push(name);
    }
    rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    // Put things back as they were; the restored copy stays in staging for inspection.
    for (const name of placed) renameSync(path.join(dataDir, name), path.join(staging, name));
    for (const name of moved) renameSync(path.join(keptAside!, name), path.join(dataDir, name));
    if (keptAside && readdirSync(keptAside).length === 0) rmSync(keptAside, { recursive: true, force: true });
    throw error;
  }
  return { manifest, keptAside, deviceId };
}

