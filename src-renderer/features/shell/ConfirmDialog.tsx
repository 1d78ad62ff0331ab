import { useRef } from 'react';
import { useConfirm } from '../../lib/confirm';
import { ModalDialog } from './ModalDialog';

/** The app's one modal question. Esc or "Cancel" means no; the safe choice has the focus. */
export function ConfirmDialog() {
  const request = useConfirm((s) => s.request);
  const cancelRef = useRef<HTMLButtonElement>(null);

  if (!request) return null;
  return (
    <ModalDialog
      shownFor={request}
      initialFocus={cancelRef}
      className="overlay confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      data-testid="confirm-dialog"
      onEscape={() => request.resolve(false)}
    >
      <div className="overlay-panel">
        <h2 id="confirm-title">{request.title}</h2>
        <p id="confirm-message">{request.message}</p>
        <div className="actions">
          <button type="button" ref={cancelRef} onClick={() => request.resolve(false)}>
            {request.cancelLabel}
          </button>
          <button type="button" className="danger" onClick={() => request.resolve(true)}>
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
