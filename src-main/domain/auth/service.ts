import type { Kysely } from 'kysely';
import type { SessionInfo, User } from '../../../src-shared/auth/schema';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Clock } from '../../clock';
import type { Database } from '../../db/schema';
import type { Session } from '../../rpc/session';
import type { AppServices } from '../../services';
import { readSettings } from '../settings/service';
import { getUser, lockedUntilOf, toUser, USER_COLUMNS } from '../users/service';
import { verifyPassword } from './passwords';

/** After this many failed sign-ins in a row an account locks, for 1 minute, then 2, 4 … up to a day. */
export const MAX_FAILED_SIGN_INS = 5;
const MAX_LOCK_MINUTES = 24 * 60;

export function lockMinutesAfter(failures: number): number {
  if (failures < MAX_FAILED_SIGN_INS) return 0;
  return Math.min(MAX_LOCK_MINUTES, 2 ** (failures - MAX_FAILED_SIGN_INS));
}

const WRONG_CREDENTIALS = 'Wrong username or password';
/** Compared against when the username is unknown, so both cases take the same time. */
let decoyHash: Promise<string> | null = null;

interface AuthContext {
  db: Kysely<Database>;
  clock: Clock;
  services: AppServices;
}

async function recordFailure(
  ctx: AuthContext,
  username: string,
  userId: string | null,
  reason: string,
  action: 'auth.login_failed' | 'auth.unlock_failed' = 'auth.login_failed',
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('loginAttempts').select('failures').where('username', '=', username).executeTakeFirst();
    const failures = (current?.failures ?? 0) + 1;
    const minutes = lockMinutesAfter(failures);
    const lockedUntil = minutes > 0 ? new Date(now.getTime() + minutes * 60_000).toISOString() : null;
    await trx
      .insertInto('loginAttempts')
      .values({ username, failures, lockedUntil, lastFailureAt: now.toISOString() })
      .onConflict((oc) => oc.column('username').doUpdateSet({ failures, lockedUntil, lastFailureAt: now.toISOString() }))
      .execute();
    await ctx.services.audit.record(trx, {
      action,
      userId,
      detail: { reason, failures, locked: lockedUntil !== null },
      flagged: action === 'auth.unlock_failed' || lockedUntil !== null,
    });
  });
}

function lockedMessage(lockedUntil: string, now: Date): string {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
  return `Too many failed sign-ins: this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}, or until an administrator unlocks it`;
}

export async function login(ctx: AuthContext, input: { username: string; password: string }): Promise<{ sessionId: string; user: User }> {
  const lockedUntil = await lockedUntilOf(ctx.db, input.username, ctx.clock);
  if (lockedUntil) {
    await ctx.db.transaction().execute((trx) =>
      ctx.services.audit.record(trx, { action: 'auth.login_failed', userId: null, detail: { reason: 'locked' }, flagged: true }),
    );
    throw new AppError('UNAUTHENTICATED', lockedMessage(lockedUntil, ctx.clock.now()));
  }
  const row = await ctx.db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'passwordHash'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  decoyHash ??= import('./passwords').then(({ hashPassword }) => hashPassword('decoy password', ctx.services.kdf));
  const matches = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash));
  if (!row || !matches) {
    await recordFailure(ctx, input.username, row?.id ?? null, row ? 'wrong_password' : 'unknown_user');
    const nowLocked = await lockedUntilOf(ctx.db, input.username, ctx.clock);
    throw new AppError('UNAUTHENTICATED', nowLocked ? lockedMessage(nowLocked, ctx.clock.now()) : WRONG_CREDENTIALS, {
      fields: { password: WRONG_CREDENTIALS },
    });
  }
  if (row.disabledAt !== null) {
    await recordFailure(ctx, input.username, row.id, 'disabled');
    throw new AppError('UNAUTHENTICATED', 'This account is disabled: ask an administrator');
  }
  const session = ctx.services.sessions.create({ id: row.id, role: row.role });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('loginAttempts').where('username', '=', input.username).execute();
    await ctx.services.audit.record(trx, { action: 'auth.login', userId: row.id });
  });
  return { sessionId: session.id ?? '', user: toUser(row) };
}

export async function sessionInfo(ctx: AuthContext, session: Session): Promise<SessionInfo> {
  if (!session.userId) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  const settings = await readSettings(ctx.db);
  return {
    user: await getUser(ctx.db, ctx.clock, session.userId),
    permissions: [...session.permissions],
    locked: session.locked,
    idleLockMinutes: settings.idleLockMinutes,
    clinicName: settings.clinicName,
  };
}

