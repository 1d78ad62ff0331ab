/**
 * Backups while the app runs: the recovery key at first run, backups on demand, on a schedule and
 * before every migration, retention, status and warnings, preview, and restores scheduled for the
 * next start (a running app never replaces its own open database).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BackupPreview, BackupStatus, BackupSummary } from '../../../src-shared/backups/schema';
import type { Clock } from '../../clock';
import { UPGRADE_BACKUPS_DIR } from '../../db/clinic-db';
import type { Database } from '../../db/schema';
import type { Logger } from '../../log';
import type { ClinicKeys } from '../../security/keys';
import type { AuditEntry, AuditLog } from '../audit/log';
import type { ScryptParams } from '../auth/passwords';
import { authenticManifest, BackupError, listBackupDirs, readManifest, writeBackup, type BackupReason } from './format';
import { generateRecoveryKey, RECOVERY_KDF, wrapBackupKey } from './recovery-key';
import { CLINIC_ID_SETTING, checkSameClinic, previewRestore, restoreBackup } from './restore';
import {
  BackupStateError,
  clearPendingRestore,
  DEFAULT_EVERY_HOURS,
  DEFAULT_KEEP,
  readBackupState,
  readBackupStateOrNull,
  readPendingRestore,
  writeBackupState,
  writePendingRestore,
  type BackupState,
} from './state';

export const STALE_AFTER_MS = 2 * 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 10 * 60 * 1000;
const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;
/** How many pre-upgrade backups the data folder keeps (the backup folder keeps its own number). */
const KEEP_IN_DATA_DIR = 3;

export interface BackupEnv {
  dataDir: string;
  keys: ClinicKeys;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  nativeBinding?: string | undefined;
  /** scrypt cost of the recovery key (RECOVERY_KDF unless a test passes cheap settings). */
  kdf?: ScryptParams | undefined;
  /** Tests: which disk a path is on (default: fs.statSync(p).dev). */
  deviceOf?: (p: string) => number;
  /** Tests: how often the schedule is checked. */
  checkEveryMs?: number;
  /** False for admin commands run beside the app: only the app's own start applies a scheduled restore. */
  applyPendingRestore?: boolean;
}

export interface BackupService {
  /** First run (inside setup's transaction): the clinic id, the backup key and its recovery wrapping. Returns the key to show once. */
  createRecoveryKey(db: Kysely<Database>): Promise<string>;
  status(): BackupStatus;
  configure(input: { folder: string; keep: number; everyHours: number }, userId: string | null): Promise<BackupStatus>;
  run(options: { reason: BackupReason; userId: string | null; folder?: string }): Promise<{ name: string; path: string; createdAt: string; patients: number }>;
  list(folder?: string): { folder: string | null; items: BackupSummary[]; unreadable: string[] };
  preview(input: { backup: string; recoveryKey: string }): Promise<BackupPreview>;
  scheduleRestore(input: { backup: string; recoveryKey: string }, userId: string | null): Promise<{ path: string; createdAt: string }>;
  /** Runs a scheduled backup if one is due. */
  tick(): Promise<void>;
  start(): void;
  /** Stops the schedule and waits for a backup under way. */
  stop(): Promise<void>;
}

function message(error: unknown): string {
  if (error instanceof BackupError || error instanceof BackupStateError) return error.message;
  if (error instanceof Error && ['WrongRecoveryKeyError', 'RecoveryKeyFormatError', 'FileDecryptError'].includes(error.name)) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return `The backup could not be written (${error instanceof Error ? error.name : 'error'}${typeof code === 'string' ? `, ${code}` : ''}).`;
}

function errorFields(error: unknown): Record<string, string> {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    errorName: error instanceof Error ? error.name : typeof error,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    ...(error instanceof BackupError ? { problem: error.problem } : {}),
  };
}

