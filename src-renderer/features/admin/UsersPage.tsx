import { useRef, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../src-shared/auth/permissions';
import { createUserInput, resetPasswordInput, type User } from '../../../src-shared/auth/schema';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { formatInstant } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { useSession } from '../../lib/session';
import { focusFirstError, SelectField, serverFieldErrors, TextField, zodFieldErrors, type FieldErrors } from '../auth/fields';
import { PASSWORD_HINT } from '../auth/SetupPage';
import { Loaded } from './Loaded';
import { ExpandableRow, TableHead } from './table';
import { useLoad } from './useLoad';

const ROLE_HINTS: Record<Role, string> = {
  front_desk: 'Patients: find, register, edit',
  records_clerk: 'Patients, restricted marks, merges, record requests, charts’ access reports',
  billing: 'Patients, payers (billing screens as they are built)',
  provider: 'Patients: read',
  office_manager: 'Patients, merges, record requests, providers, payers, settings, audit reports, backups',
  admin: 'Everything, including users and restricted charts',
};

/** Users: create, change role, disable/enable (never delete: the audit trail refers to them), reset password, unlock. */
export function UsersPage() {
  const version = useTableVersion('users');
  const [result, reload] = useLoad(() => call('users.list', {}), version);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const done = (text: string) => {
    setMessage(text);
    reload();
  };

  return (
    <section className="page page-wide" aria-labelledby="users-title" data-testid="users-page">
      <div className="page-head">
        <div>
          <h1 id="users-title">Users</h1>
          <p className="subtle">Everyone who signs in on this clinic’s workstations. Users are never deleted: disable them instead.</p>
        </div>
        {!creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)} data-testid="new-user">
            New user
          </button>
        )}
      </div>
      {message && (
        <div className="banner banner-info" role="status" data-testid="users-message">
          {message}
        </div>
      )}
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(user) => {
            setCreating(false);
            done(`${user.displayName} (${user.username}) can now sign in as ${ROLE_LABELS[user.role]}.`);
          }}
        />
      )}
      <Loaded result={result}>
        {({ items }) => (
          <table className="table" data-testid="users-table">
            <TableHead columns={['Name', 'Username', 'Role', 'Status', 'Created']} actions />
            <tbody>
              {items.map((user) => (
                <UserRow key={user.id} user={user} open={open === user.id} onToggle={() => setOpen(open === user.id ? null : user.id)} onDone={done} />
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}

function status(user: User): string {
  if (user.disabled) return 'Disabled';
  if (user.lockedUntil) return `Locked until ${formatInstant(user.lockedUntil)}`;
  return 'Active';
}

function UserRow({ user, open, onToggle, onDone }: { user: User; open: boolean; onToggle(): void; onDone(message: string): void }) {
  return (
    <ExpandableRow
      data-testid="user-row"
      data-username={user.username}
      className={user.disabled ? 'row-muted' : undefined}
      open={open}
      onToggle={onToggle}
      toggleLabel="Manage"
      toggleTestId="manage-user"
      colSpan={6}
      panel={<UserEditor user={user} onDone={onDone} />}
    >
      <td>
        <strong>{user.displayName}</strong>
      </td>
      <td className="mono">{user.username}</td>
      <td data-testid="user-role-cell">{ROLE_LABELS[user.role]}</td>
      <td data-testid="user-status">
        <span className={user.disabled ? 'pill pill-muted' : user.lockedUntil ? 'pill pill-danger' : 'pill pill-ok'}>{status(user)}</span>
      </td>
      <td>{formatInstant(user.createdAt)}</td>
    </ExpandableRow>
  );
}

function UserEditor({ user, onDone }: { user: User; onDone(message: string): void }) {
  const me = useSession((s) => s.info?.user.id);
  const [role, setRole] = useState<Role>(user.role);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `user-${user.id}`;

  useLeaveGuard(password !== '' || role !== user.role, 'A change to this user has not been saved.');

  const run = async <T,>(action: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string; fields?: Record<string, string> } }>, message: string) => {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (result.ok) {
      onDone(message);
      return true;
    }
    if (result.error.fields?.password) setPasswordError(result.error.fields.password);
    setError(result.error.message);
    return false;
  };

  const changeRole = async () => {
    if (role === user.role) return;
    const self = user.id === me;
    const ok = await askConfirm({
      title: `Make ${user.displayName} ${ROLE_LABELS[role]}?`,
      message: `${user.displayName} will be signed out everywhere and signs in again with the new role.${self ? ' That includes you, now.' : ''}`,
      confirmLabel: 'Change role',
      cancelLabel: 'Cancel',
    });
    if (ok) await run(() => call('users.update', { id: user.id, role }), `${user.displayName} is now ${ROLE_LABELS[role]}.`);
  };

  const toggleDisabled = async () => {
    if (!user.disabled) {
      const ok = await askConfirm({
        title: `Disable ${user.displayName}?`,
        message: `${user.displayName} is signed out everywhere and can no longer sign in. Their name stays in the audit trail. You can enable the account again later.`,
        confirmLabel: 'Disable',
        cancelLabel: 'Cancel',
      });
      if (!ok) return;
    }
    await run(
      () => call('users.update', { id: user.id, disabled: !user.disabled }),
      user.disabled ? `${user.displayName} can sign in again.` : `${user.displayName} is disabled.`,
    );
  };

  const resetPassword = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = resetPasswordInput.safeParse({ id: user.id, password });
    if (!parsed.success) {
      setPasswordError(zodFieldErrors<'password'>(parsed.error).password);
      document.getElementById(`${prefix}-password`)?.focus();
      return;
    }
    setPasswordError(undefined);
    const ok = await run(() => call('users.resetPassword', parsed.data), `${user.displayName}’s password was reset. Tell them the new one in person.`);
    if (ok) setPassword('');
  };

  return (
    <div className="user-editor" data-testid="user-editor">
      {error && (
        <div className="banner banner-error" role="alert" data-testid="user-editor-error">
          {error}
        </div>
      )}
      <div className="editor-grid">
        <div className="editor-block">
          <SelectField id={`${prefix}-role`} label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} hint={ROLE_HINTS[role]}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </SelectField>
          <button type="button" onClick={() => void changeRole()} disabled={busy || role === user.role} data-testid="change-role">
            Change role
          </button>
        </div>
        <form className="editor-block" noValidate onSubmit={(e) => void resetPassword(e)}>
          <TextField
            id={`${prefix}-password`}
            label="New password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordError}
            hint={PASSWORD_HINT}
          />
          <button type="submit" disabled={busy} data-testid="reset-password">
            Reset password
          </button>
        </form>
        <div className="editor-block editor-buttons">
          {user.lockedUntil && (
            <button type="button" onClick={() => void run(() => call('users.unlock', { id: user.id }), `${user.displayName} can sign in again.`)} disabled={busy} data-testid="unlock-user">
              Unlock sign-in
            </button>
          )}
          <button type="button" className={user.disabled ? undefined : 'danger-outline'} onClick={() => void toggleDisabled()} disabled={busy} data-testid="toggle-disabled">
            {user.disabled ? 'Enable account' : 'Disable account'}
          </button>
        </div>
      </div>
    </div>
  );
}

