import type { Kysely } from 'kysely';
import type { ClinicSettings } from '../../../src-shared/auth/schema';
import type { Clock } from '../../clock';
import type { Database } from '../../db/schema';

export const DEFAULT_IDLE_LOCK_MINUTES = 10;

const KEYS = { clinicName: 'clinic.name', idleLockMinutes: 'security.idle_lock_minutes' } as const;

export async function readSettings(db: Kysely<Database>): Promise<{ clinicName: string | null; idleLockMinutes: number }> {
  const rows = await db.selectFrom('settings').select(['id', 'value']).where('id', 'in', Object.values(KEYS)).execute();
  const value = (id: string): unknown => {
    const row = rows.find((r) => r.id === id);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  };
  const idle = value(KEYS.idleLockMinutes);
  const name = value(KEYS.clinicName);
  return {
    clinicName: typeof name === 'string' ? name : null,
    idleLockMinutes: typeof idle === 'number' ? idle : DEFAULT_IDLE_LOCK_MINUTES,
  };
}

export async function writeSettings(db: Kysely<Database>, clock: Clock, changes: Partial<ClinicSettings>): Promise<void> {
  const updatedAt = clock.now().toISOString();
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const id = KEYS[name as keyof typeof KEYS];
    await db
      .insertInto('settings')
      .values({ id, value: JSON.stringify(value), updatedAt })
      .onConflict((oc) => oc.column('id').doUpdateSet({ value: JSON.stringify(value), updatedAt }))
      .execute();
  }
}
