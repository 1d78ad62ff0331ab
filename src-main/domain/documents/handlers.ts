import type { documentMethods } from '../../../src-shared/documents/contract';
import type { DocumentSummary } from '../../../src-shared/documents/schema';
import type { AuditAction, AuditDetail } from '../audit/log';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import { openChart } from '../patients/open-chart';
import { acceptDocumentContent, getDocument, insertDocument, listDocuments, removeDocument, toSummary, updateDocument, type DocumentRecord } from './service';

/** A document of a chart the session may open (a chart's documents follow its rules). */
async function openableDocument(id: string, ctx: HandlerContext): Promise<DocumentRecord> {
  const document = await getDocument(ctx.db, id);
  await openChart(ctx, document.patientId);
  return document;
}

/** On the chart's audit trail: the document is named in the detail. */
function audit(action: AuditAction, document: DocumentSummary, ctx: HandlerContext, detail: AuditDetail = {}) {
  return recordChartEntry(ctx, action, document.patientId, { documentId: document.id, kind: document.kind, ...detail });
}

export const documentHandlers: Pick<Handlers, keyof typeof documentMethods> = {
  'documents.list': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    return { items: await listDocuments(ctx.db, input) };
  },
  'documents.attach': async ({ contentBase64, ...input }, ctx) => {
    await openChart(ctx, input.patientId);
    const { content, contentType } = await acceptDocumentContent({ fileName: input.fileName, contentBase64 });
    // The file first: a row must never name a file that is not there.
    const file = ctx.services.documents.put(content);
    const document = await insertDocument(ctx.db, ctx.clock, { ...input, contentType, file, createdBy: ctx.session.userId });
    await audit('document.attach', document, ctx);
    return document;
  },
  'documents.open': async ({ id }, ctx) => {
    const document = await openableDocument(id, ctx);
    const content = ctx.services.documents.read(document);
    await audit('document.open', document, ctx);
    return { document: toSummary(document), contentBase64: content.toString('base64') };
  },
  'documents.update': async (input, ctx) => {
    const current = await openableDocument(input.id, ctx);
    const { document, changed } = await updateDocument(ctx.db, ctx.clock, current, input);
    if (changed.length > 0) await audit('document.update', document, ctx, { fields: changed.join(' ') });
    return document;
  },
  'documents.remove': async ({ id }, ctx) => {
    const document = await openableDocument(id, ctx);
    await removeDocument(ctx.db, ctx.clock, id);
    await audit('document.remove', document, ctx);
    return { removed: true as const };
  },
};
