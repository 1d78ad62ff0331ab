import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import type { RpcError } from '../../../src-shared/rpc/errors';
import type { AppointmentType, Conflict } from '../../../src-shared/scheduling/schema';
import { askConfirm } from '../../lib/confirm';
import { formatDate, formatName } from '../../lib/format';
import { formKeys, showRefusal } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { FieldShell } from '../auth/fields';
import { PatientSearchBox } from '../search/PatientSearchBox';
import { FormActions } from '../shell/FormActions';
import { ModalDialog } from '../shell/ModalDialog';
import type { Day, SlotChoice } from './DayGrid';

interface BookingValues {
  providerId: string;
  appointmentTypeId: string;
  time: string;
  durationMinutes: string;
  note: string;
  overbookReason: string;
}
const FIELDS = ['providerId', 'appointmentTypeId', 'time', 'durationMinutes', 'note', 'overbookReason'] as const;
const UNSAVED_MESSAGE = 'This booking has not been saved.';

interface Refusal {
  message: string;
  conflicts: Conflict[];
  overbookable: boolean;
}

/** Books one appointment from a free time of the day view: patient, type, time and length (prefilled from the slot and the type). */
export function BookingDialog({ start, day, onClose }: { start: SlotChoice; day: Day; onClose(): void }) {
  const [types] = useLoad(() => call('schedule.types.list', {}), null);
  return (
    <ModalDialog className="overlay booking-dialog" aria-labelledby="booking-title" data-testid="booking-dialog" onEscape={onClose}>
      <div className="overlay-panel">
        <h2 id="booking-title">Book an appointment · {formatDate(day.date)}</h2>
        <Loaded result={types}>
          {(value) =>
            value.items.length === 0 ? (
              <>
                <p className="banner banner-error" role="alert">
                  No appointment types yet: add them in Admin first.
                </p>
                <div className="actions">
                  <button type="button" onClick={onClose}>
                    Close
                  </button>
                </div>
              </>
            ) : (
              <BookingForm start={start} day={day} types={value.items} onClose={onClose} />
            )
          }
        </Loaded>
      </div>
    </ModalDialog>
  );
}

