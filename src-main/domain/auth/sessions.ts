import { randomBytes } from 'node:crypto';
import { permissionsOf, type Permission, type Role } from '../../../src-shared/auth/permissions';
import type { Clock } from '../../clock';
import type { Session } from '../../rpc/session';

/** A session ends after this long, however active: a shared front-desk PC must not stay signed in for days. */
export const MAX_SESSION_HOURS = 12;

interface SessionRecord {
  id: string;
  userId: string;
  role: Role;
  createdAt: number;
  lastActivityAt: number;
  locked: boolean;
  breakGlassPatients: Set<string>;
  breakGlassPermissions: Set<Permission>;
}

export interface SessionStore {
  create(user: { id: string; role: Role }): Session;
  /** The live session, locked first if it has been idle too long; null when unknown or expired. */
  resolve(sessionId: string | null | undefined): Session | null;
  touch(sessionId: string): void;
  lock(sessionId: string): void;
  unlock(sessionId: string): void;
  end(sessionId: string): void;
  /** Ends every session of a user (disabled, role changed, password reset). */
  endAllFor(userId: string): void;
  grantPatient(sessionId: string, patientId: string): void;
  grantPermission(sessionId: string, permission: Permission): void;
}

function toSession(record: SessionRecord): Session {
  return {
    id: record.id,
    userId: record.userId,
    role: record.role,
    permissions: new Set([...permissionsOf(record.role), ...record.breakGlassPermissions]),
    locked: record.locked,
    breakGlassPatients: new Set(record.breakGlassPatients),
  };
}

/**
 * Sessions live in the main process's memory only: a restart signs everyone out, which is what a
 * clinic expects of a restarted PC.
 */
export function createSessionStore(clock: Clock, idleLockMinutes: () => number): SessionStore {
  const records = new Map<string, SessionRecord>();
  const now = () => clock.now().getTime();
  const live = (id: string | null | undefined): SessionRecord | null => {
    if (!id) return null;
    const record = records.get(id);
    if (!record) return null;
    if (now() - record.createdAt > MAX_SESSION_HOURS * 3_600_000) {
      records.delete(id);
      return null;
    }
    if (now() - record.lastActivityAt > idleLockMinutes() * 60_000) record.locked = true;
    return record;
  };
  const update = (id: string, change: (record: SessionRecord) => void) => {
    const record = live(id);
    if (record) change(record);
  };
  return {
    create(user) {
      const record: SessionRecord = {
        id: randomBytes(32).toString('hex'),
        userId: user.id,
        role: user.role,
        createdAt: now(),
        lastActivityAt: now(),
        locked: false,
        breakGlassPatients: new Set(),
        breakGlassPermissions: new Set(),
      };
      records.set(record.id, record);
      return toSession(record);
    },
    resolve(id) {
      const record = live(id);
      return record ? toSession(record) : null;
    },
    touch: (id) =>
      update(id, (r) => {
        if (!r.locked) r.lastActivityAt = now();
      }),
    lock: (id) => update(id, (r) => (r.locked = true)),
    unlock: (id) =>
      update(id, (r) => {
        r.locked = false;
        r.lastActivityAt = now();
      }),
    end: (id) => void records.delete(id),
    endAllFor(userId) {
      for (const [id, record] of records) if (record.userId === userId) records.delete(id);
    },
    grantPatient: (id, patientId) => update(id, (r) => r.breakGlassPatients.add(patientId)),
    grantPermission: (id, permission) => update(id, (r) => r.breakGlassPermissions.add(permission)),
  };
}
