import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { checkDocumentFile, sniffFileType } from '../../../src-shared/documents/file-rules';
import type { DocumentContentType, DocumentKind, DocumentSummary } from '../../../src-shared/documents/schema';
import { AppError } from '../../../src-shared/rpc/errors';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import type { Clock } from '../../clock';
import type { Database } from '../../db/schema';
import type { StoredFile } from './store';

const SUMMARY_COLUMNS = ['id', 'patientId', 'kind', 'title', 'documentDate', 'contentType', 'byteSize', 'fileName', 'createdAt', 'createdBy'] as const;

export interface DocumentRecord extends DocumentSummary {
  sha256: string;
}

const toRecord = <T extends { kind: string }>(row: T) => ({ ...row, kind: row.kind as DocumentKind });

export function toSummary({ sha256: _sha256, ...summary }: DocumentRecord): DocumentSummary {
  return summary;
}

export async function listDocuments(db: Kysely<Database>, input: { patientId: string; kind?: DocumentKind | undefined }): Promise<DocumentSummary[]> {
  let query = db.selectFrom('documents').select(SUMMARY_COLUMNS).where('patientId', '=', input.patientId).where('deletedAt', 'is', null);
  if (input.kind) query = query.where('kind', '=', input.kind);
  const rows = await query.orderBy('documentDate', 'desc').orderBy('createdAt', 'desc').execute();
  return rows.map(toRecord);
}

export async function getDocument(db: Kysely<Database>, id: string): Promise<DocumentRecord> {
  const row = await db.selectFrom('documents').select([...SUMMARY_COLUMNS, 'sha256']).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No document with that id (it may have been removed)');
  return toRecord(row);
}

/** The file's bytes, refused (VALIDATION, nothing written) unless they may be attached under that name. */
/** Whether a document is in this patient's chart (and not removed): what a coverage's card or a request's authorization may name. */
export async function isChartDocument(db: Kysely<Database>, patientId: string, documentId: string): Promise<boolean> {
  const document = await db
    .selectFrom('documents')
    .select('id')
    .where('id', '=', documentId)
    .where('patientId', '=', patientId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  return document !== undefined;
}

export async function acceptDocumentContent(input: { fileName: string; contentBase64: string }): Promise<{ content: Buffer; contentType: DocumentContentType }> {
  const content = Buffer.from(input.contentBase64, 'base64');
  const check = checkDocumentFile({ fileName: input.fileName, byteSize: content.length, sniffed: await sniffFileType(content) });
  if (!check.ok) {
    throw new AppError('VALIDATION', check.message, { fields: { contentBase64: check.message }, details: { reason: check.reason, byteSize: content.length } });
  }
  return { content, contentType: check.contentType };
}

export async function insertDocument(
  db: Kysely<Database>,
  clock: Clock,
  input: Omit<ParsedInput<'documents.attach'>, 'contentBase64'> & { contentType: DocumentContentType; file: StoredFile; createdBy: string | null },
): Promise<DocumentSummary> {
  const now = clock.now().toISOString();
  const row = await db
    .insertInto('documents')
    .values({
      id: uuidv7(),
      patientId: input.patientId,
      kind: input.kind,
      title: input.title,
      documentDate: input.documentDate,
      contentType: input.contentType,
      byteSize: input.file.byteSize,
      sha256: input.file.sha256,
      fileName: input.fileName,
      createdBy: input.createdBy,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Writes only the fields that differ (so the op log records real changes only) and names them. */
export async function updateDocument(
  db: Kysely<Database>,
  clock: Clock,
  current: DocumentRecord,
  input: ParsedInput<'documents.update'>,
): Promise<{ document: DocumentSummary; changed: string[] }> {
  const { id, ...requested } = input;
  const changes = Object.fromEntries(
    Object.entries(requested).filter(([key, value]) => value !== undefined && current[key as keyof DocumentRecord] !== value),
  );
  const changed = Object.keys(changes);
  if (changed.length === 0) return { document: toSummary(current), changed };
  const row = await db
    .updateTable('documents')
    .set({ ...changes, updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirstOrThrow();
  return { document: toRecord(row), changed };
}

/** A tombstone (synced rows are never deleted); refused while a coverage shows it as its insurance card. */
export async function removeDocument(db: Kysely<Database>, clock: Clock, id: string): Promise<void> {
  const card = await db
    .selectFrom('coverages')
    .select('id')
    .where('deletedAt', 'is', null)
    .where((eb) => eb.or([eb('cardFrontDocumentId', '=', id), eb('cardBackDocumentId', '=', id)]))
    .executeTakeFirst();
  if (card) throw new AppError('CONFLICT', 'This document is the insurance card of a coverage: take it off the coverage first.');
  const now = clock.now().toISOString();
  await db.updateTable('documents').set({ deletedAt: now, updatedAt: now }).where('id', '=', id).execute();
}