function BookingForm({ start, day, types, onClose }: { start: SlotChoice; day: Day; types: AppointmentType[]; onClose(): void }) {
  const first = types[0]!;
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<BookingValues>({
    defaultValues: { providerId: start.providerId, appointmentTypeId: first.id, time: start.time, durationMinutes: String(first.durationMinutes), note: '', overbookReason: '' },
  });
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [query, setQuery] = useState('');
  const [patientError, setPatientError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [overbooking, setOverbooking] = useState(false);
  const inFlight = useRef(false);
  useLeaveGuard(isDirty || patient !== null, UNSAVED_MESSAGE);

  const book = async (values: BookingValues) => {
    if (!patient) return setPatientError('Choose the patient');
    if (inFlight.current) return;
    inFlight.current = true;
    setRefusal(null);
    const result = await call('appointments.book', {
      patientId: patient.id,
      providerId: values.providerId,
      appointmentTypeId: values.appointmentTypeId,
      date: day.date,
      time: values.time,
      durationMinutes: Number(values.durationMinutes),
      note: values.note,
      ...(overbooking ? { overbookReason: values.overbookReason } : {}),
    }).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onClose();
    const refused = refusalOf(result.error);
    if (refused.overbookable) setOverbooking(true);
    const unplaced = showRefusal(result.error, FIELDS, setError);
    setRefusal(unplaced === null && result.error.code !== 'CONFLICT' ? null : { ...refused, message: unplaced ?? result.error.message });
  };

  const close = async () => {
    const discard = { title: 'Discard this booking?', message: UNSAVED_MESSAGE, confirmLabel: 'Discard', cancelLabel: 'Keep editing' };
    if ((isDirty || patient) && !(await askConfirm(discard))) return;
    onClose();
  };
  const id = (name: keyof BookingValues) => ({ id: `booking-${name}`, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': `booking-${name}-error booking-${name}-hint` });
  const providerName = (providerId: string | undefined) => day.providers.find((p) => p.id === providerId)?.displayName ?? 'another provider';

  return (
    <div className="booking-layout">
      <form className="booking-form" noValidate onSubmit={(e) => void handleSubmit(book)(e)} onKeyDown={formKeys(() => void close())} data-testid="booking-form">
        {patient ? (
          <div className="field">
            <span className="search-label">Patient</span>
            <p className="booking-patient">
              <strong data-testid="booking-patient">
                {formatName(patient)} <span className="mono">({patient.mrn})</span>
              </strong>{' '}
              <button type="button" onClick={() => setPatient(null)} data-testid="booking-patient-change">
                Change
              </button>
            </p>
          </div>
        ) : (
          <div className="field patient-picker">
            <PatientSearchBox
              label="Patient"
              value={query}
              onChange={setQuery}
              onOpen={(chosen) => {
                setQuery('');
                setPatient(chosen);
                setPatientError(null);
              }}
              testId="booking-patient-input"
              hint={null}
            />
            <span className="field-error" role={patientError ? 'alert' : undefined} data-testid="error-booking-patient">
              {patientError}
            </span>
          </div>
        )}
        <FieldShell id="booking-providerId" label="Provider" error={errors.providerId?.message}>
          <select {...id('providerId')} {...register('providerId')}>
            {day.providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell id="booking-appointmentTypeId" label="Type" error={errors.appointmentTypeId?.message}>
          <select
            {...id('appointmentTypeId')}
            {...register('appointmentTypeId', {
              onChange: (e: { target: { value: string } }) => {
                const type = types.find((t) => t.id === e.target.value);
                if (type) setValue('durationMinutes', String(type.durationMinutes), { shouldDirty: true });
              },
            })}
          >
            {types.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.durationMinutes} min)
              </option>
            ))}
          </select>
        </FieldShell>
        <div className="booking-when">
          <FieldShell id="booking-time" label="Time" error={errors.time?.message}>
            <input type="time" step={300} {...id('time')} {...register('time', { required: 'Enter a time' })} />
          </FieldShell>
          <FieldShell id="booking-durationMinutes" label="Minutes" error={errors.durationMinutes?.message}>
            <input type="number" min={5} max={720} step={5} {...id('durationMinutes')} {...register('durationMinutes', { required: 'Enter the length' })} />
          </FieldShell>
        </div>
        <FieldShell id="booking-note" label="Note" error={errors.note?.message}>
          <input type="text" autoComplete="off" {...id('note')} {...register('note')} />
        </FieldShell>
        {overbooking && (
          <FieldShell id="booking-overbookReason" label="Overbook reason" required error={errors.overbookReason?.message} hint="Books over the conflict; the reason is logged.">
            <input type="text" autoComplete="off" autoFocus {...id('overbookReason')} {...register('overbookReason')} data-testid="booking-overbook-reason" />
          </FieldShell>
        )}
        <FormActions submitLabel={overbooking ? 'Overbook' : 'Book'} busyLabel="Booking…" enterAction="book" submitting={isSubmitting} onCancel={() => void close()} testId="booking-submit" />
      </form>
      {refusal && (
        <aside className="booking-conflict banner banner-error" role="alert" data-testid="booking-conflict">
          <p>{refusal.message}</p>
          {refusal.conflicts.length > 0 && (
            <ul>
              {refusal.conflicts.map((conflict, index) => (
                <li key={index} data-testid="booking-conflict-item">
                  {CONFLICT_LABELS[conflict.kind]} {conflict.local.start}–{conflict.local.end}
                  {conflict.kind === 'provider' && ` (${providerName(conflict.providerId)})`}
                </li>
              ))}
            </ul>
          )}
          {refusal.overbookable ? <p>This type may be overbooked: give a reason and book again.</p> : refusal.conflicts.length > 0 && <p>Choose another time or provider.</p>}
        </aside>
      )}
    </div>
  );
}

const CONFLICT_LABELS: Record<Conflict['kind'], string> = {
  availability: 'Outside the provider’s bookable time:',
  provider: 'The provider has another appointment',
  resource: 'A room or device is taken',
  patient: 'The patient has another appointment',
  overbook_cap: 'The day’s overbooks for this type are used up:',
  nonexistent_time: 'The clocks skip this time:',
};

function refusalOf(error: RpcError): Refusal {
  const details = (error.details ?? {}) as { reason?: string; conflicts?: Conflict[]; overbookable?: boolean };
  return { message: error.message, conflicts: details.reason === 'conflicts' ? (details.conflicts ?? []) : [], overbookable: details.overbookable === true };
}
