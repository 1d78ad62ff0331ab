/**
 * What the check-in dialog reads for one appointment, in one call: whether it can be checked in
 * now (with the refusal `frontDesk.checkIn` would give), the patient, the coverages in effect on
 * the visit's date, and the check-in in force with its copay.
 */
import type { CheckInRefusal } from '../../../src-shared/front-desk/schema';
import { providerName } from '../../../src-shared/patients/display';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import type { ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import type { Clock } from '../../clock';
import type { Session } from '../../rpc/session';
import { coverageStatus, listCoverages } from '../coverages/service';
import { getEntry } from '../ledger/service';
import { openChart } from '../patients/open-chart';
import { loadAppointment } from '../scheduling/appointment-rows';
import { appointmentRecord, type AppointmentRecord } from '../scheduling/appointments';
import { schedulingSettings, type Db } from '../scheduling/common';
import { assertCheckable, toCheckIn } from './check-in';

/** The refusal a check-in of this appointment would meet now, or null (the same rules, run without writing). */
function refusalOf(appointment: AppointmentRecord, zone: ClinicTimeZone, clock: Clock): CheckInRefusal | null {
  try {
    assertCheckable(appointment, zone, clock);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { reason: (error.details as { reason: string }).reason, message: error.message };
  }
}

export async function checkInFor(db: Db, clock: Clock, session: Session, appointmentId: string): Promise<MethodOutput<'frontDesk.checkInFor'>> {
  const { zone } = await schedulingSettings(db);
  const record = await appointmentRecord(db, appointmentId, 'appointmentId');
  const patient = await openChart({ db, session }, record.patientId);
  const visitDate = zone.dateOf(record.startAt);
  const coverages = (await listCoverages(db, clock, patient.id))
    .map((coverage) => ({ ...coverage, status: coverageStatus(coverage, visitDate) }))
    .filter((coverage) => coverage.status === 'active');
  const provider = await db.selectFrom('providers').select(['givenName', 'familyName', 'credentials']).where('id', '=', record.providerId).executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('checkIns')
    .selectAll()
    .where('appointmentId', '=', record.id)
    .where('undoneAt', 'is', null)
    .where('deletedAt', 'is', null)
    .orderBy('checkedInAt', 'desc')
    .executeTakeFirst();
  return {
    appointment: await loadAppointment(db, zone, session, record.id, 'appointmentId'),
    providerName: providerName(provider),
    timeZone: zone.name,
    today: zone.dateOf(clock.now().getTime()),
    refusal: refusalOf(record, zone, clock),
    patient,
    coverages,
    checkIn: row ? await toCheckIn(db, row) : null,
    copay: row?.copayEntryId ? await getEntry(db, row.copayEntryId) : null,
  };
}
