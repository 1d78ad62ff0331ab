import { PERMISSIONS, type Permission, type Role } from '../../src-shared/auth/permissions';

export interface Session {
  /** Null for the workstation's own session (scripts, tests, first-run set-up). */
  id: string | null;
  /** The signed-in user, recorded as the author of every op the session writes. */
  userId: string | null;
  role: Role | null;
  /** The role's permissions plus any granted through break-glass. */
  permissions: ReadonlySet<Permission>;
  locked: boolean;
  /** Restricted charts this session opened through break-glass. */
  breakGlassPatients: ReadonlySet<string>;
}

/** Anyone who holds the transport but has not signed in: may call only public methods. */
export const ANONYMOUS: Session = Object.freeze({
  id: null,
  userId: null,
  role: null,
  permissions: new Set<Permission>(),
  locked: false,
  breakGlassPatients: new Set<string>(),
});

/**
 * The workstation acting for itself, with every permission: for trusted local tooling and tests
 * only — never handed to a transport.
 */
export function workstationSession(): Session {
  return { ...ANONYMOUS, permissions: new Set(PERMISSIONS) };
}

export function isSignedIn(session: Session): boolean {
  return session.userId !== null || session.permissions.size > 0;
}
