import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../../src-shared/auth/permissions';
import type { User } from '../../../src-shared/auth/schema';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Clock } from '../../clock';
import type { Database, UsersTable } from '../../db/schema';
import { hashPassword, passwordWeakness, type ScryptParams } from '../auth/passwords';

export const USER_COLUMNS = ['id', 'username', 'displayName', 'role', 'disabledAt', 'createdAt'] as const;
type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>;

export function toUser(row: UserRow, lockedUntil: string | null = null): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    disabled: row.disabledAt !== null,
    lockedUntil,
    createdAt: row.createdAt,
  };
}

export async function lockedUntilOf(db: Kysely<Database>, username: string, clock: Clock): Promise<string | null> {
  const row = await db.selectFrom('loginAttempts').select('lockedUntil').where('username', '=', username).executeTakeFirst();
  return row?.lockedUntil && row.lockedUntil > clock.now().toISOString() ? row.lockedUntil : null;
}

export async function getUser(db: Kysely<Database>, clock: Clock, id: string): Promise<User> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No user with that id');
  return toUser(row, await lockedUntilOf(db, row.username, clock));
}

export async function listUsers(db: Kysely<Database>, clock: Clock): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('displayName').execute();
  return Promise.all(rows.map(async (row) => toUser(row, await lockedUntilOf(db, row.username, clock))));
}

/** Refuses a password that is easy to guess, naming the field so the form can show it. */
export function assertStrongPassword(password: string, userInputs: string[]): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new AppError('VALIDATION', 'Please choose a stronger password', { fields: { password: weakness } });
}

export async function insertUser(
  db: Kysely<Database>,
  clock: Clock,
  kdf: ScryptParams,
  input: { username: string; displayName: string; role: Role; password: string },
): Promise<User> {
  assertStrongPassword(input.password, [input.username, ...input.displayName.split(/\s+/)]);
  const taken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', 'That username is taken', { fields: { username: 'Already in use' } });
  const now = clock.now().toISOString();
  const row = await db
    .insertInto('users')
    .values({
      id: uuidv7(),
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(input.password, kdf),
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

async function activeAdminCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabledAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes name, role or disabled state; never leaves the clinic without an active administrator. */
export async function updateUser(
  db: Kysely<Database>,
  clock: Clock,
  input: { id: string; displayName?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined },
): Promise<{ user: User; accessChanged: boolean }> {
  const current = await getUser(db, clock, input.id);
  const losesAdmin = current.role === 'admin' && !current.disabled && ((input.role && input.role !== 'admin') || input.disabled === true);
  if (losesAdmin && (await activeAdminCount(db)) <= 1) {
    throw new AppError('CONFLICT', 'The clinic needs at least one active administrator: make another user an administrator first');
  }
  const now = clock.now().toISOString();
  const changes = {
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.disabled !== undefined && input.disabled !== current.disabled ? { disabledAt: input.disabled ? now : null } : {}),
  };
  if (Object.keys(changes).length === 0) return { user: current, accessChanged: false };
  await db.updateTable('users').set({ ...changes, updatedAt: now }).where('id', '=', input.id).execute();
  const accessChanged = (input.role !== undefined && input.role !== current.role) || input.disabled === true;
  return { user: await getUser(db, clock, input.id), accessChanged };
}

export async function resetPassword(db: Kysely<Database>, clock: Clock, kdf: ScryptParams, id: string, password: string): Promise<User> {
  const current = await getUser(db, clock, id);
  assertStrongPassword(password, [current.username, ...current.displayName.split(/\s+/)]);
  await db
    .updateTable('users')
    .set({ passwordHash: await hashPassword(password, kdf), updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
  return current;
}

export async function clearLockout(db: Kysely<Database>, clock: Clock, id: string): Promise<User> {
  const current = await getUser(db, clock, id);
  await db.deleteFrom('loginAttempts').where('username', '=', current.username).execute();
  return { ...current, lockedUntil: null };
}