async function auditNow(ctx: AuthContext, entry: Parameters<AppServices['audit']['record']>[1]): Promise<void> {
  await ctx.db.transaction().execute((trx) => ctx.services.audit.record(trx, entry));
}

export async function logout(ctx: AuthContext, session: Session): Promise<{ done: true }> {
  if (session.id) ctx.services.sessions.end(session.id);
  await auditNow(ctx, { action: 'auth.logout', userId: session.userId });
  return { done: true };
}

export async function lock(ctx: AuthContext, session: Session): Promise<{ done: true }> {
  if (session.id) ctx.services.sessions.lock(session.id);
  await auditNow(ctx, { action: 'auth.lock', userId: session.userId });
  return { done: true };
}

/**
 * Only the user who locked the screen unlocks it, with their password. Wrong passwords count
 * toward the account's lockout like failed sign-ins (a locked screen is where someone else
 * guesses); once the account locks, the session ends.
 */
export async function unlock(ctx: AuthContext, session: Session, password: string): Promise<SessionInfo> {
  if (!session.id || !session.userId) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  const row = await ctx.db.selectFrom('users').select(['username', 'passwordHash', 'disabledAt']).where('id', '=', session.userId).executeTakeFirst();
  if (!row || row.disabledAt !== null) {
    ctx.services.sessions.end(session.id);
    throw new AppError('UNAUTHENTICATED', 'This account is disabled: ask an administrator');
  }
  const lockedUntil = await lockedUntilOf(ctx.db, row.username, ctx.clock);
  if (lockedUntil) {
    ctx.services.sessions.end(session.id);
    await auditNow(ctx, { action: 'auth.unlock_failed', userId: session.userId, detail: { reason: 'locked' }, flagged: true });
    throw new AppError('UNAUTHENTICATED', lockedMessage(lockedUntil, ctx.clock.now()));
  }
  if (!(await verifyPassword(password, row.passwordHash))) {
    await recordFailure(ctx, row.username, session.userId, 'wrong_password', 'auth.unlock_failed');
    const nowLocked = await lockedUntilOf(ctx.db, row.username, ctx.clock);
    if (nowLocked) {
      ctx.services.sessions.end(session.id);
      throw new AppError('UNAUTHENTICATED', lockedMessage(nowLocked, ctx.clock.now()));
    }
    throw new AppError('UNAUTHENTICATED', 'Wrong password', { fields: { password: 'Wrong password' } });
  }
  await ctx.db.deleteFrom('loginAttempts').where('username', '=', row.username).execute();
  ctx.services.sessions.unlock(session.id);
  await auditNow(ctx, { action: 'auth.unlock', userId: session.userId });
  const unlocked = ctx.services.sessions.resolve(session.id);
  if (!unlocked) throw new AppError('UNAUTHENTICATED', 'The session has ended: please sign in again');
  return sessionInfo(ctx, unlocked);
}

/**
 * Emergency access: opens one restricted chart, or grants one permission, for the rest of the
 * session. Allowed, with a stated reason, flagged and listed on the administrator's report.
 */
export async function breakGlass(
  ctx: AuthContext,
  session: Session,
  input: { reason: string; patientId?: string | undefined; permission?: Parameters<AppServices['sessions']['grantPermission']>[1] | undefined },
): Promise<SessionInfo> {
  if (!session.id || !session.userId) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  if (input.patientId) {
    const patient = await ctx.db.selectFrom('patients').select('id').where('id', '=', input.patientId).where('deletedAt', 'is', null).executeTakeFirst();
    if (!patient) throw new AppError('NOT_FOUND', 'No patient with that id');
    ctx.services.sessions.grantPatient(session.id, input.patientId);
  }
  if (input.permission) ctx.services.sessions.grantPermission(session.id, input.permission);
  await auditNow(ctx, {
    action: 'auth.break_glass',
    userId: session.userId,
    ...(input.patientId ? { entityType: 'patient', entityId: input.patientId } : {}),
    detail: { reason: input.reason, target: input.patientId ? 'patient' : 'permission', permission: input.permission ?? null },
    flagged: true,
  });
  const granted = ctx.services.sessions.resolve(session.id);
  if (!granted) throw new AppError('UNAUTHENTICATED', 'The session has ended: please sign in again');
  return sessionInfo(ctx, granted);
}
