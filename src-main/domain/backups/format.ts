/**
 * One backup = one folder:
 *
 *   clinic-backup-2026-03-02T15-04-05Z/
 *     database.db     VACUUM INTO snapshot of the clinic database, re-keyed (PRAGMA rekey) from the
 *                     data folder's key to a key derived from the backup key: a standard SQLCipher 4
 *                     file, so it needs no other tool than SQLCipher to read given the key
 *     documents/      every file of the data folder's documents/, re-encrypted (AES-256-GCM) under
 *                     the backup file key
 *     manifest.json   {body, mac}: creation time, app and schema version, clinic id, counts, every
 *                     audit chain head, the recovery wrapping of the backup key, and the size and
 *                     SHA-256 of every file; mac = HMAC-SHA256 of the body under the backup manifest key
 *
 * It is written as NAME.partial, verified as a restore would (manifest MAC, every checksum,
 * integrity_check and counts of the database opened with the backup key), and only then renamed
 * to NAME: a folder without ".partial" is a complete, verified backup.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { hasTable, openWithKey, type Sqlite } from '../../db/open';
import type { Database } from '../../db/schema';
import { decryptBuffer, DOCUMENT_CONTEXT, DOCUMENTS_DIR, encryptBuffer, writeFileAtomic } from '../../security/files';
import { sha256File, walk } from './files';
import { deriveBackupKeys, unwrapBackupKey, backupKeyId, type RecoveryWrap } from './recovery-key';
import { recoveryWrapSchema } from './state';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_DATABASE_FILE = 'database.db';
export const BACKUP_NAME_PREFIX = 'clinic-backup-';
export const BACKUP_FORMAT = 'clinic-office-backup';
export const BACKUP_FORMAT_VERSION = 1;
const PARTIAL_SUFFIX = '.partial';
/** Files an operating system may drop into any folder: ignored when checking a backup. */
/** Files an operating system drops into folders it shows: never part of a backup. */
export const OS_CLUTTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

export type BackupReason = 'scheduled' | 'manual' | 'pre-migration' | 'cli';

const chainHeadSchema = z.object({ deviceId: z.string(), seq: z.number().int(), hash: z.string() });

export const manifestBodySchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string(),
  reason: z.enum(['scheduled', 'manual', 'pre-migration', 'cli']),
  appVersion: z.string(),
  schemaVersion: z.string(),
  clinicId: z.string(),
  sourceDeviceId: z.string().nullable(),
  /** appointments: null in a backup made before migration 0007 added the table. */
  counts: z.object({ patients: z.number().int(), appointments: z.number().int().nullable() }),
  auditChainHeads: z.array(chainHeadSchema),
  recovery: recoveryWrapSchema,
  dirs: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string() })),
});
export type ManifestBody = z.infer<typeof manifestBodySchema>;

const manifestSchema = z.object({ body: manifestBodySchema, mac: z.string().regex(/^[0-9a-f]{64}$/) });

export type BackupProblem = 'not-a-backup' | 'incomplete' | 'tampered' | 'wrong-key' | 'other-clinic' | 'in-use' | 'unreadable-target' | 'not-configured';

/** A backup refused (or a restore refused): the message says why, quotes no data, and says nothing changed. */
export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const incomplete = (what: string) =>
  new BackupError('incomplete', `The backup is incomplete or damaged (${what}): it cannot be used. Nothing was changed.`);
const tampered = (what: string) =>
  new BackupError('tampered', `The backup was changed after it was written (${what}): it cannot be trusted. Nothing was changed.`);

