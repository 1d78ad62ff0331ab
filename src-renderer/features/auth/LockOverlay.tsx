import { useRef, useState, type FormEvent } from 'react';
import { ROLE_LABELS } from '../../../src-shared/auth/permissions';
import { askConfirm } from '../../lib/confirm';
import { hasUnsavedWork } from '../../lib/navigation';
import { signOut, unlock, useSession, type LockReason } from '../../lib/session';
import { ModalDialog } from '../shell/ModalDialog';
import { CurrentPasswordField } from './fields';

const WHY: Record<LockReason, string> = {
  idle: 'The screen locked after a while without activity.',
  manual: 'The screen is locked.',
  service: 'The screen is locked.',
  expired: 'Your session has ended (signed out elsewhere, the clinic service restarted, or the day’s session ran out).',
};

/**
 * Covers the whole window (nothing of the screen beneath shows through) without unmounting it:
 * the same user unlocks and goes on where they were, with anything half-typed intact.
 */
export function LockOverlay() {
  const lock = useSession((s) => s.lock);
  return lock ? <LockDialog reason={lock} /> : null;
}

function LockDialog({ reason }: { reason: LockReason }) {
  const user = useSession((s) => s.info?.user ?? null);
  const clinicName = useSession((s) => s.clinicName);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!password) {
      setError('Type your password');
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await unlock(password);
    setBusy(false);
    if (result.ok) return;
    setPassword('');
    setError(result.error.fields?.password ?? result.error.message);
    passwordRef.current?.focus();
  };

  const someoneElse = async () => {
    const name = user?.displayName ?? 'the earlier user';
    if (
      hasUnsavedWork() &&
      !(await askConfirm({
        title: 'Discard unsaved input?',
        message: `${name} has typed something that has not been saved. If you sign in as someone else, it is discarded and ${name}’s session ends.`,
        confirmLabel: 'Discard and sign in',
        cancelLabel: 'Go back',
      }))
    ) {
      passwordRef.current?.focus();
      return;
    }
    await signOut(`${name} was signed out. Unsaved input was discarded.`);
  };

  const expired = reason === 'expired';
  return (
    // On unlock the focus goes back to the field the user was typing in.
    <ModalDialog
      initialFocus={passwordRef}
      className="overlay lock-overlay"
      aria-labelledby="lock-title"
      aria-describedby="lock-why"
      data-testid="lock-overlay"
      data-reason={reason}
      // Esc does not close the lock (no onEscape); shortcuts meant for the screen beneath must not reach it.
      onKeyDown={(e) => e.stopPropagation()}
    >
      <form className="overlay-panel lock-panel" noValidate onSubmit={(e) => void submit(e)}>
        <p className="auth-clinic">{clinicName ?? 'Clinic Office'}</p>
        <h1 id="lock-title">{expired ? 'Sign in again' : 'Locked'}</h1>
        <p id="lock-why" className="subtle">
          {WHY[reason]}
        </p>
        {user && (
          <p className="lock-user" data-testid="lock-user">
            <strong>{user.displayName}</strong> <span className="subtle">({user.username}, {ROLE_LABELS[user.role]})</span>
          </p>
        )}
        <p className="hint">What was on the screen is kept. {expired ? 'Sign in' : 'Unlock'} with your password to go on where you were.</p>
        {error && (
          <div className="banner banner-error" role="alert" data-testid="lock-error">
            {error}
          </div>
        )}
        <CurrentPasswordField id="lock-password" ref={passwordRef} value={password} onChange={setPassword} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} data-testid="unlock-submit">
            {busy ? 'Checking…' : expired ? 'Sign in' : 'Unlock'}
          </button>
          <button type="button" onClick={() => void someoneElse()} disabled={busy} data-testid="lock-switch-user">
            Sign in as someone else
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
