/**
 * Who holds which time: the occupying appointments of providers and patients, and the bookings of
 * rooms and devices, for a window. Each look-up is one index range (see migration 0007): start
 * times from the window's start less the longest appointment up to its end, then only those that
 * end after the window starts.
 *
 * Find next available reads 90 days of 20 providers (tens of thousands of bookings) in its budget
 * of milliseconds: each owner's bookings come back as one JSON array of epoch milliseconds made
 * by SQLite, not as a row object each. Stored instants are whole minutes, so `unixepoch` (whole
 * seconds) loses nothing.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Interval } from '../../../src-shared/scheduling/intervals';
import { MAX_APPOINTMENT_MS, OCCUPYING_STATUSES, iso, type Db } from './common';

export interface Busy extends Interval {
  /** The appointment holding the time ('' when not asked for). */
  readonly id: string;
  readonly providerId: string;
  readonly overbooked: boolean;
}

/** What each booking carries: its times only (find next available), or also who holds it (conflict reports). */
export type Detail = 'times' | 'holder';

const OCCUPYING = sql.raw(OCCUPYING_STATUSES.map((status) => `'${status}'`).join(', '));
const NOBODY_REPLACED: ReadonlySet<string> = new Set();

function inWindow(window: Interval) {
  return sql`start_at >= ${iso(window.start - MAX_APPOINTMENT_MS)} AND start_at < ${iso(window.end)} AND end_at > ${iso(window.start)}`;
}

const idList = (ids: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** `[start, end]` or `[start, end, id, provider, overbooked]` per booking, grouped by `owner`. */
async function grouped(
  db: Db,
  owners: readonly string[],
  query: (fields: RawBuilder<unknown>) => RawBuilder<{ owner: string; list: string }>,
  detail: Detail,
  replacing: ReadonlySet<string>,
): Promise<Map<string, Busy[]>> {
  const fields = sql.raw(
    detail === 'times' ? 'unixepoch(start_at) * 1000, unixepoch(end_at) * 1000' : `unixepoch(start_at) * 1000, unixepoch(end_at) * 1000, id, provider, overbooked`,
  );
  const { rows } = await query(fields).execute(db);
  const busy = new Map<string, Busy[]>(owners.map((owner) => [owner, []]));
  for (const { owner, list } of rows) {
    const bookings = (JSON.parse(list) as [number, number, string?, string?, number?][]).map(
      ([start, end, id = '', providerId = '', overbooked = 0]): Busy => ({ start, end, id, providerId, overbooked: overbooked === 1 }),
    );
    busy.set(owner, replacing.size === 0 ? bookings : bookings.filter((booking) => !replacing.has(booking.id)));
  }
  return busy;
}

/** The providers' occupying appointments overlapping the window, per provider. */
export async function providersBusy(db: Db, providerIds: readonly string[], window: Interval, replacing: ReadonlySet<string> = NOBODY_REPLACED, detail: Detail = 'holder'): Promise<Map<string, Busy[]>> {
  return grouped(
    db,
    providerIds,
    (fields) => sql`
      SELECT provider_id AS owner, json_group_array(json_array(${fields})) AS list
      FROM (SELECT start_at, end_at, id, provider_id, provider_id AS provider, overbook_reason IS NOT NULL AS overbooked FROM appointments
            WHERE deleted_at IS NULL AND provider_id IN ${idList(providerIds)} AND ${inWindow(window)} AND status IN (${OCCUPYING}))
      GROUP BY provider_id`,
    detail,
    replacing,
  );
}

/** The patient's occupying appointments with anyone overlapping the window. */
export async function patientBusy(db: Db, patientId: string, window: Interval, replacing: ReadonlySet<string> = NOBODY_REPLACED, detail: Detail = 'holder'): Promise<Busy[]> {
  const busy = await grouped(
    db,
    [patientId],
    (fields) => sql`
      SELECT patient_id AS owner, json_group_array(json_array(${fields})) AS list
      FROM (SELECT start_at, end_at, id, patient_id, provider_id AS provider, 0 AS overbooked FROM appointments
            WHERE patient_id = ${patientId} AND ${inWindow(window)} AND status IN (${OCCUPYING}) AND deleted_at IS NULL)
      GROUP BY patient_id`,
    detail,
    replacing,
  );
  return busy.get(patientId)!;
}

/** Each room's or device's bookings overlapping the window. */
export async function resourcesBusy(db: Db, resourceIds: readonly string[], window: Interval, replacing: ReadonlySet<string> = NOBODY_REPLACED, detail: Detail = 'holder'): Promise<Map<string, Busy[]>> {
  return grouped(
    db,
    resourceIds,
    (fields) => sql`
      SELECT resource_id AS owner, json_group_array(json_array(${fields})) AS list
      FROM (SELECT start_at, end_at, appointment_id AS id, resource_id, '' AS provider, 0 AS overbooked FROM appointment_resources
            WHERE deleted_at IS NULL AND resource_id IN ${idList(resourceIds)} AND ${inWindow(window)})
      GROUP BY resource_id`,
    detail,
    replacing,
  );
}
