interface FormActionsProps {
  submitLabel: string;
  /** The submit button's text while sending. */
  busyLabel?: string;
  /** What Enter does, in the key hint. */
  enterAction?: string;
  submitting: boolean;
  onCancel(): void;
  testId: string;
}

/** A form's buttons: submit (busy while sending), cancel, and the keys that do the same. */
export function FormActions({ submitLabel, busyLabel = 'Saving…', enterAction = 'save', submitting, onCancel, testId }: FormActionsProps) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={submitting} data-testid={testId}>
        {submitting ? busyLabel : submitLabel}
      </button>
      <button type="button" onClick={onCancel} disabled={submitting}>
        Cancel
      </button>
      <span className="hint">
        <kbd>Enter</kbd> {enterAction} · <kbd>Esc</kbd> cancel
      </span>
    </div>
  );
}
