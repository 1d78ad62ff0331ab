import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openClinicApp, type ClinicApp } from '../../../src-main/app';
import { fixedClock } from '../../../src-main/clock';
import { restoreBackup } from '../../../src-main/domain/backups/restore';
import { createMemoryLogger } from '../../../src-main/log';
import { deriveClinicKeys, type ClinicKeys } from '../../../src-main/security/keys';
import type { DocumentSummary, OpenedDocument } from '../../../src-shared/documents/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { samplePdf } from '../../support/document-files';
import { dispatchOk, makeTestDataDir, setUpAdmin, signIn, TEST_ADMIN, TEST_KDF, TEST_KEYS, TEST_NOW, validPatient } from '../../support/test-app';

const dirs: string[] = [];
const apps: ClinicApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(dataDir: string, keys: ClinicKeys): Promise<ClinicApp> {
  const app = await openClinicApp({ dataDir, runtime: 'browser', appVersion: '0.0.0-test', clock: fixedClock(TEST_NOW), logger: createMemoryLogger(), keys, kdf: TEST_KDF });
  apps.push(app);
  return app;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clinic-documents-backup-'));
  dirs.push(dir);
  return dir;
}

describe('documents in backups', () => {
  it('are copied into a backup and open again after a restore on another machine', async () => {
    const dataDir = makeTestDataDir();
    dirs.push(dataDir);
    const app = await open(dataDir, TEST_KEYS);
    const { sessionId, recoveryKey } = await setUpAdmin(app);
    const patient = await dispatchOk<Patient>(app, 'patients.create', validPatient, sessionId);
    const pdf = samplePdf('Consent signed by Maria Lopez');
    const attached = await dispatchOk<DocumentSummary>(
      app,
      'documents.attach',
      { patientId: patient.id, kind: 'consent', title: 'Consent', documentDate: '2026-03-01', fileName: 'consent.pdf', contentBase64: pdf.toString('base64') },
      sessionId,
    );
    const folder = tempDir();
    await dispatchOk(app, 'backups.configure', { folder, keep: 5, everyHours: 24 }, sessionId);
    const backupDir = (await dispatchOk<{ path: string }>(app, 'backups.run', {}, sessionId)).path;
    const backedUp = readdirSync(path.join(backupDir, 'documents'), { recursive: true }).map(String);
    expect(backedUp.some((name) => name.endsWith('.bin'))).toBe(true);
    for (const name of backedUp.filter((n) => n.endsWith('.bin'))) {
      expect(readFileSync(path.join(backupDir, 'documents', name)).includes(Buffer.from('Maria Lopez'))).toBe(false);
    }

    const keys = deriveClinicKeys(randomBytes(32));
    const target = path.join(tempDir(), 'data');
    await restoreBackup({ dataDir: target, backupDir, secret: { recoveryKey }, keys, now: new Date(TEST_NOW) });
    const restored = await open(target, keys);
    const session = await signIn(restored, TEST_ADMIN.username, TEST_ADMIN.password);
    const opened = await dispatchOk<OpenedDocument>(restored, 'documents.open', { id: attached.id }, session);
    expect(Buffer.from(opened.contentBase64, 'base64').equals(pdf)).toBe(true);
  });
});
