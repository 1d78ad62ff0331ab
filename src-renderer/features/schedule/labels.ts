import type { Appointment } from '../../../src-shared/scheduling/schema';
import { formatName } from '../../lib/format';

/** The patient as the schedule shows them; a restricted chart the session may not open stays unnamed. */
export function patientLabel(appointment: Pick<Appointment, 'patient'>): string {
  return appointment.patient ? formatName(appointment.patient) : 'Restricted patient';
}
