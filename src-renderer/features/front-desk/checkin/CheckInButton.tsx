import { useState } from 'react';
import type { Appointment } from '../../../../src-shared/scheduling/schema';
import { clinicTimeZone } from '../../../../src-shared/scheduling/clinic-time';
import { localIsoDate } from '../../../../src-shared/validation/dates';
import { useCan } from '../../../lib/session';
import { CheckInDialog } from './CheckInDialog';

/** Today in the clinic's time zone (this computer's when it is not known). */
function clinicToday(timeZone: string | null): string {
  return timeZone ? clinicTimeZone(timeZone).dateOf(Date.now()) : localIsoDate();
}

/**
 * Opens the check-in dialog for one of today's appointments: "Check in…" while it is booked or
 * confirmed, "Check-in details…" (to see it, print the receipt or undo) once the patient has arrived.
 */
export function CheckInButton({ appointment, timeZone }: { appointment: Appointment; timeZone: string | null }) {
  const mayCheckIn = useCan('frontdesk.checkin');
  const [open, setOpen] = useState(false);
  const today = appointment.local.date === clinicToday(timeZone);
  const label = appointment.status === 'booked' || appointment.status === 'confirmed' ? 'Check in…' : appointment.status === 'arrived' ? 'Check-in details…' : null;
  const shown = mayCheckIn && today && label !== null;
  // Once open, the dialog stays until it is closed, whatever the status becomes meanwhile.
  if (!open && !shown) return null;
  return (
    <>
      {shown && (
        <div className="actions">
          <button type="button" className={label === 'Check in…' ? 'primary' : undefined} onClick={() => setOpen(true)} data-testid="appointment-check-in">
            {label}
          </button>
        </div>
      )}
      {open && <CheckInDialog appointmentId={appointment.id} onClose={() => setOpen(false)} />}
    </>
  );
}