const NEW_FIELDS = ['displayName', 'username', 'role', 'password', 'confirm'] as const;
type NewField = (typeof NEW_FIELDS)[number];

function CreateUserForm({ onCancel, onCreated }: { onCancel(): void; onCreated(user: User): void }) {
  const [values, setValues] = useState<Record<NewField, string>>({ displayName: '', username: '', role: 'front_desk', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors<NewField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const dirty = values.displayName !== '' || values.username !== '' || values.password !== '';
  useLeaveGuard(dirty, 'The new user has not been created yet.');

  const set = (name: NewField) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: event.target.value }));
    setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
  };

  const cancel = async () => {
    if (
      dirty &&
      !(await askConfirm({ title: 'Discard this new user?', message: 'The new user has not been created yet.', confirmLabel: 'Discard', cancelLabel: 'Keep editing' }))
    )
      return;
    onCancel();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    const parsed = createUserInput.safeParse(values);
    const found: FieldErrors<NewField> = parsed.success ? {} : zodFieldErrors<NewField>(parsed.error);
    if (!found.confirm && values.confirm !== values.password) found.confirm = 'Does not match the password';
    if (!parsed.success || Object.keys(found).length > 0) {
      setErrors(found);
      setGeneral('Not created. Please correct the fields marked below.');
      focusFirstError(NEW_FIELDS, found, 'new-user-');
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setGeneral(null);
    const result = await call('users.create', parsed.data);
    inFlight.current = false;
    setBusy(false);
    if (!result.ok) {
      const split = serverFieldErrors(result.error, NEW_FIELDS);
      setErrors(split.fields);
      setGeneral(split.general);
      focusFirstError(NEW_FIELDS, split.fields, 'new-user-');
      return;
    }
    onCreated(result.value);
  };

  const field = (name: NewField) => ({ id: `new-user-${name}`, value: values[name], onChange: set(name), error: errors[name], required: true });
  const role = values.role as Role;

  return (
    <form
      className="panel create-user"
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          void cancel();
        }
      }}
      aria-labelledby="new-user-title"
      data-testid="create-user-form"
    >
      <h2 id="new-user-title">New user</h2>
      {general && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {general}
        </div>
      )}
      <div className="form-grid">
        <TextField {...field('displayName')} label="Full name" autoFocus hint="As colleagues should see it" />
        <TextField {...field('username')} label="Username" autoCapitalize="none" hint="Letters, digits, dot, dash, underscore" />
        <SelectField {...field('role')} label="Role" hint={ROLE_HINTS[role]}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        <div />
        <TextField {...field('password')} label="Password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} />
        <TextField {...field('confirm')} label="Confirm password" type="password" autoComplete="new-password" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="create-user">
          {busy ? 'Creating…' : 'Create user'}
        </button>
        <button type="button" onClick={() => void cancel()} disabled={busy}>
          Cancel
        </button>
        <span className="hint">
          <kbd>Enter</kbd> create · <kbd>Esc</kbd> cancel
        </span>
      </div>
    </form>
  );
}