async function ensureClinicId(db: Kysely<Database>, clock: Clock, preferred?: string): Promise<string> {
  const existing = await db.selectFrom('settings').select('value').where('id', '=', CLINIC_ID_SETTING).executeTakeFirst();
  if (existing) return JSON.parse(existing.value) as string;
  const clinicId = preferred ?? randomUUID();
  await db
    .insertInto('settings')
    .values({ id: CLINIC_ID_SETTING, value: JSON.stringify(clinicId), updatedAt: clock.now().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return clinicId;
}

/**
 * What happens before the database is opened: a restore scheduled by the running app is applied
 * (its audit entry is recorded once the audit log exists), and the hook that makes a full backup
 * before a migration. Then attach() gives the running service.
 */
export interface BackupStartup {
  beforeMigrate(db: Kysely<Database>): Promise<string | null>;
  attach(deps: { db: Kysely<Database>; audit: AuditLog }): Promise<BackupService>;
}

export async function startBackups(env: BackupEnv): Promise<BackupStartup> {
  const { dataDir, keys, clock, logger } = env;
  const queued: AuditEntry[] = [];
  let restoreRefused: string | null = null;

  const pending = env.applyPendingRestore === false ? null : readPendingRestore(dataDir, keys.fileKey);
  if (pending) {
    clearPendingRestore(dataDir); // one attempt only: never a start-up loop
    try {
      const outcome = await restoreBackup({
        dataDir,
        backupDir: pending.backup,
        secret: { backupKey: Buffer.from(pending.backupKey, 'hex') },
        keys,
        now: clock.now(),
        nativeBinding: env.nativeBinding,
      });
      logger.info('backups.restored', { keptAside: outcome.keptAside !== null });
      queued.push({
        action: 'backup.restore',
        userId: pending.scheduledBy,
        detail: {
          phase: 'applied',
          backup: path.basename(pending.backup),
          backupCreatedAt: outcome.manifest.createdAt,
          patients: outcome.manifest.counts.patients,
          keptAside: outcome.keptAside ? path.basename(outcome.keptAside) : null,
        },
      });
    } catch (error) {
      logger.warn('backups.restore_refused', errorFields(error));
      restoreRefused = message(error);
    }
  }

  let service: BackupService | null = null;
  /**
   * The full backup before an upgrade, written and verified like any other (writeBackup checks it
   * as a restore would before naming it complete). It goes to the backup folder, or to the data
   * folder's own backups/ when none is set or the folder cannot be reached (a drive not plugged in
   * must not block the upgrade, and this backup restores like any other). A failure throws: the
   * migrator then stops the start and migrates nothing. Without a recovery key (a clinic never set
   * up) it returns null and the migrator keeps its own verified copy of the database.
   */
  const beforeMigrate = async (db: Kysely<Database>): Promise<string | null> => {
    const state = readBackupStateOrNull(dataDir, keys.fileKey);
    if (!state) return null;
    const inFolder = state.folder !== null && existsSync(state.folder);
    const folder = inFolder ? state.folder! : path.join(dataDir, UPGRADE_BACKUPS_DIR);
    const written = await writeBackup({
      db,
      sourceDatabaseKey: keys.databaseKey,
      dataDir,
      fileKey: keys.fileKey,
      folder,
      backupKey: Buffer.from(state.backupKey, 'hex'),
      recovery: state.recovery,
      clinicId: state.clinicId,
      appVersion: env.appVersion,
      now: clock.now(),
      reason: 'pre-migration',
      nativeBinding: env.nativeBinding,
    });
    prune(folder, inFolder ? state.keep : KEEP_IN_DATA_DIR, state.clinicId);
    if (inFolder) writeBackupState(dataDir, keys.fileKey, { ...state, lastGood: { at: written.manifest.createdAt, name: written.name, folder }, lastError: null });
    logger.info('backups.pre_migration', { inBackupFolder: inFolder });
    queued.push({ action: 'backup.create', userId: null, detail: { reason: 'pre-migration', name: written.name, patients: written.manifest.counts.patients, verified: true } });
    return written.dir;
  };

  function prune(folder: string, keep: number, clinicId: string): void {
    let kept = 0;
    for (const name of listBackupDirs(folder)) {
      let clinic: string;
      try {
        clinic = readManifest(path.join(folder, name)).body.clinicId;
      } catch {
        continue; // never delete what cannot be identified as ours
      }
      if (clinic !== clinicId) continue;
      kept += 1;
      if (kept > keep) rmSync(path.join(folder, name), { recursive: true, force: true });
    }
  }

  async function attach(deps: { db: Kysely<Database>; audit: AuditLog }): Promise<BackupService> {
    const { db, audit } = deps;
    const deviceOf = env.deviceOf ?? ((p: string) => statSync(p).dev);
    let running: Promise<unknown> = Promise.resolve();
    let lastAttempt = 0;
    let timer: NodeJS.Timeout | null = null;

    async function record(entry: AuditEntry): Promise<void> {
      await db.transaction().execute((trx) => audit.record(trx, entry));
      await audit.anchor(db);
    }
    for (const entry of queued.splice(0)) await record(entry);

    function state(): BackupState {
      const current = readBackupState(dataDir, keys.fileKey);
      if (!current) {
        throw new BackupError('not-configured', 'Backups are not set up for this data folder: it has no recovery key yet (one is made when the clinic is first set up).');
      }
      return current;
    }

    function resolveBackup(backup: string): string {
      if (path.isAbsolute(backup)) return path.resolve(backup);
      if (backup.includes('/') || backup.includes('\\') || backup === '.' || backup === '..') {
        throw new BackupError('not-a-backup', 'Name a backup from the list, or give the full path of a backup folder.');
      }
      const folder = readBackupState(dataDir, keys.fileKey)?.folder;
      if (!folder) throw new BackupError('not-configured', 'No backup folder is set: give the full path of the backup folder.');
      return path.join(folder, backup);
    }

    async function runNow(options: { reason: BackupReason; userId: string | null; folder?: string }) {
      const current = state();
      const folder = options.folder ? path.resolve(options.folder) : current.folder;
      if (!folder) throw new BackupError('not-configured', 'Choose a backup folder first.');
      lastAttempt = clock.now().getTime();
      try {
        await ensureClinicId(db, clock, current.clinicId);
        const written = await writeBackup({
          db,
          sourceDatabaseKey: keys.databaseKey,
          dataDir,
          fileKey: keys.fileKey,
          folder,
          backupKey: Buffer.from(current.backupKey, 'hex'),
          recovery: current.recovery,
          clinicId: current.clinicId,
          appVersion: env.appVersion,
          now: clock.now(),
          reason: options.reason,
          nativeBinding: env.nativeBinding,
        });
        if (current.folder && path.resolve(current.folder) === folder) prune(folder, current.keep, current.clinicId);
        writeBackupState(dataDir, keys.fileKey, { ...state(), lastGood: { at: written.manifest.createdAt, name: written.name, folder }, lastError: null });
        await record({
          action: 'backup.create',
          userId: options.userId,
          detail: { reason: options.reason, name: written.name, patients: written.manifest.counts.patients, verified: true },
        });
        logger.info('backups.created', { reason: options.reason });
        return { name: written.name, path: written.dir, createdAt: written.manifest.createdAt, patients: written.manifest.counts.patients };
      } catch (error) {
        logger.warn('backups.failed', { reason: options.reason, ...errorFields(error) });
        try {
          writeBackupState(dataDir, keys.fileKey, { ...state(), lastError: { at: clock.now().toISOString(), message: message(error) } });
        } catch {
          // the state itself is unreadable: status says so
        }
        throw error;
      }
    }

    const result: BackupService = {
      async createRecoveryKey(trx) {
        const previous = readBackupStateOrNull(dataDir, keys.fileKey);
        const clinicId = await ensureClinicId(trx, clock);
        const recoveryKey = generateRecoveryKey();
        const backupKey = randomBytes(32);
        const recovery = await wrapBackupKey(backupKey, recoveryKey, clinicId, env.kdf ?? RECOVERY_KDF);
        writeBackupState(dataDir, keys.fileKey, {
          version: 1,
          clinicId,
          backupKey: backupKey.toString('hex'),
          recovery,
          folder: previous?.folder ?? null,
          keep: previous?.keep ?? DEFAULT_KEEP,
          everyHours: previous?.everyHours ?? DEFAULT_EVERY_HOURS,
          lastGood: null,
          lastError: null,
        });
        return recoveryKey;
      },

      status() {
        const warnings: BackupStatus['warnings'] = [];
        const pendingRestore = readPendingRestore(dataDir, keys.fileKey);
        const base = {
          pendingRestore: pendingRestore ? { backup: pendingRestore.backup, scheduledAt: pendingRestore.scheduledAt } : null,
        };
        if (restoreRefused) warnings.push({ code: 'restore-refused', message: `The restore scheduled for this start was refused: ${restoreRefused}` });
        let current: BackupState | null;
        try {
          current = readBackupState(dataDir, keys.fileKey);
        } catch (error) {
          warnings.push({ code: 'state-unreadable', message: message(error) });
          return { ready: false, folder: null, keep: DEFAULT_KEEP, everyHours: DEFAULT_EVERY_HOURS, lastGoodAt: null, lastGoodName: null, lastError: null, sameDisk: null, ...base, warnings };
        }
        if (!current) {
          warnings.push({ code: 'no-recovery-key', message: 'This data folder has no recovery key yet, so no backup can be made.' });
          return { ready: false, folder: null, keep: DEFAULT_KEEP, everyHours: DEFAULT_EVERY_HOURS, lastGoodAt: null, lastGoodName: null, lastError: null, sameDisk: null, ...base, warnings };
        }
        let sameDisk: boolean | null = null;
        if (!current.folder) {
          warnings.push({ code: 'no-folder', message: 'No backup folder is chosen: backups are not being made.' });
        } else if (!existsSync(current.folder)) {
          warnings.push({ code: 'folder-unavailable', message: 'The backup folder cannot be reached (is the drive connected?).' });
        } else {
          sameDisk = deviceOf(current.folder) === deviceOf(dataDir);
          if (sameDisk) warnings.push({ code: 'same-disk', message: 'Backups are on the same disk as the data: a disk failure or theft would take both. Choose another drive.' });
        }
        if (!current.lastGood) {
          warnings.push({ code: 'never', message: 'No backup has been made yet.' });
        } else if (clock.now().getTime() - Date.parse(current.lastGood.at) > STALE_AFTER_MS) {
          warnings.push({ code: 'stale', message: 'The last good backup is more than 2 days old.' });
        }
        if (current.lastError && (!current.lastGood || current.lastError.at > current.lastGood.at)) {
          warnings.push({ code: 'last-failed', message: `The last backup failed: ${current.lastError.message}` });
        }
        return {
          ready: true,
          folder: current.folder,
          keep: current.keep,
          everyHours: current.everyHours,
          lastGoodAt: current.lastGood?.at ?? null,
          lastGoodName: current.lastGood?.name ?? null,
          lastError: current.lastError,
          sameDisk,
          ...base,
          warnings,
        };
      },

      async configure(input, userId) {
        if (!path.isAbsolute(input.folder)) {
          throw new BackupError('not-configured', 'Give the backup folder as a full path (e.g. E:\\Clinic backups or /media/backup).');
        }
        const folder = path.resolve(input.folder);
        if (folder === path.resolve(dataDir) || folder.startsWith(`${path.resolve(dataDir)}${path.sep}`)) {
          throw new BackupError('not-configured', 'The backup folder cannot be inside the data folder.');
        }
        const current = state();
        writeBackupState(dataDir, keys.fileKey, { ...current, folder, keep: input.keep, everyHours: input.everyHours });
        await record({ action: 'settings.update', userId, detail: { setting: 'backups', keep: input.keep, everyHours: input.everyHours } });
        return result.status();
      },

      run(options) {
        const next = running.then(() => runNow(options));
        running = next.catch(() => undefined);
        return next;
      },

      list(folderArg) {
        const current = readBackupStateOrNull(dataDir, keys.fileKey);
        const folder = folderArg ? path.resolve(folderArg) : (current?.folder ?? null);
        if (!folder) return { folder: null, items: [], unreadable: [] };
        const items: BackupSummary[] = [];
        const unreadable: string[] = [];
        const backupKey = current ? Buffer.from(current.backupKey, 'hex') : null;
        for (const name of listBackupDirs(folder)) {
          const dir = path.join(folder, name);
          try {
            const { body } = readManifest(dir);
            items.push({
              name,
              path: dir,
              createdAt: body.createdAt,
              reason: body.reason,
              appVersion: body.appVersion,
              schemaVersion: body.schemaVersion,
              patients: body.counts.patients,
              appointments: body.counts.appointments,
              sameClinic: current !== null && body.clinicId === current.clinicId,
              authentic: backupKey !== null && authenticManifest(dir, backupKey) !== null,
            });
          } catch {
            unreadable.push(name);
          }
        }
        return { folder, items, unreadable };
      },

      async preview(input) {
        const dir = resolveBackup(input.backup);
        const { verified, target } = await previewRestore({ dataDir, backupDir: dir, secret: { recoveryKey: input.recoveryKey }, keys, nativeBinding: env.nativeBinding });
        const m = verified.manifest;
        return {
          path: dir,
          createdAt: m.createdAt,
          appVersion: m.appVersion,
          schemaVersion: m.schemaVersion,
          patients: m.counts.patients,
          appointments: m.counts.appointments,
          sameClinic: target.clinicId !== null && target.clinicId === m.clinicId,
          targetEmpty: target.empty,
          currentPatients: target.patients,
        };
      },

      async scheduleRestore(input, userId) {
        const dir = resolveBackup(input.backup);
        const { verified, target } = await previewRestore({ dataDir, backupDir: dir, secret: { recoveryKey: input.recoveryKey }, keys, nativeBinding: env.nativeBinding });
        checkSameClinic(verified.manifest, target);
        const scheduledAt = clock.now().toISOString();
        writePendingRestore(dataDir, keys.fileKey, { backup: dir, backupKey: verified.backupKey.toString('hex'), scheduledAt, scheduledBy: userId });
        await record({ action: 'backup.restore', userId, detail: { phase: 'scheduled', backup: path.basename(dir), backupCreatedAt: verified.manifest.createdAt } });
        return { path: dir, createdAt: verified.manifest.createdAt };
      },

      async tick() {
        let current: BackupState | null;
        try {
          current = readBackupState(dataDir, keys.fileKey);
        } catch {
          return;
        }
        if (!current?.folder) return;
        const now = clock.now().getTime();
        const due = !current.lastGood || now - Date.parse(current.lastGood.at) >= current.everyHours * 3_600_000;
        const retryWait = Math.min(RETRY_AFTER_FAILURE_MS, current.everyHours * 3_600_000);
        if (!due || (lastAttempt !== 0 && now - lastAttempt < retryWait)) return;
        try {
          await result.run({ reason: 'scheduled', userId: null });
        } catch {
          // logged and kept in the state by run()
        }
      },

      start() {
        if (timer) return;
        timer = setInterval(() => void result.tick(), env.checkEveryMs ?? CHECK_EVERY_MS);
        timer.unref();
      },

      async stop() {
        if (timer) clearInterval(timer);
        timer = null;
        await running;
      },
    };
    service = result;
    return result;
  }

  return {
    beforeMigrate,
    attach: async (deps) => service ?? attach(deps),
  };
}
