import type { Kysely } from 'kysely';
import { DEFAULT_UPDATE_POLICY, updatePolicySchema, type UpdatePolicy } from '../../src-shared/updates/schema';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';

/** The settings row holding the clinic's update policy (synced: every workstation follows it). */
export const UPDATE_POLICY_SETTING = 'updates.policy';

/** The stored policy; none stored, or one that no longer validates, means updates off. */
export async function readUpdatePolicy(db: Kysely<Database>): Promise<UpdatePolicy> {
  const row = await db.selectFrom('settings').select('value').where('id', '=', UPDATE_POLICY_SETTING).executeTakeFirst();
  if (!row) return DEFAULT_UPDATE_POLICY;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return DEFAULT_UPDATE_POLICY;
  }
  const parsed = updatePolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_UPDATE_POLICY;
}

export async function writeUpdatePolicy(db: Kysely<Database>, clock: Clock, policy: UpdatePolicy): Promise<void> {
  const value = JSON.stringify(policy);
  const updatedAt = clock.now().toISOString();
  await db
    .insertInto('settings')
    .values({ id: UPDATE_POLICY_SETTING, value, updatedAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ value, updatedAt }))
    .execute();
}
