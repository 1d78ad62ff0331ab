import { useState, type FormEvent } from 'react';
import { addDays } from '../../../src-shared/scheduling/clinic-time';
import { EXCEPTION_KINDS, exceptionAddInput, type Appointment, type AvailabilityException } from '../../../src-shared/scheduling/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { formatDate } from '../../lib/format';
import { formKeys } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { FieldShell, SelectField, TextField } from '../auth/fields';
import { Loaded } from '../admin/Loaded';
import { ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { FormActions } from '../shell/FormActions';
import { FormBanner } from './FormBanner';
import { ChangeNotices } from './OutsideAppointments';
import { useSetupForm } from './useSetupForm';

type ExceptionKind = AvailabilityException['kind'];
const KIND_LABELS: Record<ExceptionKind, string> = { closed_day: 'Closed all day', closed: 'Closed some hours', extra: 'Extra session' };
/** Exceptions shown: from a month ago to a year ahead. */
const SHOWN_BEFORE_DAYS = 31;
const SHOWN_AHEAD_DAYS = 366;

/** A provider's one-off exceptions (holidays, sick days, extra sessions): list, add, remove. */
export function ExceptionsPanel({ providerId }: { providerId: string }) {
  const version = useTableVersion('availability_exceptions');
  const today = localIsoDate();
  const [result, reload] = useLoad(
    () => call('schedule.exceptions.list', { providerId, from: addDays(today, -SHOWN_BEFORE_DAYS), to: addDays(today, SHOWN_AHEAD_DAYS) }),
    `${version}-${today}`,
  );
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [outside, setOutside] = useState<Appointment[]>([]);

  const remove = async (exception: AvailabilityException) => {
    if (!(await askConfirm({ title: `Remove the exception on ${formatDate(exception.date)}?`, message: 'That day follows the weekly hours again.', confirmLabel: 'Remove', cancelLabel: 'Keep' }))) return;
    const removed = await call('schedule.exceptions.remove', { id: exception.id });
    setMessage(removed.ok ? 'Exception removed.' : removed.error.message);
    reload();
  };

  return (
    <div className="panel" data-testid="exceptions-panel">
      <div className="page-head">
        <h2>Days that differ</h2>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)} data-testid="new-exception">
            New exception
          </button>
        )}
      </div>
      <ChangeNotices message={message} testId="exceptions-message" outside={outside} />
      {adding && (
        <ExceptionForm
          providerId={providerId}
          onCancel={() => setAdding(false)}
          onSaved={(added, appointmentsOutside) => {
            setAdding(false);
            setOutside(appointmentsOutside);
            setMessage(`${KIND_LABELS[added.kind]} on ${formatDate(added.date)} saved.`);
            reload();
          }}
        />
      )}
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable items={items} columns={['Date', 'What', 'Hours', 'Note']} actions testId="exceptions-table" empty={<p className="none">No exceptions in the coming year.</p>}>
            {(exception) => (
              <tr key={exception.id} data-testid="exception-row">
                <td>{formatDate(exception.date)}</td>
                <td>{KIND_LABELS[exception.kind]}</td>
                <td>{exception.from ? `${exception.from}–${exception.to}` : 'All day'}</td>
                <td>{exception.label ?? ''}</td>
                <td className="cell-actions">
                  <button type="button" className="danger-outline" onClick={() => void remove(exception)} data-testid="remove-exception">
                    Remove
                  </button>
                </td>
              </tr>
            )}
          </ItemsTable>
        )}
      </Loaded>
    </div>
  );
}

function ExceptionForm({ providerId, onSaved, onCancel }: { providerId: string; onSaved(exception: AvailabilityException, outside: Appointment[]): void; onCancel(): void }) {
  const form = useSetupForm({ kind: 'closed_day' as ExceptionKind, date: '', from: '', to: '', appointmentTypeIds: [] as string[], label: '' }, 'exception-');
  const { values } = form;
  useLeaveGuard(form.dirty, 'The exception typed here has not been saved.');
  const typesVersion = useTableVersion('appointment_types');
  const [types] = useLoad(() => call('schedule.types.list', { includeInactive: false }), typesVersion);
  const hasHours = values.kind !== 'closed_day';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { kind, date, from, to, appointmentTypeIds, label } = values;
    const raw =
      kind === 'closed_day'
        ? { kind, providerId, date, label }
        : kind === 'closed'
          ? { kind, providerId, date, from, to, label }
          : { kind, providerId, date, from, to, label, appointmentTypeIds: appointmentTypeIds.length > 0 ? appointmentTypeIds : null };
    const saved = await form.save(exceptionAddInput, raw, (input) => call('schedule.exceptions.add', input));
    if (saved) onSaved(saved.exception, saved.appointmentsOutside);
  };

  return (
    <form className="setup-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={formKeys(onCancel)} data-testid="exception-form">
      <FormBanner text={form.general} />
      <div className="inline-fields">
        <SelectField id="exception-kind" label="What" required autoFocus value={values.kind} error={form.errors.kind} onChange={(e) => form.set('kind', e.target.value as ExceptionKind)}>
          {EXCEPTION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </SelectField>
        <TextField id="exception-date" label="Date" required placeholder="YYYY-MM-DD" value={values.date} error={form.errors.date} onChange={(e) => form.set('date', e.target.value)} />
        {hasHours && (
          <>
            <TextField id="exception-from" label="From" required placeholder="HH:mm" value={values.from} error={form.errors.from} onChange={(e) => form.set('from', e.target.value)} />
            <TextField id="exception-to" label="To" required placeholder="HH:mm" value={values.to} error={form.errors.to} onChange={(e) => form.set('to', e.target.value)} />
          </>
        )}
        <TextField id="exception-label" label="Note" placeholder="Holiday, Sick, Extra clinic" value={values.label} error={form.errors.label} onChange={(e) => form.set('label', e.target.value)} />
      </div>
      {values.kind === 'extra' && (
        <FieldShell id="exception-appointmentTypeIds" label="Only for these types" hint="None ticked: any type" error={form.errors.appointmentTypeIds}>
          <div className="checkbox-list" id="exception-appointmentTypeIds" tabIndex={-1}>
            {(types?.ok ? types.value.items : []).map((type) => (
              <label key={type.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={values.appointmentTypeIds.includes(type.id)}
                  onChange={(e) =>
                    form.set('appointmentTypeIds', e.target.checked ? [...values.appointmentTypeIds, type.id] : values.appointmentTypeIds.filter((id) => id !== type.id))
                  }
                />{' '}
                {type.name}
              </label>
            ))}
          </div>
        </FieldShell>
      )}
      <FormActions submitLabel="Add exception" submitting={form.busy} onCancel={onCancel} testId="save-exception" />
    </form>
  );
}
