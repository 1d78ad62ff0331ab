import { useEffect, useRef } from 'react';
import { useConfirm } from '../../lib/confirm';

/** The app's one modal question. Esc or "Cancel" means no; the safe choice has the focus. */
export function ConfirmDialog() {
  const request = useConfirm((s) => s.request);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !request) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [request]);

  if (!request) return null;
  return (
    <dialog
      ref={dialogRef}
      className="overlay confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        request.resolve(false);
      }}
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
    </dialog>
  );
}
