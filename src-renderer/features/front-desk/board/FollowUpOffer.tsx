import { useRef } from 'react';
import { addDays } from '../../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../../src-shared/scheduling/schema';
import { navigate } from '../../../lib/navigation';
import { patientLabel } from '../../schedule/labels';
import { followUpPath } from '../../schedule/schedule-paths';
import { ModalDialog } from '../../shell/ModalDialog';

/** After check-out: book the follow-up now (find next available for this patient, provider and type), or not. */
export function FollowUpOffer({ appointment, onClose }: { appointment: Appointment; onClose(): void }) {
  const book = useRef<HTMLButtonElement>(null);
  return (
    <ModalDialog className="overlay board-follow-up" aria-labelledby="board-follow-up-title" data-testid="board-follow-up" onEscape={onClose} initialFocus={book}>
      <div className="overlay-panel">
        <h2 id="board-follow-up-title">Checked out: {patientLabel(appointment)}</h2>
        <p>Book the follow-up now? The free times with the same provider and type from tomorrow on are looked up for this patient.</p>
        <div className="actions">
          <button
            ref={book}
            type="button"
            className="primary"
            onClick={() =>
              navigate(
                followUpPath({
                  patientId: appointment.patientId,
                  providerId: appointment.providerId,
                  appointmentTypeId: appointment.appointmentTypeId,
                  earliestDate: addDays(appointment.local.date, 1),
                }),
              )
            }
            data-testid="board-book-follow-up"
          >
            Book follow-up
          </button>
          <button type="button" onClick={onClose} data-testid="board-follow-up-later">
            Not now
          </button>
          <span className="hint">
            <kbd>Enter</kbd> book · <kbd>Esc</kbd> not now
          </span>
        </div>
      </div>
    </ModalDialog>
  );
}
