import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Payer } from '../../../src-shared/insurance/schema';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { ADDRESS_FIELDS, addressProblems, normalizeAddress, problemFields } from '../../../src-shared/patients/registration-rules';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Clock } from '../../clock';
import type { Database, PayersTable } from '../../db/schema';
import { changedFields } from './changes';

const PAYER_COLUMNS = ['id', 'name', 'ediPayerId', ...ADDRESS_FIELDS, 'phone', 'active', 'createdAt', 'updatedAt'] as const;

function toPayer(row: Pick<Selectable<PayersTable>, (typeof PAYER_COLUMNS)[number]>): Payer {
  return { ...row, active: row.active === 1 };
}

export async function listPayers(db: Kysely<Database>, { includeInactive }: { includeInactive: boolean }): Promise<Payer[]> {
  let query = db.selectFrom('payers').select(PAYER_COLUMNS).where('deletedAt', 'is', null);
  if (!includeInactive) query = query.where('active', '=', 1);
  const rows = await query.orderBy(sql`name COLLATE NOCASE`).orderBy('id').execute();
  return rows.map(toPayer);
}

/** A payer that exists (active or not); NOT_FOUND otherwise. */
export async function getPayer(db: Kysely<Database>, id: string): Promise<Payer> {
  const row = await db.selectFrom('payers').select(PAYER_COLUMNS).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No payer with that id', { fields: { payerId: 'No such payer' } });
  return toPayer(row);
}

/** Two payers of one name would be indistinguishable in the coverage form's picker. */
async function assertNameFree(db: Kysely<Database>, name: string, exceptId: string | null): Promise<void> {
  const holder = await db
    .selectFrom('payers')
    .select('id')
    .where(sql<SqlBool>`lower(name) = lower(${name})`)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  if (holder && holder.id !== exceptId) {
    throw new AppError('CONFLICT', 'A payer with this name already exists', { fields: { name: 'Another payer has this name' } });
  }
}

export async function createPayer(db: Kysely<Database>, clock: Clock, input: ParsedInput<'payers.create'>): Promise<Payer> {
  await assertNameFree(db, input.name, null);
  const now = clock.now().toISOString();
  const row = await db
    .insertInto('payers')
    .values({ id: uuidv7(), ...input, active: 1, createdAt: now, updatedAt: now, deletedAt: null })
    .returning(PAYER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toPayer(row);
}

/** Checks the stored payer merged with the change (the address must still add up); writes only the fields that differ. */
export async function updatePayer(db: Kysely<Database>, clock: Clock, input: ParsedInput<'payers.update'>): Promise<Payer> {
  const { id, ...requested } = input;
  const current = await getPayer(db, id);
  const merged = normalizeAddress({ ...current, ...changedFields(current, requested) });
  const problems = addressProblems(merged);
  if (problems.length > 0) throw new AppError('VALIDATION', 'The address is incomplete', { fields: problemFields(problems) });
  const { active, ...changes } = changedFields(current, merged);
  if (Object.keys(changes).length === 0 && active === undefined) return current;
  if (changes.name !== undefined) await assertNameFree(db, changes.name, id);
  const row = await db
    .updateTable('payers')
    .set({ ...changes, ...(active === undefined ? {} : { active: active ? 1 : 0 }), updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .returning(PAYER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toPayer(row);
}
