import type { Kysely, Selectable } from 'kysely';
import type { Provider } from '../../../src-shared/providers/schema';
import type { Database, ProvidersTable } from '../../db/schema';

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
