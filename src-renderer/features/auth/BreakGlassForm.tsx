import { useRef, useState, type FormEvent } from 'react';
import { breakGlassInput } from '../../../src-shared/auth/schema';
import type { Permission } from '../../../src-shared/auth/permissions';
import { call } from '../../lib/rpc';
import { applySessionInfo } from '../../lib/session';
import { TextAreaField } from './fields';

export type BreakGlassTarget = { patientId: string } | { permission: Permission };

interface BreakGlassFormProps {
  target: BreakGlassTarget;
  submitLabel: string;
  /** Called once access is granted (the session's permissions are already updated). */
  onGranted(): void;
}

/**
 * Emergency access ("break-glass"): allowed with a stated reason, which is written to the audit
 * log, flagged, and listed on the administrator's report.
 */
export function BreakGlassForm({ target, submitLabel, onGranted }: BreakGlassFormProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = breakGlassInput.safeParse({ reason, ...target });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Say why');
      ref.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await call('auth.breakGlass', parsed.data);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.fields?.reason ?? result.error.message);
      ref.current?.focus();
      return;
    }
    applySessionInfo(result.value);
    onGranted();
  };

  return (
    <form className="break-glass-form" noValidate onSubmit={(e) => void submit(e)} data-testid="break-glass-form">
      <TextAreaField
        id="break-glass-reason"
        ref={ref}
        label="Reason for emergency access"
        required
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={error ?? undefined}
        hint="At least 10 characters, e.g. “Patient at the desk needs an urgent appointment; chart owner unavailable”. Recorded with your name and the time, and reviewed by the administrator."
        onKeyDown={(e) => {
          // Ctrl+Enter sends from the text box (Enter makes a new line).
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <div className="actions">
        <button type="submit" className="danger" disabled={busy} data-testid="break-glass-submit">
          {busy ? 'Opening…' : submitLabel}
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>
          <kbd>Enter</kbd> send
        </span>
      </div>
    </form>
  );
}
