import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { DocumentSummary } from '../../../src-shared/documents/schema';
import { askConfirm } from '../../lib/confirm';
import { formKeys, showRefusal } from '../../lib/forms';
import { formatDate } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { FormActions } from '../shell/FormActions';
import {
  DOCUMENT_FORM_FIELDS,
  DocumentFields,
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
    setGeneral(showRefusal(result.error, DOCUMENT_FORM_FIELDS, setError) ?? result.error.message);
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
      onKeyDown={formKeys(() => void cancel())}
      aria-label="Edit document"
      data-testid="edit-document-form"
    >
      {general && (
        <div className="banner banner-error" role="alert">
          {general}
        </div>
      )}
      <DocumentFields idPrefix={idPrefix} register={register} errors={errors} control={control} titleAutoFocus />
      <FormActions submitLabel="Save" submitting={isSubmitting} onCancel={() => void cancel()} testId="save-document" />
    </form>
  );
}
