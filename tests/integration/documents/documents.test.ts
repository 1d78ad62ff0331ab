import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../../src-main/domain/documents/store';
import { createMemoryLogger } from '../../../src-main/log';
import { decryptBuffer, DOCUMENT_CONTEXT } from '../../../src-main/security/files';
import { MAX_DOCUMENT_BYTES } from '../../../src-shared/documents/file-rules';
import type { DocumentSummary, OpenedDocument } from '../../../src-shared/documents/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { sampleGif, samplePdf, samplePng } from '../../support/document-files';
import {
  addUser,
  auditRows,
  dispatchOk,
  freshAdminAppPerTest,
  TEST_KEYS,
  validPatient,
  type TestAdmin,
  type TestApp,
} from '../../support/test-app';

let app: TestApp;
let admin: TestAdmin;
let desk: Awaited<ReturnType<typeof addUser>>;
let patient: Patient;

const REFERRAL_TEXT = 'Referral for Maria Lopez: knee pain';

freshAdminAppPerTest((opened) => ({ app, admin } = opened));
beforeEach(async () => {
  desk = await addUser(app, admin.sessionId, 'front_desk', 'fran');
  patient = await dispatchOk<Patient>(app, 'patients.create', validPatient, desk.sessionId);
});

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const documentsDir = () => path.join(app.dataDir, 'documents');
const storedFileOf = (content: Buffer) => path.join(documentsDir(), sha256(content).slice(0, 2), `${sha256(content)}.bin`);

