import { WEEKDAYS, type Weekday } from '../../../src-shared/scheduling/clinic-time';
import type { OpeningHours } from '../../../src-shared/scheduling/settings-schema';
import { FieldShell, TextField } from '../auth/fields';
import { WEEK_ORDER, WEEKDAY_LABELS } from './TemplatesPanel';

/** The zone this computer is set to: the time zone offered until the clinic has chosen one. */
export function computerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');

/** The clinic's IANA time zone: type to search the list. */
export function TimeZoneField({ id, value, error, hint, onChange }: { id: string; value: string; error?: string | undefined; hint: string; onChange(zone: string): void }) {
  return (
    <>
      <TextField id={id} label="Time zone" required list="time-zone-names" value={value} error={error} onChange={(e) => onChange(e.target.value)} hint={hint} />
      <datalist id="time-zone-names">
        {TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

export interface OpeningDayDraft {
  open: boolean;
  from: string;
  to: string;
}
export type OpeningHoursDraft = Record<Weekday, OpeningDayDraft>;

export function openingHoursDraft(hours: OpeningHours | undefined): OpeningHoursDraft {
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      const found = hours?.[day];
      return [day, found ? { open: true, from: found.from, to: found.to } : { open: false, from: '08:00', to: '17:00' }];
    }),
  ) as OpeningHoursDraft;
}

/** The opening hours to send: the open days only. */
export function openingHoursOf(draft: OpeningHoursDraft): OpeningHours {
  return Object.fromEntries(WEEKDAYS.filter((day) => draft[day].open).map((day) => [day, { from: draft[day].from, to: draft[day].to }]));
}

/** Opening hours per weekday; `errors` by day ("mon"). */
export function OpeningHoursFields({ value, errors, onChange }: { value: OpeningHoursDraft; errors: Partial<Record<Weekday, string>>; onChange(value: OpeningHoursDraft): void }) {
  const set = (day: Weekday, change: Partial<OpeningDayDraft>) => onChange({ ...value, [day]: { ...value[day], ...change } });
  return (
    <fieldset className="opening-hours" data-testid="opening-hours">
      <legend>Opening hours</legend>
      <p className="hint">The frame of the day view. Each provider&apos;s bookable hours are set under Availability.</p>
      {WEEK_ORDER.map((day) => (
        <div key={day} className={errors[day] ? 'opening-day invalid' : 'opening-day'} data-testid={`opening-${day}`}>
          <label className="checkbox">
            <input type="checkbox" checked={value[day].open} onChange={(e) => set(day, { open: e.target.checked })} data-testid={`opening-${day}-open`} /> {WEEKDAY_LABELS[day]}
          </label>
          {value[day].open ? (
            <FieldShell id={`settings-opening-${day}`} label={`${WEEKDAY_LABELS[day]} hours`} error={errors[day]}>
              <span className="range">
                <input id={`settings-opening-${day}`} aria-label={`${WEEKDAY_LABELS[day]} opens`} size={5} value={value[day].from} onChange={(e) => set(day, { from: e.target.value })} />
                –
                <input aria-label={`${WEEKDAY_LABELS[day]} closes`} size={5} value={value[day].to} onChange={(e) => set(day, { to: e.target.value })} />
              </span>
            </FieldShell>
          ) : (
            <span className="subtle">Closed</span>
          )}
        </div>
      ))}
    </fieldset>
  );
}
