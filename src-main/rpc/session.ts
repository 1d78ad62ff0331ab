import { PERMISSIONS, type Permission } from '../../src-shared/auth/permissions';

export interface Session {
  /** The signed-in user, recorded as the author of every op the session writes. */
  userId: string | null;
  permissions: ReadonlySet<Permission>;
}

/**
 * Until users and sign-in exist, whoever reaches the router (the app's own window, or the
 * holder of this launch's browser-mode token) acts as the workstation itself.
 */
export function workstationSession(): Session {
  return { userId: null, permissions: new Set(PERMISSIONS) };
}