function storedFiles(): string[] {
  if (!existsSync(documentsDir())) return [];
  return readdirSync(documentsDir(), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

function attachInput(content: Buffer, overrides: Record<string, unknown> = {}) {
  return {
    patientId: patient.id,
    kind: 'referral',
    title: 'Referral from Dr. Chen',
    documentDate: '2026-02-20',
    fileName: 'Lopez referral.pdf',
    contentBase64: content.toString('base64'),
    ...overrides,
  };
}

async function attach(content: Buffer, overrides: Record<string, unknown> = {}, sessionId = desk.sessionId) {
  return dispatchOk<DocumentSummary>(app, 'documents.attach', attachInput(content, overrides), sessionId);
}

/** Everything a refused call must leave as it was. */
async function snapshot() {
  const count = async (table: 'documents' | 'syncOps' | 'auditLog') =>
    Number((await app.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { documents: await count('documents'), ops: await count('syncOps'), audit: await count('auditLog'), files: storedFiles() };
}

describe('attaching and opening', () => {
  it('round-trips a PDF: listed with its facts, opened byte for byte, both audited on the chart', async () => {
    const pdf = samplePdf(REFERRAL_TEXT);
    const before = (await auditRows(app)).length;
    const attached = await attach(pdf);
    expect(attached).toMatchObject({
      patientId: patient.id,
      kind: 'referral',
      title: 'Referral from Dr. Chen',
      documentDate: '2026-02-20',
      contentType: 'application/pdf',
      byteSize: pdf.length,
      fileName: 'Lopez referral.pdf',
      createdBy: desk.user.id,
    });
    expect(await dispatchOk(app, 'documents.list', { patientId: patient.id }, desk.sessionId)).toEqual({ items: [attached] });

    const opened = await dispatchOk<OpenedDocument>(app, 'documents.open', { id: attached.id }, desk.sessionId);
    expect(opened.document).toEqual(attached);
    expect(Buffer.from(opened.contentBase64, 'base64').equals(pdf)).toBe(true);

    const entries = (await auditRows(app)).slice(before);
    expect(entries.map((e) => e.action)).toEqual(['document.attach', 'document.open']);
    for (const entry of entries) {
      expect(entry).toMatchObject({ userId: desk.user.id, entityType: 'patient', entityId: patient.id });
      expect(JSON.parse(entry.detail)).toEqual({ documentId: attached.id, kind: 'referral' });
    }
  });

  it('stores the file encrypted under the hash of its content, never in plain', async () => {
    const pdf = samplePdf(REFERRAL_TEXT);
    await attach(pdf);
    const row = await app.database.db.selectFrom('documents').select(['sha256', 'byteSize']).executeTakeFirstOrThrow();
    expect(row).toEqual({ sha256: sha256(pdf), byteSize: pdf.length });
    expect(storedFiles()).toEqual([`${sha256(pdf)}.bin`]);
    const stored = readFileSync(storedFileOf(pdf));
    expect(stored.includes(Buffer.from('Maria Lopez'))).toBe(false);
    expect(stored.includes(pdf.subarray(0, 64))).toBe(false);
    expect(decryptBuffer(stored, TEST_KEYS.fileKey, DOCUMENT_CONTEXT).equals(pdf)).toBe(true);
  });

  it('keeps one file for the same content attached twice, to the same and to another chart', async () => {
    const png = samplePng();
    const other = await dispatchOk<Patient>(app, 'patients.create', { ...validPatient, givenName: 'Jose', familyName: 'Ortiz', phone: null, email: null }, desk.sessionId);
    const first = await attach(png, { kind: 'insurance_card', fileName: 'card.png' });
    const second = await attach(png, { kind: 'insurance_card', fileName: 'card again.png' });
    const third = await attach(png, { patientId: other.id, kind: 'insurance_card', fileName: 'card.png' });
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    expect(storedFiles()).toEqual([`${sha256(png)}.bin`]);
    const opened = await dispatchOk<OpenedDocument>(app, 'documents.open', { id: third.id }, desk.sessionId);
    expect(Buffer.from(opened.contentBase64, 'base64').equals(png)).toBe(true);
  });

  it('lists a chart newest first, one kind when asked, and only that chart', async () => {
    const older = await attach(samplePdf('older'), { documentDate: '2025-06-01', kind: 'consent', title: 'Consent' });
    const newer = await attach(samplePdf('newer'), { documentDate: '2026-01-10' });
    const list = await dispatchOk<{ items: DocumentSummary[] }>(app, 'documents.list', { patientId: patient.id }, desk.sessionId);
    expect(list.items.map((d) => d.id)).toEqual([newer.id, older.id]);
    const consents = await dispatchOk<{ items: DocumentSummary[] }>(app, 'documents.list', { patientId: patient.id, kind: 'consent' }, desk.sessionId);
    expect(consents.items.map((d) => d.id)).toEqual([older.id]);
  });

  it('lets a read-only role open documents but not attach them', async () => {
    const provider = await addUser(app, admin.sessionId, 'provider', 'paula');
    const attached = await attach(samplePdf());
    expect(await app.dispatch('documents.open', { id: attached.id }, provider.sessionId)).toMatchObject({ ok: true });
    expect(await app.dispatch('documents.attach', attachInput(samplePdf()), provider.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('integrity on open', () => {
  it('refuses a file changed on disk, says to restore it, logs no patient data and audits no open', async () => {
    const pdf = samplePdf(REFERRAL_TEXT);
    const attached = await attach(pdf);
    const file = storedFileOf(pdf);
    const tampered = readFileSync(file);
    tampered[tampered.length - 20]! ^= 0x01;
    writeFileSync(file, tampered);
    const before = await snapshot();

    const result = await app.dispatch('documents.open', { id: attached.id }, desk.sessionId);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { documentFile: 'damaged' } } });
    expect(!result.ok && result.error.message).toMatch(/damaged.*restore it from a backup/i);
    expect(await snapshot()).toEqual(before);
    const logged = app.logs.filter((line) => line.includes('document.file_unreadable'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`documents/${sha256(pdf).slice(0, 2)}/${sha256(pdf)}.bin`);
    expect(app.logs.join('\n')).not.toMatch(/Lopez|Maria|Chen|referral\.pdf/i);
  });

  it('refuses a file swapped for another document\'s (sound encryption, wrong content)', async () => {
    const pdf = samplePdf('first');
    const otherPdf = samplePdf('second');
    const attached = await attach(pdf);
    await attach(otherPdf);
    writeFileSync(storedFileOf(pdf), readFileSync(storedFileOf(otherPdf)));
    expect(await app.dispatch('documents.open', { id: attached.id }, desk.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', details: { documentFile: 'damaged' } },
    });
  });

  it('reports a missing file as missing', async () => {
    const pdf = samplePdf();
    const attached = await attach(pdf);
    rmSync(storedFileOf(pdf));
    const result = await app.dispatch('documents.open', { id: attached.id }, desk.sessionId);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { documentFile: 'missing' } } });
    expect(!result.ok && result.error.message).toMatch(/missing from the data folder.*restore it from a backup/i);
  });

  it('repairs a damaged file when the same content is attached again', async () => {
    const pdf = samplePdf();
    const attached = await attach(pdf);
    writeFileSync(storedFileOf(pdf), Buffer.from('garbage'));
    await attach(pdf, { title: 'Referral (rescanned)' });
    const opened = await dispatchOk<OpenedDocument>(app, 'documents.open', { id: attached.id }, desk.sessionId);
    expect(Buffer.from(opened.contentBase64, 'base64').equals(pdf)).toBe(true);
  });

  it('removes temporary files left by a write cut short, at start-up (backups copy every file)', async () => {
    const pdf = samplePdf();
    await attach(pdf);
    const leftover = `${storedFileOf(samplePdf('cut short'))}.1a2b3c4d.tmp`;
    mkdirSync(path.dirname(leftover), { recursive: true });
    writeFileSync(leftover, Buffer.from('half a file'));
    createDocumentStore({ dataDir: app.dataDir, fileKey: TEST_KEYS.fileKey, logger: createMemoryLogger() });
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(storedFileOf(pdf))).toBe(true);
  });
});

describe('refusals change nothing', () => {
  const cases: { name: string; input: () => Record<string, unknown>; code: string; message: RegExp; field?: string }[] = [
    {
      name: 'a file over the size limit',
      input: () => attachInput(Buffer.concat([samplePdf(), Buffer.alloc(MAX_DOCUMENT_BYTES)])),
      code: 'VALIDATION',
      message: /^This file is 20\.0 MB; documents can be at most 20 MB/,
      field: 'contentBase64',
    },
    {
      name: 'a PNG named .pdf',
      input: () => attachInput(samplePng()),
      code: 'VALIDATION',
      message: /^This file is a PNG image, but its name ends in \.pdf/,
      field: 'contentBase64',
    },
    { name: 'a GIF', input: () => attachInput(sampleGif(), { fileName: 'photo.gif' }), code: 'VALIDATION', message: /of type GIF/, field: 'contentBase64' },
    { name: 'an empty file', input: () => attachInput(Buffer.alloc(0)), code: 'VALIDATION', message: /empty/, field: 'contentBase64' },
    {
      name: 'content that is not base64',
      input: () => ({ ...attachInput(samplePdf()), contentBase64: '%PDF-1.4 not encoded' }),
      code: 'VALIDATION',
      message: /contentBase64/,
      field: 'contentBase64',
    },
    { name: 'an unknown patient', input: () => attachInput(samplePdf(), { patientId: uuidv7() }), code: 'NOT_FOUND', message: /No patient with that id/ },
    { name: 'a date in the future', input: () => attachInput(samplePdf(), { documentDate: '2999-01-01' }), code: 'VALIDATION', message: /documentDate/, field: 'documentDate' },
    { name: 'an unknown kind', input: () => attachInput(samplePdf(), { kind: 'x-ray' }), code: 'VALIDATION', message: /kind/, field: 'kind' },
  ];

  for (const refusal of cases) {
    it(`refuses ${refusal.name} with a specific error`, async () => {
      const before = await snapshot();
      const result = await app.dispatch('documents.attach', refusal.input(), desk.sessionId);
      expect(result).toMatchObject({ ok: false, error: { code: refusal.code } });
      if (result.ok) return;
      expect(result.error.message).toMatch(refusal.message);
      if (refusal.field) expect(Object.keys(result.error.fields ?? {})).toEqual([refusal.field]);
      expect(JSON.stringify(result.error)).not.toMatch(/Lopez|Maria/);
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe('restricted charts', () => {
  it('refuses list, attach and open without break-glass (audited, flagged), and writes nothing else', async () => {
    const attached = await attach(samplePdf());
    await dispatchOk(app, 'patients.setRestriction', { id: patient.id, restriction: 'staff' }, admin.sessionId);
    const before = await snapshot();
    const calls: [string, unknown][] = [
      ['documents.list', { patientId: patient.id }],
      ['documents.attach', attachInput(samplePdf('another'))],
      ['documents.open', { id: attached.id }],
      ['documents.update', { id: attached.id, title: 'Changed' }],
      ['documents.remove', { id: attached.id }],
    ];
    for (const [method, input] of calls) {
      const result = await app.dispatch(method, input, desk.sessionId);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { breakGlass: { patientId: patient.id } } } });
    }
    const after = await snapshot();
    expect({ ...after, audit: before.audit }).toEqual(before);
    const refusals = (await auditRows(app)).slice(-calls.length);
    expect(refusals.every((e) => e.action === 'auth.refused' && e.flagged === 1 && e.entityId === patient.id)).toBe(true);
    expect(await app.dispatch('documents.open', { id: attached.id }, admin.sessionId)).toMatchObject({ ok: true });
  });
});

describe('update and remove', () => {
  it('changes title, kind and date (audited with the fields), and audits nothing when nothing changed', async () => {
    const attached = await attach(samplePdf());
    const updated = await dispatchOk<DocumentSummary>(
      app,
      'documents.update',
      { id: attached.id, title: 'Signed consent', kind: 'consent', documentDate: '2026-02-21' },
      desk.sessionId,
    );
    expect(updated).toMatchObject({ id: attached.id, title: 'Signed consent', kind: 'consent', documentDate: '2026-02-21', byteSize: attached.byteSize });
    const entry = (await auditRows(app)).at(-1)!;
    expect(entry).toMatchObject({ action: 'document.update', entityId: patient.id });
    expect(JSON.parse(entry.detail)).toEqual({ documentId: attached.id, kind: 'consent', fields: 'kind title documentDate' });
    const before = await snapshot();
    await dispatchOk(app, 'documents.update', { id: attached.id, title: 'Signed consent' }, desk.sessionId);
    expect(await snapshot()).toEqual(before);
    expect(await app.dispatch('documents.update', { id: attached.id }, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('removes a document from the chart (a tombstone, audited); the file stays; opening it then is NOT_FOUND', async () => {
    const pdf = samplePdf();
    const attached = await attach(pdf);
    expect(await dispatchOk(app, 'documents.remove', { id: attached.id }, desk.sessionId)).toEqual({ removed: true });
    expect(await dispatchOk(app, 'documents.list', { patientId: patient.id }, desk.sessionId)).toEqual({ items: [] });
    expect(await app.dispatch('documents.open', { id: attached.id }, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.dispatch('documents.remove', { id: attached.id }, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const row = await app.database.db.selectFrom('documents').select('deletedAt').where('id', '=', attached.id).executeTakeFirstOrThrow();
    expect(row.deletedAt).not.toBeNull();
    expect(existsSync(storedFileOf(pdf))).toBe(true);
    expect((await auditRows(app)).at(-1)).toMatchObject({ action: 'document.remove', userId: desk.user.id, entityId: patient.id });
  });

  it('refuses to remove the insurance card of a coverage', async () => {
    const card = await attach(samplePng(), { kind: 'insurance_card', fileName: 'card.png' });
    // Straight into the tables: the coverage screens are another area's.
    const now = new Date().toISOString();
    const payerId = uuidv7();
    const { sqlite } = app.database;
    sqlite.prepare('INSERT INTO payers (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(payerId, 'Harbor Health', now, now);
    sqlite
      .prepare(
        `INSERT INTO coverages (id, patient_id, payer_id, rank, member_id, subscriber_relationship, card_front_document_id, created_at, updated_at)
         VALUES (?, ?, ?, 'primary', 'HH123', 'self', ?, ?, ?)`,
      )
      .run(uuidv7(), patient.id, payerId, card.id, now, now);
    const before = await snapshot();
    expect(await app.dispatch('documents.remove', { id: card.id }, desk.sessionId)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await snapshot()).toEqual(before);
  });
});
