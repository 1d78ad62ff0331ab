/**
 * `clinic backup --to DIR`, `clinic restore --from BACKUP --recovery-key KEY [--yes]`,
 * `clinic verify-backup --from BACKUP [--recovery-key KEY]`.
 * Output: dates, counts, versions and folder names only — never patient data, never a key.
 */
import path from 'node:path';
import { AUDIT_ANCHOR_FILE } from '../app';
import { systemClock } from '../clock';
import { openClinicDatabase } from '../db/clinic-db';
import { createAuditLog } from '../domain/audit/log';
import { BackupError, readManifest, verifyBackup, type ManifestBody } from '../domain/backups/format';
import { previewRestore, restoreBackup } from '../domain/backups/restore';
import { startBackups } from '../domain/backups/service';
import { readBackupState } from '../domain/backups/state';
import { createLogger } from '../log';
import { packageVersion } from '../package-info';
import { commonFlags, parseCommand, type Command } from './common';

/** Refusals a user can act on: printed as they are, exit code 1. */
function refusal(error: unknown): string | null {
  if (error instanceof BackupError) return error.message;
  if (error instanceof Error && ['WrongRecoveryKeyError', 'RecoveryKeyFormatError', 'WrongKeyError', 'BackupStateError', 'FileDecryptError'].includes(error.name)) {
    return error.message;
  }
  return null;
}

async function refusingWithExit1(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    const text = refusal(error);
    if (text === null) throw error;
    console.log(`REFUSED: ${text}`);
    return 1;
  }
}

function describe(manifest: ManifestBody): string {
  return [
    `  made:        ${manifest.createdAt} (${manifest.reason})`,
    `  app version: ${manifest.appVersion}, schema ${manifest.schemaVersion || 'none'}`,
    `  patients:    ${manifest.counts.patients}`,
    `  appointments: ${manifest.counts.appointments === null ? 'none (not in this version)' : manifest.counts.appointments}`,
    `  audit chains: ${manifest.auditChainHeads.map((h) => `${h.deviceId}#${h.seq}`).join(', ') || 'none'}`,
  ].join('\n');
}

function text(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  return typeof values[name] === 'string' ? (values[name] as string) : undefined;
}

/** A quiet logger: the CLI prints its own lines; JSON log lines go to stderr. */
const logger = createLogger((line) => process.stderr.write(line));

export const backupCommand: Command = async (args) => {
  const { values } = parseCommand(args, { to: { type: 'string' } });
  const to = text(values, 'to');
  if (!to) {
    console.error('Usage: npm run clinic -- backup --to DIR [--data-dir DIR]');
    return 2;
  }
  const { dataDir, keys } = commonFlags(values);
  return refusingWithExit1(async () => {
    const startup = await startBackups({ dataDir, keys, clock: systemClock, logger, appVersion: packageVersion(), applyPendingRestore: false });
    const database = await openClinicDatabase({ dataDir, clock: systemClock, databaseKey: keys.databaseKey, beforeMigrate: startup.beforeMigrate });
    try {
      const audit = createAuditLog({ key: keys.auditKey, deviceId: database.workstation.deviceId, clock: systemClock, anchorFile: path.join(dataDir, AUDIT_ANCHOR_FILE) });
      const service = await startup.attach({ db: database.db, audit });
      const written = await service.run({ reason: 'cli', userId: null, folder: path.resolve(to) });
      console.log(`OK: backup written and verified: ${written.path}\n  patients: ${written.patients}`);
      return 0;
    } finally {
      await database.close();
    }
  });
};

export const restoreCommand: Command = async (args) => {
  const { values } = parseCommand(args, { from: { type: 'string' }, 'recovery-key': { type: 'string' }, yes: { type: 'boolean' } });
  const from = text(values, 'from');
  const recoveryKey = text(values, 'recovery-key');
  if (!from || !recoveryKey) {
    console.error('Usage: npm run clinic -- restore --from BACKUP --recovery-key KEY [--yes] [--data-dir DIR]');
    return 2;
  }
  const { dataDir, keys } = commonFlags(values);
  const backupDir = path.resolve(from);
  return refusingWithExit1(async () => {
    const { verified, target } = await previewRestore({ dataDir, backupDir, secret: { recoveryKey }, keys });
    console.log(`Backup verified (seal, checksums, database integrity):\n${describe(verified.manifest)}`);
    console.log(
      target.patients === null
        ? `The data folder ${dataDir} holds no database.`
        : `The data folder ${dataDir} holds ${target.patients} patients now${target.empty ? ' (empty)' : ''}; it would be kept aside, not deleted.`,
    );
    if (values.yes !== true) {
      console.log('Nothing was changed. Run again with --yes to restore this backup.');
      return 0;
    }
    const outcome = await restoreBackup({ dataDir, backupDir, secret: { backupKey: verified.backupKey }, keys, now: systemClock.now() });
    // The restore goes into the restored database's audit log (under this computer's workstation chain).
    const database = await openClinicDatabase({ dataDir, clock: systemClock, databaseKey: keys.databaseKey });
    try {
      const audit = createAuditLog({ key: keys.auditKey, deviceId: database.workstation.deviceId, clock: systemClock, anchorFile: path.join(dataDir, AUDIT_ANCHOR_FILE) });
      await database.db.transaction().execute((trx) =>
        audit.record(trx, {
          action: 'backup.restore',
          userId: null,
          detail: {
            phase: 'applied',
            via: 'cli',
            backup: path.basename(backupDir),
            backupCreatedAt: outcome.manifest.createdAt,
            patients: outcome.manifest.counts.patients,
            keptAside: outcome.keptAside ? path.basename(outcome.keptAside) : null,
          },
        }),
      );
      await audit.anchor(database.db);
    } finally {
      await database.close();
    }
    console.log(`OK: restored into ${dataDir}`);
    if (outcome.keptAside) console.log(`The data it replaced was kept in ${outcome.keptAside}`);
    return 0;
  });
};

export const verifyBackupCommand: Command = async (args) => {
  const { values } = parseCommand(args, { from: { type: 'string' }, 'recovery-key': { type: 'string' } });
  const from = text(values, 'from');
  if (!from) {
    console.error('Usage: npm run clinic -- verify-backup --from BACKUP [--recovery-key KEY] [--data-dir DIR]');
    return 2;
  }
  const backupDir = path.resolve(from);
  const recoveryKey = text(values, 'recovery-key');
  return refusingWithExit1(async () => {
    let manifest: ManifestBody;
    if (recoveryKey) {
      manifest = (await verifyBackup(backupDir, { recoveryKey })).manifest;
    } else {
      // Without the recovery key: the data folder's own backup key (needs this folder's master key).
      readManifest(backupDir);
      const { dataDir, keys } = commonFlags(values);
      const state = readBackupState(dataDir, keys.fileKey);
      if (!state) throw new BackupError('not-configured', 'This data folder has no backup key: give --recovery-key to verify the backup.');
      manifest = (await verifyBackup(backupDir, { backupKey: Buffer.from(state.backupKey, 'hex') })).manifest;
    }
    console.log(`OK: backup verified (seal, checksums, database integrity)\n${describe(manifest)}`);
    return 0;
  });
};
