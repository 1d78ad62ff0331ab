import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import type { Appointment, WaitlistEntry } from '../../../src-shared/scheduling/schema';
import { occupiesSlot } from '../../../src-shared/scheduling/status';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { ModalDialog } from '../shell/ModalDialog';
import { enterSubmitsFromChoices } from './form-keys';
import { entryPatientName, preferencesLabel, providerNamed, spanLabel, typeNamed, useScheduleNames, waitingSince, type ScheduleNames } from './schedule-names';

type FreedSlot = MethodOutput<'waitlist.matches'>;

const NOBODY_FITS = 'No one on the waitlist fits this time.';

/**
 * In an appointment's panel, once the appointment no longer holds its time (still to come): offer
 * that time to the waitlist. Right after a cancellation it asks by itself; "Fill from waitlist…"
 * asks again later.
 */
export function FillFromWaitlist({ appointment }: { appointment: Appointment }) {
  const canBook = useCan('schedule.book');
  const [openedAt] = useState(() => Date.now());
  const freed = canBook && !occupiesSlot(appointment.status) && Date.parse(appointment.start) > openedAt;
  const heldBefore = useRef(occupiesSlot(appointment.status));
  const [slot, setSlot] = useState<FreedSlot | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [filled, setFilled] = useState(false);
  const asking = useRef(false);

  const ask = async () => {
    if (asking.current) return;
    asking.current = true;
    const result = await call('waitlist.matches', { id: appointment.id }).finally(() => {
      asking.current = false;
    });
    if (result.ok && result.value.entries.length > 0) {
      setNote(null);
      setSlot(result.value);
    } else setNote(result.ok ? NOBODY_FITS : result.error.message);
  };

  useEffect(() => {
    const justCancelled = heldBefore.current && appointment.status === 'cancelled';
    heldBefore.current = occupiesSlot(appointment.status);
    if (justCancelled && freed) void ask();
    // Only a change of status asks; `ask` and `freed` follow from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appointment.status]);

  if (!freed) return null;
  return (
    <div className="waitlist-fill" data-testid="waitlist-fill">
      {note && (
        <p className="hint" role="status" data-testid="waitlist-fill-note">
          {note}
        </p>
      )}
      {!filled && (
        <button type="button" onClick={() => void ask()} data-testid="appointment-fill-waitlist">
          Fill from waitlist…
        </button>
      )}
      {slot && (
        <FreedSlotDialog
          appointmentId={appointment.id}
          slot={slot}
          onClose={(booked) => {
            setSlot(null);
            if (booked) {
              setFilled(true);
              setNote(booked);
            }
          }}
        />
      )}
    </div>
  );
}

/**
 * "This time is free": the waitlisted patients a freed time suits, longest waiting first (the
 * first chosen). Book puts the chosen one into it and takes them off the waitlist; if the time
 * was taken meanwhile, says so and shows who it still suits.
 */
export function FreedSlotDialog({ appointmentId, slot, onClose }: { appointmentId: string; slot: FreedSlot; onClose(booked?: string): void }) {
  const names = useScheduleNames();
  return (
    <ModalDialog className="overlay freed-slot-dialog" aria-labelledby="freed-slot-title" data-testid="freed-slot-dialog" onEscape={() => onClose()}>
      <div className="overlay-panel">
        <Loaded result={names}>{(loaded) => <FreedSlotChoice appointmentId={appointmentId} initial={slot} names={loaded} onClose={onClose} />}</Loaded>
      </div>
    </ModalDialog>
  );
}

function FreedSlotChoice({ appointmentId, initial, names, onClose }: { appointmentId: string; initial: FreedSlot; names: ScheduleNames; onClose(booked?: string): void }) {
  const [slot, setSlot] = useState(initial);
  const [chosenId, setChosenId] = useState<string | null>(initial.entries[0]?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const chosen = slot.entries.find((entry) => entry.id === chosenId) ?? null;

  const book = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return setError('Choose a patient');
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const result = await call('appointments.book', {
      patientId: chosen.patientId,
      providerId: slot.providerId,
      appointmentTypeId: chosen.appointmentTypeId,
      date: slot.local.date,
      time: slot.local.start,
      note: null,
      waitlistEntryId: chosen.id,
    });
    if (result.ok) return onClose(`Booked ${entryPatientName(chosen)} into this time: ${typeNamed(names, chosen.appointmentTypeId)}, ${result.value.local.start}–${result.value.local.end}.`);
    setError(result.error.message);
    const again = await call('waitlist.matches', { id: appointmentId });
    if (again.ok) {
      setSlot(again.value);
      setChosenId(again.value.entries[0]?.id ?? null);
    }
    inFlight.current = false;
    setBusy(false);
  };

  return (
    <form noValidate onSubmit={(e) => void book(e)} onKeyDown={enterSubmitsFromChoices} data-testid="freed-slot-form">
      <h2 id="freed-slot-title">
        This time is free: {spanLabel(slot.local)} with {providerNamed(names, slot.providerId)}
      </h2>
      {error && (
        <p className="banner banner-error" role="alert" data-testid="freed-slot-error">
          {error}
        </p>
      )}
      {slot.entries.length === 0 ? (
        <p data-testid="freed-slot-none">{NOBODY_FITS}</p>
      ) : (
        <fieldset className="freed-slot-entries">
          <legend>Waiting for a time like this, longest waiting first</legend>
          {slot.entries.map((entry, index) => (
            <EntryChoice key={entry.id} entry={entry} names={names} checked={entry.id === chosenId} autoFocus={index === 0} onChoose={() => setChosenId(entry.id)} />
          ))}
        </fieldset>
      )}
      <div className="actions">
        {chosen && (
          <button type="submit" className="primary" disabled={busy} data-testid="freed-slot-book">
            {busy ? 'Booking…' : `Book ${entryPatientName(chosen)}`}
          </button>
        )}
        <button type="button" onClick={() => onClose()} disabled={busy} autoFocus={slot.entries.length === 0} data-testid="freed-slot-close">
          {slot.entries.length === 0 ? 'Close' : 'Not now'}
        </button>
        {chosen && (
          <span className="hint">
            <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> book · <kbd>Esc</kbd> not now
          </span>
        )}
      </div>
    </form>
  );
}

function EntryChoice({ entry, names, checked, autoFocus, onChoose }: { entry: WaitlistEntry; names: ScheduleNames; checked: boolean; autoFocus: boolean; onChoose(): void }) {
  const type = names.types.find((t) => t.id === entry.appointmentTypeId);
  return (
    <label className={checked ? 'freed-slot-entry chosen' : 'freed-slot-entry'} data-testid="freed-slot-entry">
      <input type="radio" name="freed-slot-entry" checked={checked} autoFocus={autoFocus} onChange={onChoose} />
      <span>
        <strong>{entryPatientName(entry)}</strong>
        {entry.patient && <span className="mono subtle"> ({entry.patient.mrn})</span>}
        <span className="hint freed-slot-wish">
          {typeNamed(names, entry.appointmentTypeId)}
          {type ? ` (${type.durationMinutes} min)` : ''} · {providerNamed(names, entry.providerId)} · {preferencesLabel(entry)} · waiting since {waitingSince(entry.createdAt)}
        </span>
      </span>
    </label>
  );
}
