import { useEffect, useRef, useState, type DragEvent } from 'react';
import { DOCUMENT_TYPE_LABELS, formatByteSize } from '../../../src-shared/documents/file-rules';
import { DOCUMENT_KIND_LABELS, type DocumentSummary } from '../../../src-shared/documents/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { AttachDocumentForm } from './AttachDocumentForm';
import { DocumentViewer } from './DocumentViewer';
import { EditDocumentForm } from './EditDocumentForm';

type Message = { text: string; kind: 'info' | 'error' };

/** The chart's documents: list, attach (picker or drop a file anywhere on the tab), view, download, remove. */
export function DocumentsTab({ patient }: { patient: Patient }) {
  const canWrite = useCan('patients.write');
  const version = useTableVersion('documents');
  const [result, reload] = useLoad(() => call('documents.list', { patientId: patient.id }), `${patient.id}:${version}`);
  const [attaching, setAttaching] = useState<{ file: File | null } | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const attachButton = useRef<HTMLButtonElement>(null);
  /**
   * After a form closes or a row goes, the focus goes to "Attach document", not to the page: once it
   * is rendered again (an effect after that render; a timer could run before it).
   */
  const [attachFocusRequests, setAttachFocusRequests] = useState(0);
  const focusAttachButton = () => setAttachFocusRequests((count) => count + 1);
  useEffect(() => {
    if (attachFocusRequests > 0) attachButton.current?.focus();
  }, [attachFocusRequests]);

  const startAttaching = (file: File | null) => {
    setMessage(null);
    setAttaching({ file });
  };

  const acceptDrop = canWrite && !attaching;
  // Always taken here: a file dropped where nothing takes it would make the browser leave the app to show it.
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (acceptDrop && file) startAttaching(file);
  };

  const remove = async (document: DocumentSummary) => {
    const ok = await askConfirm({
      title: 'Remove this document from the chart?',
      message: `“${document.title}” (${DOCUMENT_KIND_LABELS[document.kind]}, ${formatDate(document.documentDate)}) will no longer be listed on this chart. The removal is recorded in the audit log.`,
      confirmLabel: 'Remove',
      cancelLabel: 'Keep it',
    });
    if (!ok) return;
    const removed = await call('documents.remove', { id: document.id });
    setMessage(removed.ok ? { kind: 'info', text: `“${document.title}” was removed from the chart.` } : { kind: 'error', text: removed.error.message });
    reload();
    focusAttachButton();
  };

  return (
    <section className="documents-tab" aria-labelledby="documents-title" data-testid="documents-tab" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      <div className="page-head tab-head">
        <div>
          <h2 id="documents-title">Documents</h2>
          <p className="subtle">Scans, consent forms, referral letters and cards: PDF, PNG or JPEG.{acceptDrop && ' Drop a file here to attach it.'}</p>
        </div>
        {canWrite && !attaching && (
          <button type="button" className="primary" ref={attachButton} onClick={() => startAttaching(null)} data-testid="attach-document">
            Attach document
          </button>
        )}
      </div>
      {message && (
        <div className={`banner ${message.kind === 'error' ? 'banner-error' : 'banner-info'}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="documents-message">
          {message.text}
        </div>
      )}
      {attaching && (
        <AttachDocumentForm
          patientId={patient.id}
          initialFile={attaching.file}
          onCancel={() => {
            setAttaching(null);
            focusAttachButton();
          }}
          onAttached={(document) => {
            setAttaching(null);
            setMessage({ kind: 'info', text: `“${document.title}” was attached.` });
            reload();
            focusAttachButton();
          }}
        />
      )}
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={['Date', 'Kind', 'Title', 'Type', 'Size']}
            actions
            testId="documents-table"
            empty={
              <p className="hint" data-testid="documents-empty">
                No documents on this chart yet.
              </p>
            }
          >
            {(document) => (
              <DocumentRow
                key={document.id}
                document={document}
                canWrite={canWrite}
                editing={editing === document.id}
                onOpen={() => setViewing(document.id)}
                onEdit={() => setEditing(editing === document.id ? null : document.id)}
                onRemove={() => void remove(document)}
                onSaved={(saved) => {
                  setEditing(null);
                  setMessage({ kind: 'info', text: `“${saved.title}” was saved.` });
                  reload();
                }}
              />
            )}
          </ItemsTable>
        )}
      </Loaded>
      {viewing && <DocumentViewer documentId={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}

interface DocumentRowProps {
  document: DocumentSummary;
  canWrite: boolean;
  editing: boolean;
  onOpen(): void;
  onEdit(): void;
  onRemove(): void;
  onSaved(document: DocumentSummary): void;
}

function DocumentRow({ document, canWrite, editing, onOpen, onEdit, onRemove, onSaved }: DocumentRowProps) {
  return (
    <>
      <tr data-testid="document-row" data-document-id={document.id}>
        <td className="nowrap">{formatDate(document.documentDate)}</td>
        <td>{DOCUMENT_KIND_LABELS[document.kind]}</td>
        <td className="document-title">
          <strong>{document.title}</strong>
        </td>
        <td className="nowrap">{DOCUMENT_TYPE_LABELS[document.contentType]}</td>
        <td className="nowrap">{formatByteSize(document.byteSize)}</td>
        <td className="cell-actions">
          <button type="button" onClick={onOpen} data-testid="open-document">
            Open
          </button>
          {canWrite && (
            <>
              <button type="button" onClick={onEdit} aria-expanded={editing} data-testid="edit-document">
                {editing ? 'Close' : 'Edit'}
              </button>
              <button type="button" className="danger-outline" onClick={onRemove} data-testid="remove-document">
                Remove
              </button>
            </>
          )}
        </td>
      </tr>
      {editing && (
        <tr className="row-editor">
          <td colSpan={6}>
            <EditDocumentForm document={document} onSaved={onSaved} onCancel={onEdit} />
          </td>
        </tr>
      )}
    </>
  );
}
