import { useEffect, useRef, type ComponentPropsWithoutRef, type RefObject } from 'react';

type ModalDialogProps = Omit<ComponentPropsWithoutRef<'dialog'>, 'open' | 'onCancel'> & {
  /** Opens (again) whenever this changes to a truthy value; by default once, while it is mounted. */
  shownFor?: unknown;
  /** Takes the focus on opening; without it the browser picks the first control. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Escape: the dialog never closes itself (its owner unmounts it); without this, Escape does nothing. A dialog opened from another closes alone. */
  onEscape?(): void;
};

/** The app's modal <dialog>: shown as a modal while mounted; on closing, the focus goes back to where the user was. */
export function ModalDialog({ shownFor = true, initialFocus, onEscape, ...dialogProps }: ModalDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !shownFor) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    initialFocus?.current?.focus();
    return () => {
      dialog.close();
      if (opener?.isConnected) opener.focus();
    };
    // `initialFocus` is a ref: it says where, not when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownFor]);
  return (
    <dialog
      ref={dialogRef}
      {...dialogProps}
      onCancel={(event) => {
        event.preventDefault();
        // React hands the cancel on to the dialogs around this one in the component tree: Escape closes the innermost only.
        event.stopPropagation();
        onEscape?.();
      }}
    />
  );
}
