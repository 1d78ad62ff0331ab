import { daySheet, type DayView } from '../../../src-shared/scheduling/day-sheet';
import { formatLongDate } from '../../lib/format';
import { SheetHead } from '../shell/PrintSheet';
import type { Day } from './DayGrid';

/** The day on paper: one table per provider (or room), appointments by time (only printed; the grid stays on screen). The PDF holds the same. */
export function DayPrintSheet({ day, view }: { day: Day; view: DayView }) {
  const sheet = daySheet(day, view);
  return (
    <section className="print-sheet print-only schedule-print" data-testid="schedule-print-sheet">
      <SheetHead title="Day schedule" facts={[{ label: 'Date', value: formatLongDate(day.date) }]} />
      {sheet.groups.map((group) => (
        <div key={group.id} className="schedule-print-provider">
          <h2>{group.title}</h2>
          {group.rows.length === 0 ? (
            <p className="sheet-empty">No appointments.</p>
          ) : (
            <table className="table sheet-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">{sheet.otherLabel}</th>
                </tr>
              </thead>
              <tbody>
                {group.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="mono">{row.time}</td>
                    <td>{row.patient}</td>
                    <td>{row.type}</td>
                    <td>{row.status}</td>
                    <td>{row.other}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