function manifestMac(manifestKey: Buffer, body: ManifestBody): string {
  return createHmac('sha256', manifestKey).update(JSON.stringify(body)).digest('hex');
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** A name not taken yet in FOLDER: the time, then -002, -003 … if two backups share a second. */
function freshName(folder: string, now: Date): string {
  const base = `${BACKUP_NAME_PREFIX}${stamp(now)}`;
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base}-${String(n).padStart(3, '0')}`;
    if (!existsSync(path.join(folder, name)) && !existsSync(path.join(folder, `${name}${PARTIAL_SUFFIX}`))) return name;
  }
}

export interface SnapshotFacts {
  patients: number;
  appointments: number | null;
  schemaVersion: string;
  auditChainHeads: { deviceId: string; seq: number; hash: string }[];
  deviceId: string | null;
}

/** What a database copy holds, read from the copy itself (so it matches the snapshot exactly). */
export function snapshotFacts(sqlite: Sqlite): SnapshotFacts {
  const patients = hasTable(sqlite, 'patients') ? (sqlite.prepare('SELECT count(*) FROM patients WHERE deleted_at IS NULL').pluck().get() as number) : 0;
  const appointments = hasTable(sqlite, 'appointments')
    ? (sqlite.prepare('SELECT count(*) FROM appointments WHERE deleted_at IS NULL').pluck().get() as number)
    : null;
  const schemaVersion = hasTable(sqlite, 'kysely_migration')
    ? ((sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1').pluck().get() as string | undefined) ?? '')
    : '';
  const auditChainHeads = hasTable(sqlite, 'audit_log')
    ? (sqlite
        .prepare(
          `SELECT device_id AS deviceId, seq, hash FROM audit_log
           WHERE seq IN (SELECT max(seq) FROM audit_log GROUP BY device_id) ORDER BY device_id`,
        )
        .all() as SnapshotFacts['auditChainHeads'])
    : [];
  const deviceId = hasTable(sqlite, 'workstation') ? ((sqlite.prepare('SELECT device_id FROM workstation').pluck().get() as string | undefined) ?? null) : null;
  return { patients, appointments, schemaVersion, auditChainHeads, deviceId };
}

export interface WriteBackupOptions {
  /** The live database (VACUUM INTO needs no transaction open). */
  db: Kysely<Database>;
  /** The data folder's database key: the snapshot is encrypted with it until re-keyed. */
  sourceDatabaseKey: Buffer;
  dataDir: string;
  /** The data folder's file key (documents are encrypted with it). */
  fileKey: Buffer;
  folder: string;
  backupKey: Buffer;
  recovery: RecoveryWrap;
  clinicId: string;
  appVersion: string;
  now: Date;
  reason: BackupReason;
  nativeBinding?: string | undefined;
}

export interface WrittenBackup {
  name: string;
  dir: string;
  manifest: ManifestBody;
}

export async function writeBackup(options: WriteBackupOptions): Promise<WrittenBackup> {
  const { folder, backupKey, nativeBinding } = options;
  const keys = deriveBackupKeys(backupKey);
  mkdirSync(folder, { recursive: true });
  const name = freshName(folder, options.now);
  const partial = path.join(folder, `${name}${PARTIAL_SUFFIX}`);
  mkdirSync(partial);
  try {
    const dbFile = path.join(partial, BACKUP_DATABASE_FILE);
    await sql`VACUUM INTO ${dbFile}`.execute(options.db);
    let facts: SnapshotFacts;
    const copy = openWithKey(dbFile, { key: options.sourceDatabaseKey, nativeBinding });
    try {
      copy.pragma('journal_mode = DELETE');
      copy.pragma(`rekey="x'${keys.databaseKey.toString('hex')}'"`);
      facts = snapshotFacts(copy);
    } finally {
      copy.close();
    }

    const docsSource = path.join(options.dataDir, DOCUMENTS_DIR);
    const docsTarget = path.join(partial, DOCUMENTS_DIR);
    mkdirSync(docsTarget);
    const documents = walk(docsSource, OS_CLUTTER);
    for (const dir of documents.dirs) mkdirSync(path.join(docsTarget, ...dir.split('/')), { recursive: true });
    for (const rel of documents.files) {
      const plain = decryptBuffer(readFileSync(path.join(docsSource, ...rel.split('/'))), options.fileKey, DOCUMENT_CONTEXT);
      writeFileAtomic(path.join(docsTarget, ...rel.split('/')), encryptBuffer(plain, keys.fileKey, `${DOCUMENT_CONTEXT}:${rel}`));
    }

    const listed = walk(partial, OS_CLUTTER);
    const body: ManifestBody = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      createdAt: options.now.toISOString(),
      reason: options.reason,
      appVersion: options.appVersion,
      schemaVersion: facts.schemaVersion,
      clinicId: options.clinicId,
      sourceDeviceId: facts.deviceId,
      counts: { patients: facts.patients, appointments: facts.appointments },
      auditChainHeads: facts.auditChainHeads,
      recovery: options.recovery,
      dirs: listed.dirs,
      files: listed.files.map((rel) => {
        const file = path.join(partial, ...rel.split('/'));
        return { path: rel, bytes: statSync(file).size, sha256: sha256File(file) };
      }),
    };
    writeFileAtomic(path.join(partial, MANIFEST_FILE), Buffer.from(`${JSON.stringify({ body, mac: manifestMac(keys.manifestKey, body) }, null, 1)}\n`), 0o644);
    await verifyBackup(partial, { backupKey }, { nativeBinding });
    renameSync(partial, path.join(folder, name));
    return { name, dir: path.join(folder, name), manifest: body };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The manifest as written, before any key is known: for listing and for finding the recovery wrapping. */
export function readManifest(dir: string): { body: ManifestBody; mac: string } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BackupError('not-a-backup', 'There is no backup folder at this place. Nothing was changed.');
  }
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) {
    throw new BackupError('not-a-backup', 'This folder holds no backup manifest: it is not a Clinic Office backup, or it is incomplete. Nothing was changed.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw incomplete('the manifest is cut short or damaged');
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const format = (parsed as { body?: { format?: unknown; version?: unknown } } | null)?.body;
    if (format?.format === BACKUP_FORMAT && format.version !== BACKUP_FORMAT_VERSION) {
      throw new BackupError('not-a-backup', 'This backup was written by a newer version of Clinic Office: update Clinic Office first. Nothing was changed.');
    }
    throw incomplete('the manifest is damaged');
  }
  return result.data;
}

export type BackupSecret = { recoveryKey: string } | { backupKey: Buffer };

export interface VerifiedBackup {
  dir: string;
  manifest: ManifestBody;
  backupKey: Buffer;
}

/** The manifest, if its MAC holds under this backup key (cheap: no file is hashed). */
export function authenticManifest(dir: string, backupKey: Buffer): ManifestBody | null {
  const { body, mac } = readManifest(dir);
  if (body.recovery.keyId !== backupKeyId(backupKey)) return null;
  const expected = Buffer.from(manifestMac(deriveBackupKeys(backupKey).manifestKey, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(mac, 'hex')) ? body : null;
}

/**
 * Everything a restore relies on: the key opens the backup, the manifest is authentic, every file
 * listed is there with its size and SHA-256 and nothing else is, and the database opens with the
 * backup key, passes integrity_check and holds the counts the manifest states.
 */
export async function verifyBackup(dir: string, secret: BackupSecret, options: { nativeBinding?: string | undefined } = {}): Promise<VerifiedBackup> {
  const { body, mac } = readManifest(dir);
  let backupKey: Buffer;
  if ('recoveryKey' in secret) {
    backupKey = await unwrapBackupKey(body.recovery, secret.recoveryKey, body.clinicId);
  } else {
    if (body.recovery.keyId !== backupKeyId(secret.backupKey)) {
      throw new BackupError('wrong-key', 'This backup was made under another backup key (another clinic, or before a new recovery key): use its recovery key. Nothing was changed.');
    }
    backupKey = secret.backupKey;
  }
  const keys = deriveBackupKeys(backupKey);
  const expected = Buffer.from(manifestMac(keys.manifestKey, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) throw tampered('the manifest does not match its seal');

  const actual = walk(dir, OS_CLUTTER);
  const listed = new Set(body.files.map((f) => f.path));
  for (const rel of actual.files) {
    if (rel !== MANIFEST_FILE && !listed.has(rel)) throw tampered(`it holds a file the manifest does not list: ${rel}`);
  }
  for (const rel of body.dirs) if (!actual.dirs.includes(rel)) throw incomplete(`the folder ${rel} is missing`);
  for (const entry of body.files) {
    const file = path.join(dir, ...entry.path.split('/'));
    if (!existsSync(file)) throw incomplete(`${entry.path} is missing`);
    const size = statSync(file).size;
    if (size < entry.bytes) throw incomplete(`${entry.path} is cut short`);
    if (size !== entry.bytes || sha256File(file) !== entry.sha256) throw tampered(`${entry.path} differs from what was written`);
  }
  if (!listed.has(BACKUP_DATABASE_FILE)) throw incomplete('it holds no database');

  let sqlite: Sqlite;
  try {
    sqlite = openWithKey(path.join(dir, BACKUP_DATABASE_FILE), { key: keys.databaseKey, nativeBinding: options.nativeBinding, readonly: true });
  } catch {
    throw tampered('the database does not open with the backup key');
  }
  try {
    if (sqlite.pragma('integrity_check', { simple: true }) !== 'ok') throw incomplete('the database fails its integrity check');
    const facts = snapshotFacts(sqlite);
    if (facts.patients !== body.counts.patients || facts.schemaVersion !== body.schemaVersion) throw tampered('the database does not hold what the manifest states');
  } finally {
    sqlite.close();
  }
  return { dir, manifest: body, backupKey };
}

/** Complete backups in FOLDER (named clinic-backup-…, not .partial), newest first. */
export function listBackupDirs(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith(BACKUP_NAME_PREFIX) && !e.name.endsWith(PARTIAL_SUFFIX))
    .map((e) => e.name)
    .sort()
    .reverse();
}
