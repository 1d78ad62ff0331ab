import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import type { ScheduleProvider } from '../../../src-shared/scheduling/schema';
import { formKeys, showRefusal } from '../../lib/forms';
import { call } from '../../lib/rpc';
import { downloadText } from '../audit/download';
import { FieldShell, fieldAriaOf } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { ModalDialog } from '../shell/ModalDialog';

interface ExportValues {
  from: string;
  to: string;
  includePatientNames: boolean;
}
const FIELDS = ['from', 'to', 'includePatientNames'] as const;
export type IcsExport = MethodOutput<'appointments.exportIcs'>;

interface IcsExportDialogProps {
  provider: Pick<ScheduleProvider, 'id' | 'displayName'>;
  /** The range offered first (the week shown). */
  from: string;
  to: string;
  onClose(): void;
  /** After the file was handed to the browser's download. */
  onExported(exported: IcsExport): void;
}

/** A provider's appointments over a range as an iCalendar file (the service audits the export); patient names only when ticked. */
export function IcsExportDialog({ provider, from, to, onClose, onExported }: IcsExportDialogProps) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ExportValues>({ defaultValues: { from, to, includePatientNames: false } });
  const [failure, setFailure] = useState<string | null>(null);
  const inFlight = useRef(false);

  const exportCalendar = async (values: ExportValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFailure(null);
    const result = await call('appointments.exportIcs', { providerId: provider.id, ...values }).finally(() => {
      inFlight.current = false;
    });
    if (!result.ok) return setFailure(showRefusal(result.error, FIELDS, setError));
    downloadText(result.value.fileName, result.value.text, result.value.contentType);
    onExported(result.value);
  };
  const described = fieldAriaOf<keyof ExportValues>('ics-', errors);

  return (
    <ModalDialog className="overlay ics-export-dialog" aria-labelledby="ics-export-title" data-testid="ics-export-dialog" onEscape={onClose}>
      <div className="overlay-panel">
        <h2 id="ics-export-title">Export calendar (.ics)</h2>
        <p className="hint">{provider.displayName}: every appointment in the range, for a calendar program. Cancelled ones are marked cancelled.</p>
        <form noValidate onSubmit={(e) => void handleSubmit(exportCalendar)(e)} onKeyDown={formKeys(onClose)} data-testid="ics-export-form">
          <div className="inline-fields">
            <FieldShell id="ics-from" label="From" required error={errors.from?.message}>
              <input type="date" autoFocus {...described('from')} {...register('from', { required: 'Enter the first date' })} />
            </FieldShell>
            <FieldShell id="ics-to" label="To" required error={errors.to?.message}>
              <input
                type="date"
                {...described('to')}
                {...register('to', { required: 'Enter the last date', validate: (value, values) => value >= values.from || 'Must be on or after the start date' })}
              />
            </FieldShell>
          </div>
          <label className="checkbox-line">
            <input type="checkbox" {...register('includePatientNames')} data-testid="ics-include-names" /> Include patient names
          </label>
          <p className="hint ics-names-hint">The file leaves the clinic’s records: without names each event shows the appointment type only.</p>
          {failure && (
            <p className="banner banner-error" role="alert">
              {failure}
            </p>
          )}
          <FormActions submitLabel="Export" busyLabel="Exporting…" enterAction="export" submitting={isSubmitting} onCancel={onClose} testId="ics-export-submit" />
        </form>
      </div>
    </ModalDialog>
  );
}
