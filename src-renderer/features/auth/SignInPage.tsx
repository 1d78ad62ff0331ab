import { useRef, useState, type FormEvent } from 'react';
import { signIn, useSession } from '../../lib/session';
import { CurrentPasswordField, TextField } from './fields';

/** Username and password; the service's message is shown as it is (wrong password, locked for N minutes…). */
export function SignInPage() {
  const clinicName = useSession((s) => s.clinicName);
  const notice = useSession((s) => s.notice);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!username.trim()) {
      setError('Type your username');
      usernameRef.current?.focus();
      return;
    }
    if (!password) {
      setError('Type your password');
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signIn(username, password);
    if (result.ok) return; // The signed-in screens replace this one.
    setBusy(false);
    setError(result.error.message);
    setPassword('');
    passwordRef.current?.focus();
  };

  return (
    <div className="auth-screen">
      <form className="auth-panel signin-panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="signin-title" data-testid="signin-form">
        <p className="auth-clinic">{clinicName ?? 'Clinic Office'}</p>
        <h1 id="signin-title">Sign in</h1>
        {notice && !error && (
          <div className="banner banner-info" role="status" data-testid="signin-notice">
            {notice}
          </div>
        )}
        {error && (
          <div className="banner banner-error" role="alert" data-testid="signin-error">
            {error}
          </div>
        )}
        <TextField
          id="signin-username"
          ref={usernameRef}
          label="Username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          autoFocus
        />
        <CurrentPasswordField id="signin-password" ref={passwordRef} value={password} onChange={setPassword} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} data-testid="signin-submit">
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <p className="hint">Forgot your password? An administrator can reset it in Admin → Users.</p>
      </form>
    </div>
  );
}
