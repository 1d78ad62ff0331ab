import type { Kysely } from 'kysely';
import type { ClinicSettings } from '../../../src-shared/auth/schema';
import { DEFAULT_WAIT_THRESHOLD_MINUTES } from '../../../src-shared/front-desk/wait-threshold';
import { DEFAULT_REFERRAL_REPORT_DAYS } from '../../../src-shared/referrals/report-days';
import type { OpeningHours } from '../../../src-shared/scheduling/settings-schema';
import type { Clock } from '../../clock';
import type { Database } from '../../db/schema';

export const DEFAULT_IDLE_LOCK_MINUTES = 10;

const KEYS = {
  clinicName: 'clinic.name',
  idleLockMinutes: 'security.idle_lock_minutes',
  timeZone: 'clinic.time_zone',
  openingHours: 'clinic.opening_hours',
  waitThresholdMinutes: 'front_desk.wait_threshold_minutes',
  referralReportDays: 'referrals.report_days',
} as const;

export interface StoredSettings {
  clinicName: string | null;
  idleLockMinutes: number;
  timeZone: string | null;
  openingHours: OpeningHours | null;
  waitThresholdMinutes: number;
  referralReportDays: number;
}

export async function readSettings(db: Kysely<Database>): Promise<StoredSettings> {
  const rows = await db.selectFrom('settings').select(['id', 'value']).where('id', 'in', Object.values(KEYS)).execute();
  const value = (id: string): unknown => {
    const row = rows.find((r) => r.id === id);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  };
  const idle = value(KEYS.idleLockMinutes);
  const name = value(KEYS.clinicName);
  const zone = value(KEYS.timeZone);
  const hours = value(KEYS.openingHours);
  const waitThreshold = value(KEYS.waitThresholdMinutes);
  const reportDays = value(KEYS.referralReportDays);
  return {
    clinicName: typeof name === 'string' ? name : null,
    idleLockMinutes: typeof idle === 'number' ? idle : DEFAULT_IDLE_LOCK_MINUTES,
    timeZone: typeof zone === 'string' ? zone : null,
    openingHours: hours !== null && typeof hours === 'object' ? (hours as OpeningHours) : null,
    waitThresholdMinutes: typeof waitThreshold === 'number' ? waitThreshold : DEFAULT_WAIT_THRESHOLD_MINUTES,
    referralReportDays: typeof reportDays === 'number' ? reportDays : DEFAULT_REFERRAL_REPORT_DAYS,
  };
}

/** What `settings.get` shows: the scheduling settings only once they have been set. */
export function clinicSettingsOf(stored: StoredSettings): ClinicSettings {
  return {
    clinicName: stored.clinicName ?? '',
    idleLockMinutes: stored.idleLockMinutes,
    ...(stored.timeZone !== null ? { timeZone: stored.timeZone } : {}),
    ...(stored.openingHours !== null ? { openingHours: stored.openingHours } : {}),
    waitThresholdMinutes: stored.waitThresholdMinutes,
    referralReportDays: stored.referralReportDays,
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
