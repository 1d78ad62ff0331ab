/**
 * `npm run clinic -- backup | restore | verify-backup`, end to end in child processes
 * (node --import tsx src-main/cli/clinic.ts …), with the key from $CLINIC_MASTER_KEY.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecoveryKey } from '../../../src-main/domain/backups/recovery-key';
import { MASTER_KEY_ENV } from '../../../src-main/security/master-key';
import { openAppWithMasterKey, runClinicCli, type CliResult } from '../../support/cli';
import { auditRows, dispatchOk, setUpAdmin, validPatient } from '../../support/test-app';
import { grepTree, snapshot } from './support';

const root = mkdtempSync(path.join(tmpdir(), 'clinic-backup-cli-'));
const masterHex = randomBytes(32).toString('hex');
const dataDir = path.join(root, 'data');
const backups = path.join(root, 'backups');
let recoveryKey = '';

function cli(args: string[], master: string | null = masterHex): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[MASTER_KEY_ENV];
  delete env.CLINIC_DATA_DIR;
  if (master) env[MASTER_KEY_ENV] = master;
  return runClinicCli(args, env);
}

const NAMES = /Maria|Lopez|Zabriskie|1985-07-14|555-0142/;

beforeAll(async () => {
  const app = await openAppWithMasterKey(dataDir, masterHex);
  const admin = await setUpAdmin(app);
  recoveryKey = admin.recoveryKey;
  await dispatchOk(app, 'patients.create', validPatient, admin.sessionId);
  await dispatchOk(app, 'patients.create', { ...validPatient, confirmNewPatient: true, givenName: 'Quentin', familyName: 'Zabriskie' }, admin.sessionId);
  await app.close();
}, 30_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

let backupDir = '';

describe('clinic backup / verify-backup / restore', () => {
  it('backup --to DIR writes a verified backup and prints no patient data', async () => {
    const result = await cli(['backup', '--to', backups, '--data-dir', dataDir]);
    expect(result.stderr).not.toMatch(NAMES);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^OK: backup written and verified: .*clinic-backup-/);
    expect(result.stdout).toContain('patients: 2');
    expect(result.stdout).not.toMatch(NAMES);
    backupDir = path.join(backups, readdirSync(backups)[0]!);
    expect(grepTree(backups, 'Zabriskie')).toEqual([]);
  }, 30_000);

  it('verify-backup checks a backup with the recovery key, or with the data folder’s own key', async () => {
    const withKey = await cli(['verify-backup', '--from', backupDir, '--recovery-key', recoveryKey], null);
    expect(withKey.code, withKey.stdout + withKey.stderr).toBe(0);
    expect(withKey.stdout).toMatch(/^OK: backup verified/);
    expect(withKey.stdout).toContain('patients:    2');
    const withFolder = await cli(['verify-backup', '--from', backupDir, '--data-dir', dataDir]);
    expect(withFolder.code, withFolder.stdout + withFolder.stderr).toBe(0);

    const tampered = path.join(root, 'tampered');
    cpSync(backupDir, tampered, { recursive: true });
    const db = path.join(tampered, 'database.db');
    const bytes = readFileSync(db);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(db, bytes);
    const refused = await cli(['verify-backup', '--from', tampered, '--recovery-key', recoveryKey], null);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^REFUSED: The backup was changed after it was written \(database\.db differs/);
  }, 30_000);

  it('restore without --yes only previews; a wrong key is refused; nothing changes', async () => {
    const before = snapshot(dataDir);
    const preview = await cli(['restore', '--from', backupDir, '--recovery-key', recoveryKey, '--data-dir', dataDir]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Backup verified');
    expect(preview.stdout).toMatch(/made: +\d{4}-\d\d-\d\dT[\d:.]+Z \(cli\)/);
    expect(preview.stdout).toContain('holds 2 patients now');
    expect(preview.stdout).toContain('Nothing was changed. Run again with --yes');
    expect(preview.stdout).not.toMatch(NAMES);
    const wrong = await cli(['restore', '--from', backupDir, '--recovery-key', generateRecoveryKey(), '--data-dir', dataDir, '--yes']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^REFUSED: The recovery key does not open this backup/);
    const usage = await cli(['restore', '--from', backupDir]);
    expect(usage.code).toBe(2);
    expect(snapshot(dataDir)).toEqual(before);
  }, 30_000);

  it('restore --yes into an empty folder on a new machine (another master key) brings the patients back', async () => {
    const newMaster = randomBytes(32).toString('hex');
    const target = path.join(root, 'new-pc');
    const result = await cli(['restore', '--from', backupDir, '--recovery-key', recoveryKey, '--data-dir', target, '--yes'], newMaster);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('holds no database');
    expect(result.stdout).toContain(`OK: restored into ${target}`);
    const app = await openAppWithMasterKey(target, newMaster);
    try {
      const names = (await app.database.db.selectFrom('patients').select('familyName').orderBy('familyName').execute()).map((p) => p.familyName);
      expect(names).toEqual(['Lopez', 'Zabriskie']);
      const restore = (await auditRows(app)).filter((r) => r.action === 'backup.restore');
      expect(restore.map((r) => JSON.parse(r.detail) as Record<string, unknown>)).toEqual([expect.objectContaining({ phase: 'applied', via: 'cli', patients: 2 })]);
    } finally {
      await app.close();
    }
    expect(grepTree(target, 'Zabriskie')).toEqual([]);
    const audit = await cli(['audit', 'verify', '--data-dir', target], newMaster);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  }, 60_000);
});
