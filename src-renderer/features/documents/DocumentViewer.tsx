import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { DOCUMENT_TYPE_LABELS, formatByteSize } from '../../../src-shared/documents/file-rules';
import { DOCUMENT_KIND_LABELS, type DocumentSummary } from '../../../src-shared/documents/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { ModalDialog } from '../shell/ModalDialog';
import { base64ToBlob } from './document-files';

// pdf.js is loaded only when a PDF is first shown, not with the rest of the app.
const PdfViewer = lazy(() => import('./PdfViewer').then((module) => ({ default: module.PdfViewer })));

/** An opened document: its facts, its content, and that as a blob: URL of this page (revoke it when done). */
export interface ShownDocument {
  document: DocumentSummary;
  content: Blob;
  url: string;
}

/** Fetches a document's content (the service checks its integrity and audits the open). */
export async function openDocument(id: string): Promise<RpcResult<ShownDocument>> {
  const result = await call('documents.open', { id });
  if (!result.ok) return result;
  const blob = base64ToBlob(result.value.contentBase64, result.value.document.contentType);
  return { ok: true, value: { document: result.value.document, content: blob, url: URL.createObjectURL(blob) } };
}

/** Saves a copy under its original name, once the export is on the audit log. */
export async function downloadDocument(shown: ShownDocument): Promise<RpcResult<unknown>> {
  const recorded = await call('audit.recordClientEvent', { event: 'export', what: 'document', patientId: shown.document.patientId });
  if (!recorded.ok) return recorded;
  const link = document.createElement('a');
  link.href = shown.url;
  link.download = shown.document.fileName;
  link.click();
  return recorded;
}

/** One line of facts: "Referral letter · 02/20/2026 · PDF document · 14 KB". */
export function documentFacts(document: DocumentSummary): string {
  return [DOCUMENT_KIND_LABELS[document.kind], formatDate(document.documentDate), DOCUMENT_TYPE_LABELS[document.contentType], formatByteSize(document.byteSize)].join(' · ');
}

/** The shown document in a modal: a PDF drawn by pdf.js, an image as it is. Esc closes. */
export function DocumentViewer({ documentId, onClose }: { documentId: string; onClose(): void }) {
  const [shown, setShown] = useState<RpcResult<ShownDocument> | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    let url: string | null = null;
    void openDocument(documentId).then((result) => {
      if (result.ok) url = result.value.url;
      if (current) setShown(result);
      else if (url) URL.revokeObjectURL(url);
    });
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [documentId]);

  const opened = shown?.ok ? shown.value : null;
  const download = async () => {
    if (!opened) return;
    setDownloadError(null);
    const result = await downloadDocument(opened);
    if (!result.ok) setDownloadError(result.error.message);
  };

  return (
    <ModalDialog
      className="overlay document-viewer"
      aria-labelledby="document-viewer-title"
      initialFocus={closeRef}
      onEscape={onClose}
      data-testid="document-viewer"
    >
      <div className="overlay-panel">
        <div className="head-row document-viewer-head">
          <div>
            <h2 id="document-viewer-title">{opened ? opened.document.title : 'Document'}</h2>
            {opened && <p className="subtle">{documentFacts(opened.document)}</p>}
          </div>
          <div className="actions">
            {/* In the desktop app too: its shell lets this page's own blob: files download, through the Save dialog. */}
            {opened && (
              <button type="button" onClick={() => void download()} data-testid="download-document">
                Download
              </button>
            )}
            <button type="button" ref={closeRef} onClick={onClose} data-testid="close-document">
              Close
            </button>
          </div>
        </div>
        {downloadError && (
          <p className="banner banner-error" role="alert">
            {downloadError}
          </p>
        )}
        {!shown && <p className="hint">Opening…</p>}
        {shown && !shown.ok && (
          <p className="banner banner-error" role="alert" data-testid="document-viewer-error">
            {shown.error.message}
          </p>
        )}
        {opened && <DocumentContent shown={opened} />}
      </div>
    </ModalDialog>
  );
}

function DocumentContent({ shown }: { shown: ShownDocument }) {
  const { document, content, url } = shown;
  if (document.contentType === 'application/pdf') {
    return (
      <Suspense fallback={<p className="hint">Opening the PDF…</p>}>
        <PdfViewer data={content} title={document.title} />
      </Suspense>
    );
  }
  return (
    <div className="document-view">
      <img src={url} alt={document.title} data-testid="document-viewer-image" />
    </div>
  );
}
