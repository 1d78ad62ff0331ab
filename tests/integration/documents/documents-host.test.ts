import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RPC_BODY_BYTES, startHost, type Host } from '../../../src-main/host/server';
import { createMemoryLogger } from '../../../src-main/log';
import { MAX_DOCUMENT_BYTES } from '../../../src-shared/documents/file-rules';
import type { Patient } from '../../../src-shared/patients/schema';
import { samplePdf } from '../../support/document-files';
import { rpcRequest } from '../../support/http';
import { dispatchOk, openTestApp, setUpAdmin, validPatient, type TestApp } from '../../support/test-app';

let app: TestApp;
let host: Host;
let rendererDir: string;
let session: Record<string, string>;
let patient: Patient;

beforeAll(async () => {
  app = await openTestApp();
  const { sessionId } = await setUpAdmin(app);
  session = { 'x-session': sessionId };
  patient = await dispatchOk<Patient>(app, 'patients.create', validPatient, sessionId);
  rendererDir = mkdtempSync(path.join(tmpdir(), 'clinic-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Clinic Office</title>');
  host = await startHost({ app, rendererDir, port: 0, logger: createMemoryLogger() });
});

afterAll(async () => {
  await host.close();
  await app.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** A PDF of exactly `size` bytes (padding after its end marker, as scanners sometimes leave). */
const pdfOfSize = (size: number) => Buffer.concat([samplePdf(), Buffer.alloc(size - samplePdf().length, 0x20)]);

const attachCall = (content: Buffer) => ({
  method: 'documents.attach',
  input: { patientId: patient.id, kind: 'scan', title: 'Scanned records', documentDate: '2026-02-01', fileName: 'records.pdf', contentBase64: content.toString('base64') },
});

async function documentCount(): Promise<number> {
  return Number((await app.database.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

describe('documents through the browser-mode host', () => {
  it('carries a document of the largest allowed size both ways', async () => {
    const content = pdfOfSize(MAX_DOCUMENT_BYTES);
    const attached = await rpcRequest(host.port, host.token, attachCall(content), session);
    expect(attached.status).toBe(200);
    const id = (attached.json() as { value: { id: string } }).value.id;
    const opened = await rpcRequest(host.port, host.token, { method: 'documents.open', input: { id } }, session);
    expect(opened.status).toBe(200);
    expect(Buffer.from((opened.json() as { value: { contentBase64: string } }).value.contentBase64, 'base64').equals(content)).toBe(true);
  });

  it('refuses a file one byte over the limit with the service\'s message (400), writing nothing', async () => {
    const before = await documentCount();
    const res = await rpcRequest(host.port, host.token, attachCall(pdfOfSize(MAX_DOCUMENT_BYTES + 1)), session);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^This file is 20\.0 MB; documents can be at most 20 MB/) } });
    expect(await documentCount()).toBe(before);
  });

  it('refuses a body over the transport limit with a clear refusal (413), not a crash, writing nothing', async () => {
    const before = await documentCount();
    const res = await rpcRequest(host.port, host.token, attachCall(pdfOfSize(Math.ceil((MAX_RPC_BODY_BYTES * 3) / 4) + 1024)), session);
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/too large/) } });
    expect(await documentCount()).toBe(before);
    // The service still answers.
    expect((await rpcRequest(host.port, host.token, { method: 'documents.list', input: { patientId: patient.id } }, session)).status).toBe(200);
  });

  it('checks the launch token before reading the body (a stranger cannot make it parse megabytes)', async () => {
    const oversize = pdfOfSize(Math.ceil((MAX_RPC_BODY_BYTES * 3) / 4) + 1024);
    const res = await rpcRequest(host.port, 'f'.repeat(64), attachCall(oversize), session);
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
