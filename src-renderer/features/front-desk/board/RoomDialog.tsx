import { useRef, useState, type FormEvent } from 'react';
import type { Board } from '../../../../src-shared/front-desk/board-schema';
import { ModalDialog } from '../../shell/ModalDialog';

interface RoomDialogProps {
  patient: string;
  rooms: Board['rooms'];
  /** Rooms a patient is in now (the service refuses them too, also when another workstation just used one). */
  occupied: ReadonlySet<string>;
  /** Resolves to the service's refusal, or null once roomed. */
  onRoom(roomId: string): Promise<string | null>;
  onClose(): void;
}

/** Rooming: pick a free room (↑/↓ between them, Enter rooms the patient, Esc closes). */
export function RoomDialog({ patient, rooms, occupied, onRoom, onClose }: RoomDialogProps) {
  const usable = rooms.filter((room) => room.active);
  const [chosen, setChosen] = useState(() => usable.find((room) => !occupied.has(room.id))?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const firstFree = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return setError('Choose a room');
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    const refusal = await onRoom(chosen).finally(() => {
      inFlight.current = false;
      setBusy(false);
    });
    if (refusal) setError(refusal);
  };

  return (
    <ModalDialog className="overlay board-room-dialog" aria-labelledby="board-room-title" data-testid="board-room-dialog" onEscape={onClose} initialFocus={firstFree}>
      <form className="overlay-panel" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id="board-room-title">Room {patient}</h2>
        <fieldset className="board-room-list">
          <legend className="visually-hidden">Room</legend>
          {usable.map((room) => {
            const taken = occupied.has(room.id);
            return (
              <label key={room.id} className={taken ? 'checkbox-line board-room-taken' : 'checkbox-line'}>
                <input
                  ref={room.id === chosen ? firstFree : undefined}
                  type="radio"
                  name="board-room"
                  value={room.id}
                  checked={chosen === room.id}
                  disabled={taken}
                  onChange={() => setChosen(room.id)}
                  data-testid="board-room-choice"
                />{' '}
                {room.name}
                {taken && <span className="hint"> · occupied</span>}
              </label>
            );
          })}
        </fieldset>
        {error && (
          <p className="banner banner-error" role="alert" data-testid="board-room-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !chosen} data-testid="board-room-submit">
            {busy ? 'Rooming…' : 'Room the patient'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <p className="hint">
          <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> room · <kbd>Esc</kbd> cancel
        </p>
      </form>
    </ModalDialog>
  );
}
