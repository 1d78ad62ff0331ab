import { useMemo, useRef, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { weekdayOf } from '../../../src-shared/scheduling/clinic-time';
import type { AppointmentType } from '../../../src-shared/scheduling/schema';
import { askConfirm } from '../../lib/confirm';
import { formatDate } from '../../lib/format';
import { formKeys } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { ProviderOptions } from './ProviderOptions';
import { FieldShell, fieldAriaOf } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { ModalDialog } from '../shell/ModalDialog';
import { ConflictList, placeRefusal, refusedVisitDates, type Refusal } from './ConflictList';
import type { Day, SlotChoice } from './DayGrid';
import { useEscapeRoute, useEscapeTo, type EscapeRoute } from './escape-route';
import { PatientPicker, type ChosenPatient } from './PatientPicker';
import { RepeatFields, VisitPreviewList } from './RepeatFields';
import { checkRepeat, previewVisits, REPEAT_FIELDS, type RepeatValues } from './series-preview';

interface BookingValues extends RepeatValues {
  providerId: string;
  appointmentTypeId: string;
  time: string;
  durationMinutes: string;
  note: string;
  overbookReason: string;
}
const FIELDS = ['providerId', 'appointmentTypeId', 'time', 'durationMinutes', 'note', 'overbookReason', ...REPEAT_FIELDS] as const;
const UNSAVED_MESSAGE = 'This booking has not been saved.';

/** Books one appointment from a free time of the day view: patient, type, time and length (prefilled from the slot and the type). */
export function BookingDialog({ start, day, onClose }: { start: SlotChoice; day: Day; onClose(): void }) {
  const [types] = useLoad(() => call('schedule.types.list', {}), null);
  const [escapeRoute, escape] = useEscapeRoute(onClose);
  return (
    <ModalDialog className="overlay booking-dialog" aria-labelledby="booking-title" data-testid="booking-dialog" onEscape={escape}>
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
              <BookingForm start={start} day={day} types={value.items} onClose={onClose} escapeRoute={escapeRoute} />
            )
          }
        </Loaded>
      </div>
    </ModalDialog>
  );
}

interface BookingFormProps {
  start: SlotChoice;
  day: Day;
  types: AppointmentType[];
  onClose(): void;
  escapeRoute: EscapeRoute;
}

function BookingForm({ start, day, types, onClose, escapeRoute }: BookingFormProps) {
  const first = types[0]!;
  const methods = useForm<BookingValues>({
    defaultValues: {
      providerId: start.providerId,
      appointmentTypeId: first.id,
      time: start.time,
      durationMinutes: String(first.durationMinutes),
      note: '',
      overbookReason: '',
      repeat: false,
      weekdays: [weekdayOf(day.date)],
      everyWeeks: '1',
      ends: '',
      until: '',
      count: '',
    },
  });
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    control,
    formState: { errors, isDirty, isSubmitting },
  } = methods;
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const [patientError, setPatientError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [overbooking, setOverbooking] = useState(false);
  const inFlight = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  useLeaveGuard(isDirty || patient !== null, UNSAVED_MESSAGE);

  const [repeat, time, weekdays, everyWeeks, ends, until, count] = useWatch({ control, name: ['repeat', 'time', 'weekdays', 'everyWeeks', 'ends', 'until', 'count'] });
  const preview = useMemo(
    () => (repeat ? previewVisits(day.timeZone, day.date, time, { repeat, weekdays, everyWeeks, ends, until, count }) : null),
    [repeat, time, weekdays, everyWeeks, ends, until, count, day.timeZone, day.date],
  );

  const request = (patientId: string, values: BookingValues) => {
    const common = {
      patientId,
      providerId: values.providerId,
      appointmentTypeId: values.appointmentTypeId,
      time: values.time,
      durationMinutes: Number(values.durationMinutes),
      note: values.note,
      ...(overbooking ? { overbookReason: values.overbookReason } : {}),
    };
    if (!values.repeat) return call('appointments.book', { ...common, date: day.date });
    const series = checkRepeat(values, day.date);
    if (!series.ok) {
      setError(series.field, { type: 'repeat', message: series.message }, { shouldFocus: true });
      return null;
    }
    return call('appointments.bookSeries', { ...common, startDate: day.date, weekdays: series.weekdays, everyWeeks: series.everyWeeks, ...series.end });
  };

  const book = async (values: BookingValues) => {
    if (!patient) return setPatientError('Choose the patient');
    if (inFlight.current) return;
    const sent = request(patient.id, values);
    if (!sent) return;
    inFlight.current = true;
    setRefusal(null);
    const result = await sent.finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onClose();
    setRefusal(placeRefusal(result.error, FIELDS, setError, () => setOverbooking(true)));
    // The submit button was disabled while booking, which took the focus out of the form.
    if (!form.current?.contains(document.activeElement)) setFocus('time');
  };

  const close = async () => {
    const discard = { title: 'Discard this booking?', message: UNSAVED_MESSAGE, confirmLabel: 'Discard', cancelLabel: 'Keep editing' };
    if ((isDirty || patient) && !(await askConfirm(discard))) return;
    onClose();
  };
  useEscapeTo(escapeRoute, () => void close());
  const id = fieldAriaOf<keyof BookingValues>('booking-', errors);
  const providerName = (providerId: string | undefined) => day.providers.find((p) => p.id === providerId)?.displayName ?? 'another provider';
  const refusedDates = refusal ? refusedVisitDates(refusal) : [];
  const refusedVisits = preview?.ok ? `${refusedDates.length} of the ${preview.visits.length} visits` : `${refusedDates.length} visit(s)`;
  const seriesSummary = refusedDates.length > 0 ? `${refusedVisits} cannot be booked, so none was booked.` : undefined;

  return (
    <FormProvider {...methods}>
      <form ref={form} className="booking-form booking-columns" noValidate onSubmit={(e) => void handleSubmit(book)(e)} onKeyDown={formKeys(() => void close())} data-testid="booking-form">
        <div className="booking-main">
          <PatientPicker
            patient={patient}
            onChange={(chosen) => {
              setPatient(chosen);
              setPatientError(null);
            }}
            error={patientError}
            testId="booking"
          />
          <FieldShell id="booking-providerId" label="Provider" error={errors.providerId?.message}>
            <select {...id('providerId')} {...register('providerId')}>
              <ProviderOptions providers={day.providers} />
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
        </div>
        <div className="booking-side">
          <RepeatFields />
          {preview && <VisitPreviewList preview={preview} refusedDates={refusedDates} />}
          {refusal && (
            <ConflictList
              refusal={refusal}
              summary={seriesSummary}
              retry="book"
              otherwise={seriesSummary ? 'Change the time, the days or the provider, or end the series earlier.' : 'Choose another time or provider.'}
              providerName={providerName}
              testId="booking-conflict"
            />
          )}
        </div>
        <div className="booking-actions">
          <FormActions
            submitLabel={`${overbooking ? 'Overbook' : 'Book'}${preview?.ok ? ` ${preview.visits.length} ${preview.visits.length === 1 ? 'visit' : 'visits'}` : ''}`}
            busyLabel="Booking…"
            enterAction="book"
            submitting={isSubmitting}
            onCancel={() => void close()}
            testId="booking-submit"
          />
        </div>
      </form>
    </FormProvider>
  );
}
