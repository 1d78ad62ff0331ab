import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { DocumentSummary } from '../../../src-shared/documents/schema';
import { askConfirm } from '../../lib/confirm';
import { formatDate } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { serverFieldErrors } from '../auth/fields';
import {
  DOCUMENT_FORM_FIELDS,
  DocumentFields,
  documentFormKeys,
  documentFormResolver,
  type DocumentFormOutput,
  type DocumentFormValues,
} from './DocumentFields';

const UNSAVED_MESSAGE = 'The changes to this document have not been saved.';

/** Kind, title and date of an attached document (the file itself never changes). Enter saves, Esc cancels. */
export function EditDocumentForm({ document, onSaved, onCancel }: { document: DocumentSummary; onSaved(document: DocumentSummary): void; onCancel(): void }) {
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isDirty, dirtyFields, isSubmitting },
  } = useForm<DocumentFormValues, unknown, DocumentFormOutput>({
    defaultValues: { kind: document.kind, title: document.title, documentDate: formatDate(document.documentDate) },
    resolver: documentFormResolver,
    mode: 'onSubmit',
    reValidateMode: 'onBlur',
  });
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const inFlight = useRef(false);
  const idPrefix = `document-${document.id}-`;

  useLeaveGuard(isDirty && !done, UNSAVED_MESSAGE);

  const save = async (values: DocumentFormOutput) => {
    const changed = DOCUMENT_FORM_FIELDS.filter((name) => dirtyFields[name]);
    if (changed.length === 0) return onCancel();
    if (inFlight.current) return;
    inFlight.current = true;
    setGeneral(null);
    const result = await call('documents.update', { id: document.id, ...Object.fromEntries(changed.map((name) => [name, values[name]])) });
    inFlight.current = false;
    if (result.ok) {
      setDone(true);
      onSaved(result.value);
      return;
    }
    const { fields, general: message } = serverFieldErrors(result.error, DOCUMENT_FORM_FIELDS);
    DOCUMENT_FORM_FIELDS.forEach((name) => {
      const text = fields[name];
      if (text) setError(name, { type: 'server', message: text }, { shouldFocus: true });
    });
    setGeneral(message);
  };

  const cancel = async () => {
    if (isDirty && !(await askConfirm({ title: 'Discard these changes?', message: UNSAVED_MESSAGE, confirmLabel: 'Discard changes', cancelLabel: 'Keep editing' }))) return;
    setDone(true);
    onCancel();
  };

  return (
    <form
      className="edit-document"
      noValidate
      onSubmit={(event) => void handleSubmit(save)(event)}
      onKeyDown={documentFormKeys(() => void cancel())}
      aria-label="Edit document"
      data-testid="edit-document-form"
    >
      {general && (
        <div className="banner banner-error" role="alert">
          {general}
        </div>
      )}
      <DocumentFields idPrefix={idPrefix} register={register} errors={errors} control={control} titleAutoFocus />
      <div className="actions">
        <button type="submit" className="primary" disabled={isSubmitting} data-testid="save-document">
          {isSubmitting ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => void cancel()} disabled={isSubmitting}>
          Cancel
        </button>
        <span className="hint">
          <kbd>Enter</kbd> save · <kbd>Esc</kbd> cancel
        </span>
      </div>
    </form>
  );
}
