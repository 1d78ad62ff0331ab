import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Provider } from '../../../src-shared/providers/schema';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Clock } from '../../clock';
import type { Database, ProvidersTable } from '../../db/schema';
import { changedFields } from '../insurance/changes';

const PROVIDER_COLUMNS = ['id', 'givenName', 'familyName', 'credentials', 'specialty', 'npi', 'active', 'createdAt', 'updatedAt'] as const;

function toProvider(row: Pick<Selectable<ProvidersTable>, (typeof PROVIDER_COLUMNS)[number]>): Provider {
  return { ...row, active: row.active === 1 };
}

export async function listProviders(db: Kysely<Database>, { includeInactive }: { includeInactive: boolean }): Promise<Provider[]> {
  let query = db.selectFrom('providers').select(PROVIDER_COLUMNS).where('deletedAt', 'is', null);
  if (!includeInactive) query = query.where('active', '=', 1);
  const rows = await query.orderBy('familyName').orderBy('givenName').execute();
  return rows.map(toProvider);
}

export async function getProvider(db: Kysely<Database>, id: string): Promise<Provider> {
  const row = await db.selectFrom('providers').select(PROVIDER_COLUMNS).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No provider with that id');
  return toProvider(row);
}

/** An NPI names one provider: a second one with it is refused before the UNIQUE constraint would fail. */
async function assertNpiFree(db: Kysely<Database>, npi: string, exceptId: string | null): Promise<void> {
  const holder = await db.selectFrom('providers').select('id').where('npi', '=', npi).executeTakeFirst();
  if (holder && holder.id !== exceptId) {
    throw new AppError('CONFLICT', 'Another provider already has this NPI', { fields: { npi: 'Already used by another provider' } });
  }
}

export async function createProvider(db: Kysely<Database>, clock: Clock, input: ParsedInput<'providers.create'>): Promise<Provider> {
  await assertNpiFree(db, input.npi, null);
  const now = clock.now().toISOString();
  const row = await db
    .insertInto('providers')
    .values({ id: uuidv7(), ...input, active: 1, createdAt: now, updatedAt: now, deletedAt: null })
    .returning(PROVIDER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toProvider(row);
}

/** Writes only the fields that differ, so the op log records real changes only. */
export async function updateProvider(db: Kysely<Database>, clock: Clock, input: ParsedInput<'providers.update'>): Promise<Provider> {
  const { id, ...requested } = input;
  const current = await getProvider(db, id);
  const { active, ...changes } = changedFields(current, requested);
  if (Object.keys(changes).length === 0 && active === undefined) return current;
  if (changes.npi !== undefined) await assertNpiFree(db, changes.npi, id);
  const row = await db
    .updateTable('providers')
    .set({ ...changes, ...(active === undefined ? {} : { active: active ? 1 : 0 }), updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .returning(PROVIDER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toProvider(row);
}
