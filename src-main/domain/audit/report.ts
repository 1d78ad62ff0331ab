import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { breakGlassEntrySchema } from '../../../src-shared/auth/schema';
import type { Database } from '../../db/schema';

type BreakGlassEntry = z.infer<typeof breakGlassEntrySchema>;

/** Every break-glass access in a date range (inclusive, by UTC date), newest first. */
export async function breakGlassReport(db: Kysely<Database>, range: { from?: string | undefined; to?: string | undefined }): Promise<BreakGlassEntry[]> {
  let query = db
    .selectFrom('auditLog')
    .leftJoin('users', 'users.id', 'auditLog.userId')
    .select(['auditLog.at', 'auditLog.userId', 'users.username', 'auditLog.entityId', 'auditLog.detail', 'auditLog.deviceId'])
    .where('auditLog.action', '=', 'auth.break_glass')
    .orderBy('auditLog.seq', 'desc');
  if (range.from) query = query.where('auditLog.at', '>=', range.from);
  if (range.to) query = query.where('auditLog.at', '<', `${range.to}T99`);
  const rows = await query.execute();
  return rows.map((row) => {
    const detail = JSON.parse(row.detail) as { reason?: string; target?: string; permission?: string | null };
    return {
      at: row.at,
      userId: row.userId,
      username: row.username,
      target: detail.target === 'permission' ? 'permission' : 'patient',
      patientId: row.entityId,
      permission: detail.permission ?? null,
      reason: detail.reason ?? '',
      workstation: row.deviceId,
    };
  });
}
