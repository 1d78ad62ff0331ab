import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { RpcError } from '../../../src-shared/rpc/errors';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { askConfirm } from '../../lib/confirm';
import { formatDate } from '../../lib/format';
import { formKeys } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { ProviderOptions } from './ProviderOptions';
import { FieldShell, fieldAriaOf } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { ModalDialog } from '../shell/ModalDialog';
import type { Day } from './DayGrid';
import { patientLabel } from './labels';
import { ConflictList, placeRefusal, refusalOf, type Refusal } from './ConflictList';

export interface MoveValues {
  date: string;
  time: string;
  providerId: string;
  overbookReason: string;
}
const FIELDS = ['date', 'time', 'providerId', 'overbookReason'] as const;
const UNSAVED_MESSAGE = 'This appointment has not been moved.';

export type MoveResult = { ok: true; appointment: Appointment } | { ok: false; error: RpcError };

/** Reschedules to the values given (the length stays); the old appointment becomes "rescheduled" once the service accepts. */
export async function moveAppointment(appointment: Appointment, values: Omit<MoveValues, 'overbookReason'> & { overbookReason?: string }): Promise<MoveResult> {
  const result = await call('appointments.reschedule', {
    id: appointment.id,
    date: values.date,
    time: values.time,
    providerId: values.providerId,
    ...(values.overbookReason ? { overbookReason: values.overbookReason } : {}),
  });
  return result.ok ? { ok: true, appointment: result.value.appointment } : { ok: false, error: result.error };
}

interface MoveDialogProps {
  appointment: Appointment;
  day: Day;
  /** Where to (a refused drag brings its drop and the refusal); by default where it is now. */
  target?: Omit<MoveValues, 'overbookReason'> | undefined;
  refused?: RpcError | undefined;
  onClose(): void;
  onMoved(moved: Appointment): void;
}

/** Moves one appointment to another date, time or provider without a mouse: the keyboard way of dragging it. */
export function MoveDialog({ appointment, day, target, refused, onClose, onMoved }: MoveDialogProps) {
  const initialRefusal = refused ? refusalOf(refused) : null;
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<MoveValues>({
    defaultValues: { ...(target ?? { date: appointment.local.date, time: appointment.local.start, providerId: appointment.providerId }), overbookReason: '' },
  });
  const [refusal, setRefusal] = useState<Refusal | null>(initialRefusal);
  const [overbooking, setOverbooking] = useState(initialRefusal?.overbookable === true);
  const inFlight = useRef(false);
  const reasonInput = useRef<HTMLInputElement | null>(null);
  const reasonField = register('overbookReason');
  useLeaveGuard(isDirty, UNSAVED_MESSAGE);
  const providers = day.providers.filter((provider) => provider.active || provider.id === appointment.providerId);
  const nameOf = (providerId: string | undefined) => day.providers.find((provider) => provider.id === providerId)?.displayName ?? 'another provider';

  const move = async (values: MoveValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRefusal(null);
    const result = await moveAppointment(appointment, overbooking ? values : { ...values, overbookReason: '' }).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onMoved(result.appointment);
    setRefusal(placeRefusal(result.error, FIELDS, setError, () => setOverbooking(true)));
  };
  const close = async () => {
    const discard = { title: 'Leave the appointment where it is?', message: UNSAVED_MESSAGE, confirmLabel: 'Leave it', cancelLabel: 'Keep editing' };
    if (isDirty && !(await askConfirm(discard))) return;
    onClose();
  };
  const id = fieldAriaOf<keyof MoveValues>('move-', errors);

  return (
    <ModalDialog
      className="overlay move-dialog"
      aria-labelledby="move-title"
      data-testid="move-dialog"
      onEscape={() => void close()}
      {...(initialRefusal?.overbookable ? { initialFocus: reasonInput } : {})}
    >
      <div className="overlay-panel">
        <h2 id="move-title">Move appointment · {patientLabel(appointment)}</h2>
        <p className="hint" data-testid="move-now">
          Now {formatDate(appointment.local.date)} {appointment.local.start}–{appointment.local.end} with {nameOf(appointment.providerId)}, {appointment.typeName}. The length stays the same.
        </p>
        <div className="booking-layout">
          <form className="booking-form" noValidate onSubmit={(e) => void handleSubmit(move)(e)} onKeyDown={formKeys(() => void close())} data-testid="move-form">
            <div className="booking-when">
              <FieldShell id="move-date" label="Date" error={errors.date?.message}>
                <input type="date" autoFocus={!overbooking} {...id('date')} {...register('date', { required: 'Enter a date' })} />
              </FieldShell>
              <FieldShell id="move-time" label="Time" error={errors.time?.message}>
                <input type="time" step={300} {...id('time')} {...register('time', { required: 'Enter a time' })} />
              </FieldShell>
            </div>
            <FieldShell id="move-providerId" label="Provider" error={errors.providerId?.message}>
              <select {...id('providerId')} {...register('providerId')}>
                <ProviderOptions providers={providers} />
              </select>
            </FieldShell>
            {overbooking && (
              <FieldShell id="move-overbookReason" label="Overbook reason" required error={errors.overbookReason?.message} hint="Moves it over the conflict; the reason is logged.">
                <input
                  type="text"
                  autoComplete="off"
                  autoFocus
                  {...id('overbookReason')}
                  {...reasonField}
                  ref={(input) => {
                    reasonField.ref(input);
                    reasonInput.current = input;
                  }}
                  data-testid="move-overbook-reason"
                />
              </FieldShell>
            )}
            <FormActions submitLabel={overbooking ? 'Overbook here' : 'Move'} busyLabel="Moving…" enterAction="move" submitting={isSubmitting} onCancel={() => void close()} testId="move-submit" />
          </form>
          {refusal && <ConflictList refusal={refusal} retry="move" otherwise="Choose another time or provider." providerName={nameOf} testId="move-conflict" />}
        </div>
      </div>
    </ModalDialog>
  );
}
