import { STATUS_LABELS } from '../../../src-shared/scheduling/status';
import { formatDate, formatLongDate } from '../../lib/format';
import { SheetHead } from '../shell/PrintSheet';
import type { Day } from './DayGrid';
import { shownAppointments } from './day-layout';
import { patientLabel } from './labels';

/** The day on paper: one table per provider, appointments by time (only printed; the grid stays on screen). */
export function DayPrintSheet({ day }: { day: Day }) {
  const appointments = shownAppointments(day.appointments);
  return (
    <section className="print-sheet print-only schedule-print" data-testid="schedule-print-sheet">
      <SheetHead title="Day schedule" facts={[{ label: 'Date', value: formatLongDate(day.date) }]} />
      {day.providers.map((provider) => {
        const mine = appointments.filter((a) => a.providerId === provider.id);
        return (
          <div key={provider.id} className="schedule-print-provider">
            <h2>{provider.displayName}</h2>
            {mine.length === 0 ? (
              <p className="sheet-empty">No appointments.</p>
            ) : (
              <table className="table sheet-table">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Patient</th>
                    <th scope="col">Date of birth</th>
                    <th scope="col">Type</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((a) => (
                    <tr key={a.id}>
                      <td className="mono">
                        {a.local.start}–{a.local.end}
                      </td>
                      <td>{patientLabel(a)}</td>
                      <td>{a.patient ? formatDate(a.patient.dateOfBirth) : ''}</td>
                      <td>{a.typeName}</td>
                      <td>
                        {STATUS_LABELS[a.status]}
                        {a.overbookReason && ' (overbooked)'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </section>
  );
}
