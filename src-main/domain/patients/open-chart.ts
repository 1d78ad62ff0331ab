import type { Kysely } from 'kysely';
import type { Patient } from '../../../src-shared/patients/schema';
import type { Database } from '../../db/schema';
import type { Session } from '../../rpc/session';
import { mergedChartError } from '../merges/service';
import { assertMayOpen, getPatient } from './service';

/**
 * The chart a method about one chart works on: NOT_FOUND when there is none (saying where a
 * merged chart went), and for a restricted chart the session may not open an audited FORBIDDEN
 * that offers break-glass.
 */
export async function openChart({ db, session }: { db: Kysely<Database>; session: Session }, patientId: string): Promise<Patient> {
  const patient = await getPatient(db, patientId).catch(async (error: unknown) => {
    throw (await mergedChartError(db, patientId)) ?? error;
  });
  assertMayOpen(patient, session);
  return patient;
}
