import type { CSSProperties } from 'react';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import { formatLocalTime, parseLocalTime } from '../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { STATUS_LABELS } from '../../../src-shared/scheduling/status';
import { appointmentSpan, gridSpan, isWithin, minutesOn, PIXELS_PER_MINUTE, placeInLanes, shownAppointments, SLOT_MINUTES, slotStarts, type MinuteSpan } from './day-layout';
import { patientLabel } from './labels';

export type Day = MethodOutput<'appointments.day'>;
type DayProvider = Day['providers'][number];
export interface SlotChoice {
  providerId: string;
  time: string;
}

interface DayGridProps {
  day: Day;
  /** Absent when the session may not book: free time is not clickable then. */
  onBook?(slot: SlotChoice): void;
  onOpen(appointmentId: string): void;
}

/** Providers as columns, time down the side; free time is a button (click or Enter books), appointments are blocks. */
export function DayGrid({ day, onBook, onOpen }: DayGridProps) {
  const appointments = shownAppointments(day.appointments);
  const availableOf = (provider: DayProvider): MinuteSpan[] =>
    provider.available.map((interval) => ({ from: minutesOn(day.date, interval.start, day.timeZone), to: minutesOn(day.date, interval.end, day.timeZone) }));
  const opening = day.openingHours ? [{ from: parseLocalTime(day.openingHours.from), to: parseLocalTime(day.openingHours.to, { allowEndOfDay: true }) }] : [];
  const span = gridSpan([...opening, ...day.providers.flatMap(availableOf), ...appointments.map(appointmentSpan)]);
  const height = (span.to - span.from) * PIXELS_PER_MINUTE;
  const top = (minute: number) => (minute - span.from) * PIXELS_PER_MINUTE;

  if (day.providers.length === 0) {
    return <p className="hint" data-testid="schedule-no-providers">No providers yet: add them in Admin → Providers.</p>;
  }
  return (
    <div className="schedule-grid" style={{ '--columns': day.providers.length } as CSSProperties} data-testid="schedule-grid">
      <div className="schedule-corner" />
      {day.providers.map((provider) => (
        <div key={provider.id} className="schedule-column-head" style={{ borderTopColor: provider.color ?? undefined }} data-testid="schedule-provider">
          {provider.displayName}
          {!provider.active && <span className="badge">inactive</span>}
        </div>
      ))}
      <div className="schedule-times" style={{ height }} aria-hidden="true">
        {slotStarts(span)
          .filter((minute) => minute % 60 === 0)
          .map((minute) => (
            <span key={minute} className="schedule-time" style={{ top: top(minute) }}>
              {formatLocalTime(minute)}
            </span>
          ))}
      </div>
      {day.providers.map((provider) => {
        const available = availableOf(provider);
        const mine = placeInLanes(appointments.filter((a) => a.providerId === provider.id));
        return (
          <div key={provider.id} className="schedule-column" style={{ height }} role="group" aria-label={provider.displayName} data-provider-id={provider.id} data-testid="schedule-column">
            {available.map((interval) => (
              <div key={interval.from} className="schedule-available" style={{ top: top(interval.from), height: (interval.to - interval.from) * PIXELS_PER_MINUTE }} />
            ))}
            {slotStarts(span).map((minute) => {
              const time = formatLocalTime(minute);
              const free = isWithin(minute, available);
              return (
                <button
                  key={minute}
                  type="button"
                  className={free ? 'schedule-slot' : 'schedule-slot schedule-slot-closed'}
                  style={{ top: top(minute), height: SLOT_MINUTES * PIXELS_PER_MINUTE }}
                  disabled={!onBook}
                  onClick={() => onBook?.({ providerId: provider.id, time })}
                  aria-label={`Book with ${provider.displayName} at ${time}${free ? '' : ' (outside hours)'}`}
                  data-time={time}
                  data-testid="schedule-slot"
                />
              );
            })}
            {mine.map(({ appointment, span: at, lane, lanes }) => (
              <AppointmentBlock
                key={appointment.id}
                appointment={appointment}
                style={{
                  top: top(at.from),
                  height: (at.to - at.from) * PIXELS_PER_MINUTE,
                  left: `${(lane / lanes) * 100}%`,
                  width: `${100 / lanes}%`,
                  borderLeftColor: appointment.color,
                  background: `color-mix(in srgb, ${appointment.color} 18%, white)`,
                }}
                onOpen={onOpen}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}

function AppointmentBlock({ appointment, style, onOpen }: { appointment: Appointment; style: CSSProperties; onOpen(id: string): void }) {
  const who = patientLabel(appointment);
  return (
    <button
      type="button"
      className={`schedule-appointment status-${appointment.status}`}
      style={style}
      onClick={() => onOpen(appointment.id)}
      aria-label={`${appointment.local.start}–${appointment.local.end} ${who}, ${appointment.typeName}, ${STATUS_LABELS[appointment.status]}`}
      data-appointment-id={appointment.id}
      data-testid="schedule-appointment"
    >
      <span className="schedule-appointment-time">
        {appointment.local.start}–{appointment.local.end}
      </span>{' '}
      <strong>{who}</strong>
      <span className="schedule-appointment-type">
        {appointment.typeName} · {STATUS_LABELS[appointment.status]}
        {appointment.overbookReason && ' · overbooked'}
      </span>
    </button>
  );
}
