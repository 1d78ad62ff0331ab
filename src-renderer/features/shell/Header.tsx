import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import { ROLE_LABELS } from '../../../src-shared/auth/permissions';
import { askConfirm } from '../../lib/confirm';
import { hasUnsavedWork } from '../../lib/navigation';
import { call, useConnection } from '../../lib/rpc';
import { lockScreen, signOut, useSession } from '../../lib/session';
import { openSearchOverlay } from '../search/search-overlay-store';

type SystemInfo = MethodOutput<'system.info'>;

const RUNTIME_LABEL: Record<SystemInfo['runtime'], string> = {
  electron: 'Desktop app',
  browser: 'Browser mode',
};

export function Header() {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const connection = useConnection((s) => s.state);
  const clinicName = useSession((s) => s.clinicName);

  useEffect(() => {
    let current = true;
    void call('system.info', {}).then((result) => {
      if (current && result.ok) setInfo(result.value);
    });
    return () => {
      current = false;
    };
  }, [connection]);

  return (
    <header className="app-header">
      <span className="app-name" data-testid="clinic-name" title={clinicName ?? undefined}>
        {clinicName ?? 'Clinic Office'}
      </span>
      <button type="button" className="header-search" onClick={openSearchOverlay} data-testid="open-search" aria-keyshortcuts="Control+K">
        <span>Find patient…</span>
        <kbd>Ctrl</kbd>
        <kbd>K</kbd>
      </button>
      <span className="header-facts" data-testid="system-info">
        {info ? (
          <>
            <span title="This workstation's code: the first part of every MRN registered here">
              Workstation <strong className="mono">{info.workstationCode}</strong>
            </span>
            <span>{RUNTIME_LABEL[info.runtime]}</span>
            <span title={`Database schema ${info.schemaVersion}`}>v{info.appVersion}</span>
          </>
        ) : null}
      </span>
      <UserMenu />
    </header>
  );
}

/** Who is signed in, and the two ways to step away: Lock (keeps the screen) and Sign out. */
function UserMenu() {
  const user = useSession((s) => s.info?.user ?? null);
  if (!user) return null;
  const leave = async () => {
    if (
      hasUnsavedWork() &&
      !(await askConfirm({
        title: 'Sign out and discard unsaved input?',
        message: 'Something typed on this screen has not been saved. Signing out discards it. Lock the screen instead to keep it.',
        confirmLabel: 'Discard and sign out',
        cancelLabel: 'Keep editing',
      }))
    )
      return;
    await signOut('You signed out.');
  };
  return (
    <span className="user-menu" data-testid="user-menu">
      <span className="user-who">
        <strong data-testid="user-name">{user.displayName}</strong>
        <span className="subtle" data-testid="user-role">
          {ROLE_LABELS[user.role]}
        </span>
      </span>
      <button type="button" onClick={() => lockScreen('manual')} data-testid="lock-now" title="Lock the screen; your work stays open">
        Lock
      </button>
      <button type="button" onClick={() => void leave()} data-testid="sign-out">
        Sign out
      </button>
    </span>
  );
}

const CONNECTION_MESSAGE = {
  online: null,
  unreachable: 'Cannot reach the clinic service. What you have typed stays on screen; save again once the service is back.',
  unauthorized:
    'The clinic service did not accept this window’s access token (it may have been restarted). Open the address it printed when it started.',
} as const;

/** A persistent banner while the service cannot be reached or refuses this window. */
export function ConnectionBanner() {
  const state = useConnection((s) => s.state);
  const message = CONNECTION_MESSAGE[state];
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="connection-banner">
      {message}
    </div>
  );
}
