import type { Kysely } from 'kysely';
import type { DocumentKind, DocumentSummary } from '../../../src-shared/documents/schema';
import type { Database } from '../../db/schema';

export async function listDocuments(db: Kysely<Database>, input: { patientId: string; kind?: DocumentKind | undefined }): Promise<DocumentSummary[]> {
  let query = db
    .selectFrom('documents')
    .select(['id', 'patientId', 'kind', 'title', 'documentDate', 'contentType', 'byteSize', 'fileName', 'createdAt', 'createdBy'])
    .where('patientId', '=', input.patientId)
    .where('deletedAt', 'is', null);
  if (input.kind) query = query.where('kind', '=', input.kind);
  const rows = await query.orderBy('documentDate', 'desc').orderBy('createdAt', 'desc').execute();
  return rows.map((row) => ({ ...row, kind: row.kind as DocumentKind }));
}
