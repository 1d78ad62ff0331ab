import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useForm } from 'react-hook-form';
import { DOCUMENT_ACCEPT, formatByteSize, MAX_DOCUMENT_MEGABYTES } from '../../../src-shared/documents/file-rules';
import type { DocumentKind, DocumentSummary } from '../../../src-shared/documents/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { askConfirm } from '../../lib/confirm';
import { formKeys, showRefusal } from '../../lib/forms';
import { formatDate } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { FieldShell } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { checkFileBeforeSending, readFileBase64, titleFromFileName } from './document-files';
import {
  DOCUMENT_FORM_FIELDS,
  DocumentFields,
  documentFormResolver,
  type DocumentFormOutput,
  type DocumentFormValues,
} from './DocumentFields';

const UNSAVED_MESSAGE = 'The document has not been attached yet.';

interface AttachDocumentFormProps {
  patientId: string;
  /** e.g. insurance_card when attaching from a coverage. */
  defaultKind?: DocumentKind;
  /** A file dropped before the form opened. */
  initialFile?: File | null;
  onAttached(document: DocumentSummary): void;
  onCancel(): void;
}

/** Attach a PDF, PNG or JPEG to a chart: file (picker or drag-and-drop), kind, title, date. Enter attaches, Esc cancels. */
export function AttachDocumentForm({ patientId, defaultKind = 'scan', initialFile = null, onAttached, onCancel }: AttachDocumentFormProps) {
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getFieldState,
    control,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<DocumentFormValues, unknown, DocumentFormOutput>({
    defaultValues: { kind: defaultKind, title: initialFile ? titleFromFileName(initialFile.name) : '', documentDate: formatDate(localIsoDate()) },
    resolver: documentFormResolver,
    mode: 'onSubmit',
    reValidateMode: 'onBlur',
  });
  const [file, setFile] = useState<File | null>(initialFile);
  const [fileError, setFileError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const inFlight = useRef(false);

  useLeaveGuard((isDirty || file !== null) && !done, UNSAVED_MESSAGE);

  const choose = (chosen: File | undefined) => {
    if (!chosen) return;
    setFile(chosen);
    setFileError(null);
    setGeneral(null);
    // The title follows the file until the user types one.
    if (!getFieldState('title').isDirty) setValue('title', titleFromFileName(chosen.name));
  };

  // Each chosen file is checked at once (type by content, size), for a message before anything is sent.
  useEffect(() => {
    if (!file) return;
    showInPicker(fileInput.current, file);
    let current = true;
    void checkFileBeforeSending(file).then((check) => {
      if (current) setFileError(check.ok ? null : check.message);
    });
    return () => {
      current = false;
    };
  }, [file]);

  const attach = async (values: DocumentFormOutput) => {
    if (inFlight.current) return;
    if (!file || fileError) {
      if (!file) setFileError('Choose the file to attach');
      fileInput.current?.focus();
      return;
    }
    inFlight.current = true;
    setGeneral(null);
    try {
      const contentBase64 = await readFileBase64(file);
      const result = await call('documents.attach', { patientId, ...values, fileName: file.name, contentBase64 });
      if (result.ok) {
        setDone(true);
        onAttached(result.value);
        return;
      }
      const fileMessage = result.error.fields?.contentBase64 ?? result.error.fields?.fileName;
      if (fileMessage) setFileError(fileMessage);
      const message = showRefusal(result.error, DOCUMENT_FORM_FIELDS, setError) ?? result.error.message;
      setGeneral(message === fileMessage ? null : message);
    } catch {
      setGeneral('The file could not be read from the disk. Choose it again.');
    } finally {
      inFlight.current = false;
    }
  };

  const cancel = async () => {
    if ((isDirty || file) && !(await askConfirm({ title: 'Discard this document?', message: UNSAVED_MESSAGE, confirmLabel: 'Discard', cancelLabel: 'Keep editing' }))) return;
    setDone(true);
    onCancel();
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  return (
    <form
      className="panel attach-document"
      noValidate
      onSubmit={(event) => void handleSubmit(attach)(event)}
      onKeyDown={formKeys(() => void cancel())}
      // The whole form takes a dropped file (the drop zone shows where it goes).
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
      aria-labelledby="attach-document-title"
      data-testid="attach-document-form"
    >
      <h2 id="attach-document-title">Attach a document</h2>
      {general && (
        <div className="banner banner-error" role="alert" data-testid="attach-document-error">
          {general}
        </div>
      )}
      <div className={`document-drop${dragging ? ' dragging' : ''}${fileError ? ' invalid' : ''}`} data-testid="document-drop-zone">
        <FieldShell
          id="document-file"
          label="File"
          required
          error={fileError ?? undefined}
          hint={file ? formatByteSize(file.size) : `PDF, PNG or JPEG, up to ${MAX_DOCUMENT_MEGABYTES} MB. Drop it here or choose it.`}
          testId="file"
        >
          <input
            ref={fileInput}
            id="document-file"
            type="file"
            accept={DOCUMENT_ACCEPT}
            aria-invalid={fileError ? true : undefined}
            aria-describedby="document-file-error document-file-hint"
            onChange={(event) => choose(event.target.files?.[0])}
            autoFocus={!initialFile}
            data-testid="document-file-input"
          />
        </FieldShell>
      </div>
      <DocumentFields idPrefix="document-" register={register} errors={errors} control={control} titleAutoFocus={!!initialFile} />
      <FormActions submitLabel="Attach" busyLabel="Attaching…" enterAction="attach" submitting={isSubmitting} onCancel={() => void cancel()} testId="attach-document-submit" />
    </form>
  );
}

/** A dropped file shown by the picker too, as if chosen there. */
function showInPicker(input: HTMLInputElement | null, file: File): void {
  if (!input || input.files?.[0] === file) return;
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
}
