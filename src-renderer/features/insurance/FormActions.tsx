/** A form's buttons: save (busy while sending), cancel, and the keys that do the same. */
export function FormActions({ submitLabel, submitting, onCancel, testId }: { submitLabel: string; submitting: boolean; onCancel(): void; testId: string }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={submitting} data-testid={testId}>
        {submitting ? 'Saving…' : submitLabel}
      </button>
      <button type="button" onClick={onCancel} disabled={submitting}>
        Cancel
      </button>
      <span className="hint">
        <kbd>Enter</kbd> save · <kbd>Esc</kbd> cancel
      </span>
    </div>
  );
}
