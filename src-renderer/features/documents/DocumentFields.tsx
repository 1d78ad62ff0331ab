import { zodResolver } from '@hookform/resolvers/zod';
import { useWatch, type Control, type FieldErrors, type Resolver, type UseFormRegister } from 'react-hook-form';
import type { z } from 'zod';
import { documentAttachInput, DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, type DocumentKind } from '../../../src-shared/documents/schema';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { formatLongDate } from '../../lib/format';
import { FieldShell, fieldAriaOf } from '../auth/fields';
import { DATE_FORMAT_MESSAGE } from '../patients/patient-form';

/** What the describing fields hold, as typed. */
export interface DocumentFormValues {
  kind: DocumentKind;
  title: string;
  /** MM/DD/YYYY, YYYY-MM-DD or MMDDYYYY. */
  documentDate: string;
}
export const DOCUMENT_FORM_FIELDS = ['kind', 'title', 'documentDate'] as const;
const formSchema = documentAttachInput.pick({ kind: true, title: true, documentDate: true });
export type DocumentFormOutput = z.output<typeof formSchema>;

const schemaResolver = zodResolver(formSchema) as unknown as Resolver<DocumentFormValues, unknown, DocumentFormOutput>;

/** The contract's own rules, after reading the date the way the patient form does. */
export const documentFormResolver: Resolver<DocumentFormValues, unknown, DocumentFormOutput> = async (values, context, options) => {
  const typed = values.documentDate.trim();
  const result = await schemaResolver({ ...values, documentDate: parseDateInput(typed) ?? typed }, context, options);
  const date = (result.errors as FieldErrors<DocumentFormValues>).documentDate;
  if (date && typed !== '' && parseDateInput(typed) === null) date.message = DATE_FORMAT_MESSAGE;
  return result;
};

interface DocumentFieldsProps {
  /** Makes the ids unique on the page (two forms may be open). */
  idPrefix: string;
  register: UseFormRegister<DocumentFormValues>;
  errors: FieldErrors<DocumentFormValues>;
  control: Control<DocumentFormValues, unknown, DocumentFormOutput>;
  titleAutoFocus?: boolean;
}

/** Kind, title and date of a document: the same fields for attaching and for editing. */
export function DocumentFields({ idPrefix, register, errors, control, titleAutoFocus = false }: DocumentFieldsProps) {
  const typedDate = useWatch({ control, name: 'documentDate' });
  const dateIso = parseDateInput(typedDate);
  const field = fieldAriaOf<(typeof DOCUMENT_FORM_FIELDS)[number]>(idPrefix, errors);
  return (
    <div className="form-grid">
      <FieldShell id={`${idPrefix}kind`} label="Kind" required error={errors.kind?.message} testId={`${idPrefix}kind`}>
        <select {...field('kind')} {...register('kind')}>
          {DOCUMENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {DOCUMENT_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </FieldShell>
      <FieldShell id={`${idPrefix}title`} label="Title" required error={errors.title?.message} testId={`${idPrefix}title`} hint="What it is, as it should appear on the chart">
        <input {...field('title')} {...register('title')} autoComplete="off" autoFocus={titleAutoFocus} />
      </FieldShell>
      <FieldShell
        id={`${idPrefix}documentDate`}
        label="Date"
        required
        error={errors.documentDate?.message}
        testId={`${idPrefix}documentDate`}
        hint={dateIso ? `The date on the document: ${formatLongDate(dateIso)}` : 'The date on the document, MM/DD/YYYY'}
      >
        <input {...field('documentDate')} {...register('documentDate')} autoComplete="off" inputMode="numeric" placeholder="MM/DD/YYYY" />
      </FieldShell>
    </div>
  );
}
