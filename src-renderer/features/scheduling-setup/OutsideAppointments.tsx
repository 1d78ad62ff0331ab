import type { Appointment } from '../../../src-shared/scheduling/schema';
import { formatDate } from '../../lib/format';

/** The appointments a changed template or a new exception left outside the provider's hours: the front desk moves them. */
export function OutsideAppointments({ appointments }: { appointments: Appointment[] }) {
  return (
    <div className="banner banner-error" role="alert" data-testid="appointments-outside">
      <p>
        {appointments.length === 1 ? 'One appointment is' : `${appointments.length} appointments are`} now outside this provider&apos;s hours. Move or cancel{' '}
        {appointments.length === 1 ? 'it' : 'them'} from the schedule:
      </p>
      <ul>
        {appointments.map((a) => (
          <li key={a.id}>
            {formatDate(a.local.date)} {a.local.start}–{a.local.end} · {a.typeName} · {a.patient ? `${a.patient.familyName}, ${a.patient.givenName}` : 'restricted chart'}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the last change in an availability panel did: its message, and the appointments it left outside the hours. */
export function ChangeNotices({ message, testId, outside }: { message: string | null; testId: string; outside: Appointment[] }) {
  return (
    <>
      {message && (
        <p className="banner banner-info" role="status" data-testid={testId}>
          {message}
        </p>
      )}
      {outside.length > 0 && <OutsideAppointments appointments={outside} />}
    </>
  );
}
