import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { breakGlassEntrySchema } from '../../../src-shared/auth/schema';
import type { Database } from '../../db/schema';
import { localDayBounds } from './local-days';

type BreakGlassEntry = z.infer<typeof breakGlassEntrySchema>;

/** Every break-glass access between two local calendar days (inclusive), newest first. */
export async function breakGlassReport(db: Kysely<Database>, range: { from?: string | undefined; to?: string | undefined }): Promise<BreakGlassEntry[]> {
  let query = db
    .selectFrom('auditLog')
    .leftJoin('users', 'users.id', 'auditLog.userId')
    .leftJoin('patients', 'patients.id', 'auditLog.entityId')
    .leftJoin('workstation', 'workstation.deviceId', 'auditLog.deviceId')
    .select([
      'auditLog.at',
      'auditLog.userId',
      'users.username',
      'auditLog.entityId',
      'auditLog.detail',
      'auditLog.deviceId',
      'workstation.code',
      'patients.givenName',
      'patients.familyName',
      'patients.mrn',
    ])
    .where('auditLog.action', '=', 'auth.break_glass')
    .orderBy('auditLog.seq', 'desc');
  const { since, before } = localDayBounds(range);
  if (since) query = query.where('auditLog.at', '>=', since);
  if (before) query = query.where('auditLog.at', '<', before);
  const rows = await query.execute();
  return rows.map((row) => {
    const detail = JSON.parse(row.detail) as { reason?: string; target?: string; permission?: string | null };
    return {
      at: row.at,
      userId: row.userId,
      username: row.username,
      target: detail.target === 'permission' ? 'permission' : 'patient',
      patientId: row.entityId,
      patientLabel: row.mrn ? `${row.familyName}, ${row.givenName} (${row.mrn})` : null,
      permission: detail.permission ?? null,
      reason: detail.reason ?? '',
      workstation: row.code ?? row.deviceId,
    };
  });
}
