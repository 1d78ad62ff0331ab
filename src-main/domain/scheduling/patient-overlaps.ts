/**
 * What merging two charts would do to the schedule: each chart may hold a visit at a time the other
 * is booked too, which is harmless apart and a double booking once the charts are one. The merge
 * preview lists them so the front desk moves or cancels one (the merge itself leaves both booked).
 */
import { clinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import type { OverlappingVisits } from '../../../src-shared/merges/schema';
import type { Clock } from '../../clock';
import { readSettings } from '../settings/service';
import { epoch, localizer, OCCUPYING_STATUSES, type Db } from './common';
import { listScheduleProviders } from './setup';

/** Pairs of visits still to come, one of each chart, at overlapping times (by start). None before the clinic's zone is set: nothing can be booked then. */
export async function overlappingVisits(db: Db, clock: Clock, survivorId: string, mergedId: string): Promise<OverlappingVisits[]> {
  const { timeZone } = await readSettings(db);
  if (timeZone === null) return [];
  const pairs = await db
    .selectFrom('appointments as s')
    .innerJoin('appointments as m', (join) =>
      join.onRef('m.startAt', '<', 's.endAt').onRef('m.endAt', '>', 's.startAt').on('m.patientId', '=', mergedId).on('m.deletedAt', 'is', null).on('m.status', 'in', OCCUPYING_STATUSES),
    )
    .select(['s.id as survivorId', 's.startAt as survivorStart', 's.endAt as survivorEnd', 's.providerId as survivorProvider'])
    .select(['m.id as mergedId', 'm.startAt as mergedStart', 'm.endAt as mergedEnd', 'm.providerId as mergedProvider'])
    .where('s.patientId', '=', survivorId)
    .where('s.deletedAt', 'is', null)
    .where('s.status', 'in', OCCUPYING_STATUSES)
    .where('s.endAt', '>', clock.now().toISOString())
    .orderBy('s.startAt')
    .orderBy('m.startAt')
    .execute();
  if (pairs.length === 0) return [];
  const local = localizer(clinicTimeZone(timeZone));
  const names = new Map((await listScheduleProviders(db, { includeInactive: true })).map((provider) => [provider.id, provider.displayName]));
  const visit = (appointmentId: string, start: string, end: string, providerId: string) => {
    const span = local.span(epoch(start), epoch(end));
    return { appointmentId, start: span.start, end: span.end, providerName: names.get(providerId) ?? '' };
  };
  return pairs.map((pair) => ({
    date: local.span(epoch(pair.survivorStart), epoch(pair.survivorEnd)).date,
    survivor: visit(pair.survivorId, pair.survivorStart, pair.survivorEnd, pair.survivorProvider),
    merged: visit(pair.mergedId, pair.mergedStart, pair.mergedEnd, pair.mergedProvider),
  }));
}
