import { useState, type FormEvent } from 'react';
import { addDays, WEEKDAYS, type Weekday } from '../../../src-shared/scheduling/clinic-time';
import { MAX_OUTSIDE_DAYS, templateSaveInput, type Appointment, type AppointmentType, type AvailabilityTemplate } from '../../../src-shared/scheduling/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { formatDate } from '../../lib/format';
import { formKeys, LOCKED_MESSAGE } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { TextField } from '../auth/fields';
import { Loaded } from '../admin/Loaded';
import { ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { FormActions } from '../shell/FormActions';
import { FormBanner } from './FormBanner';
import { ChangeNotices } from './OutsideAppointments';
import { CORRECT_FIELDS } from './useSetupForm';

export const WEEKDAY_LABELS: Record<Weekday, string> = { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' };
/** The working week first. */
export const WEEK_ORDER: readonly Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

interface Range {
  from: string;
  to: string;
}
interface ReservedRange extends Range {
  appointmentTypeIds: string[];
}
interface DayDraft {
  hours: Range[];
  breaks: Range[];
  reserved: ReservedRange[];
}
type Draft = { effectiveFrom: string; effectiveUntil: string; days: Record<Weekday, DayDraft> };
/** Errors by their path in the template input ("days.mon.hours.0.to"). */
type PathErrors = Record<string, string>;

/** A provider's weekly templates (by the date each takes effect) and the editor of one. */
export function TemplatesPanel({ providerId }: { providerId: string }) {
  const version = useTableVersion('availability_templates');
  const [result, reload] = useLoad(() => call('schedule.templates.list', { providerId }), version);
  const [editing, setEditing] = useState<AvailabilityTemplate | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [outside, setOutside] = useState<Appointment[]>([]);

  /** After a change of hours: the booked appointments from today on (a year at most) that no longer fit. */
  const checkOutside = async (template: AvailabilityTemplate) => {
    const today = localIsoDate();
    const from = template.effectiveFrom && template.effectiveFrom > today ? template.effectiveFrom : today;
    const yearOn = addDays(from, MAX_OUTSIDE_DAYS - 1);
    const to = template.effectiveUntil && template.effectiveUntil < yearOn ? template.effectiveUntil : yearOn;
    const found = to >= from ? await call('schedule.appointmentsOutside', { providerId, from, to }) : null;
    setOutside(found?.ok ? found.value.items : []);
  };

  const remove = async (template: AvailabilityTemplate) => {
    if (!(await askConfirm({ title: 'Remove this weekly template?', message: 'Its hours stop being bookable. Appointments already booked stay.', confirmLabel: 'Remove', cancelLabel: 'Keep' }))) return;
    const removed = await call('schedule.templates.remove', { id: template.id });
    setMessage(removed.ok ? 'Template removed.' : removed.error.message);
    if (removed.ok) await checkOutside(template);
    reload();
  };

  return (
    <div className="panel" data-testid="templates-panel">
      <div className="page-head">
        <h2>Weekly hours</h2>
        {!editing && (
          <button type="button" onClick={() => setEditing('new')} data-testid="new-template">
            New weekly template
          </button>
        )}
      </div>
      <ChangeNotices message={message} testId="templates-message" outside={outside} />
      {editing && (
        <TemplateEditor
          providerId={providerId}
          template={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage('Weekly template saved.');
            void checkOutside(saved);
            reload();
          }}
        />
      )}
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable items={items} columns={['From', 'Until', 'Days']} actions testId="templates-table" empty={<p className="none">No weekly hours yet: nothing can be booked with this provider.</p>}>
            {(template) => (
              <tr key={template.id} data-testid="template-row">
                <td>{template.effectiveFrom ? formatDate(template.effectiveFrom) : 'Always'}</td>
                <td>{template.effectiveUntil ? formatDate(template.effectiveUntil) : '—'}</td>
                <td>{summary(template)}</td>
                <td className="cell-actions">
                  <button type="button" onClick={() => setEditing(template)} disabled={editing !== null} data-testid="edit-template">
                    Edit
                  </button>{' '}
                  <button type="button" className="danger-outline" onClick={() => void remove(template)} data-testid="remove-template">
                    Remove
                  </button>
                </td>
              </tr>
            )}
          </ItemsTable>
        )}
      </Loaded>
    </div>
  );
}

function summary(template: AvailabilityTemplate): string {
  return WEEK_ORDER.filter((day) => template.days[day]?.hours.length)
    .map((day) => `${WEEKDAY_LABELS[day].slice(0, 3)} ${template.days[day]!.hours.map((h) => `${h.from}–${h.to}`).join(', ')}`)
    .join('; ');
}

function draftOf(template: AvailabilityTemplate | null): Draft {
  const days = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const found = template?.days[day];
      return [day, { hours: found?.hours ?? [], breaks: found?.breaks ?? [], reserved: found?.reserved ?? [] }];
    }),
  ) as Record<Weekday, DayDraft>;
  return { effectiveFrom: template?.effectiveFrom ?? '', effectiveUntil: template?.effectiveUntil ?? '', days };
}

function inputOf(providerId: string, template: AvailabilityTemplate | null, draft: Draft) {
  const days = Object.fromEntries(
    WEEKDAYS.filter((day) => {
      const d = draft.days[day];
      return d.hours.length + d.breaks.length + d.reserved.length > 0;
    }).map((day) => [day, draft.days[day]]),
  );
  return {
    ...(template ? { id: template.id } : {}),
    providerId,
    effectiveFrom: draft.effectiveFrom.trim() || null,
    effectiveUntil: draft.effectiveUntil.trim() || null,
    days,
  };
}

function TemplateEditor({ providerId, template, onSaved, onCancel }: { providerId: string; template: AvailabilityTemplate | null; onSaved(saved: AvailabilityTemplate): void; onCancel(): void }) {
  const initial = draftOf(template);
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<PathErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useLeaveGuard(dirty, 'The weekly hours typed here have not been saved.');
  const typesVersion = useTableVersion('appointment_types');
  const [types] = useLoad(() => call('schedule.types.list', { includeInactive: false }), typesVersion);

  const setDay = (day: Weekday, change: (d: DayDraft) => DayDraft) => setDraft((d) => ({ ...d, days: { ...d.days, [day]: change(d.days[day]) } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const input = inputOf(providerId, template, draft);
    const parsed = templateSaveInput.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message])));
      setGeneral(CORRECT_FIELDS);
      return;
    }
    setBusy(true);
    const result = await call('schedule.templates.save', parsed.data);
    setBusy(false);
    if (result.ok) return onSaved(result.value);
    setErrors(result.error.fields ?? {});
    setGeneral(result.error.code === 'UNAUTHENTICATED' ? LOCKED_MESSAGE : result.error.message);
  };

  return (
    <form className="setup-form template-editor" noValidate onSubmit={(e) => void submit(e)} onKeyDown={formKeys(onCancel)} data-testid="template-form">
      <FormBanner text={general} />
      <div className="inline-fields">
        <TextField
          id="template-effectiveFrom"
          label="Takes effect on"
          placeholder="YYYY-MM-DD"
          hint="Empty: from the start"
          value={draft.effectiveFrom}
          error={errors.effectiveFrom}
          onChange={(e) => setDraft((d) => ({ ...d, effectiveFrom: e.target.value }))}
          autoFocus
        />
        <TextField
          id="template-effectiveUntil"
          label="Last day"
          placeholder="YYYY-MM-DD"
          hint="Empty: until replaced"
          value={draft.effectiveUntil}
          error={errors.effectiveUntil}
          onChange={(e) => setDraft((d) => ({ ...d, effectiveUntil: e.target.value }))}
        />
      </div>
      {errors.days && <p className="error-text">{errors.days}</p>}
      <table className="table template-days">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Working hours</th>
            <th scope="col">Breaks</th>
            <th scope="col">Reserved for types</th>
          </tr>
        </thead>
        <tbody>
          {WEEK_ORDER.map((day) => (
            <tr key={day} data-testid={`template-day-${day}`}>
              <th scope="row">{WEEKDAY_LABELS[day]}</th>
              <td>
                <RangeList day={day} list="hours" ranges={draft.days[day].hours} errors={errors} onChange={(hours) => setDay(day, (d) => ({ ...d, hours }))} />
              </td>
              <td>
                <RangeList day={day} list="breaks" ranges={draft.days[day].breaks} errors={errors} onChange={(breaks) => setDay(day, (d) => ({ ...d, breaks }))} />
              </td>
              <td>
                <RangeList
                  day={day}
                  list="reserved"
                  ranges={draft.days[day].reserved}
                  errors={errors}
                  types={types?.ok ? types.value.items : []}
                  onChange={(reserved) => setDay(day, (d) => ({ ...d, reserved: reserved as ReservedRange[] }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormActions submitLabel="Save weekly hours" submitting={busy} onCancel={onCancel} testId="save-template" />
    </form>
  );
}

const LIST_LABELS = { hours: 'hours', breaks: 'break', reserved: 'reserved block' } as const;

interface RangeListProps {
  day: Weekday;
  list: keyof typeof LIST_LABELS;
  ranges: readonly (Range & { appointmentTypeIds?: string[] })[];
  errors: PathErrors;
  /** For reserved blocks: the types one may be kept for. */
  types?: AppointmentType[];
  onChange(ranges: (Range & { appointmentTypeIds?: string[] })[]): void;
}

/** The from–to ranges of one day's list; each range's errors under it. */
function RangeList({ day, list, ranges, errors, types, onChange }: RangeListProps) {
  const what = `${WEEKDAY_LABELS[day]} ${LIST_LABELS[list]}`;
  const update = (index: number, change: Partial<Range & { appointmentTypeIds: string[] }>) => onChange(ranges.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const blank = list === 'reserved' ? { from: '', to: '', appointmentTypeIds: [] } : { from: '', to: '' };
  return (
    <div className="range-list">
      {ranges.map((range, index) => {
        const prefix = `days.${day}.${list}.${index}`;
        const error = Object.entries(errors).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
        const testId = `${day}-${list}-${index}`;
        return (
          <div key={index} className={error ? 'range invalid' : 'range'}>
            <input aria-label={`${what} ${index + 1} from`} placeholder="09:00" size={5} value={range.from} onChange={(e) => update(index, { from: e.target.value })} data-testid={`${testId}-from`} />
            –
            <input aria-label={`${what} ${index + 1} to`} placeholder="17:00" size={5} value={range.to} onChange={(e) => update(index, { to: e.target.value })} data-testid={`${testId}-to`} />
            <button type="button" className="link-button" aria-label={`Remove ${what} ${index + 1}`} onClick={() => onChange(ranges.filter((_, i) => i !== index))}>
              ×
            </button>
            {types && (
              <div className="checkbox-list">
                {types.map((type) => (
                  <label key={type.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={range.appointmentTypeIds?.includes(type.id) ?? false}
                      onChange={(e) =>
                        update(index, {
                          appointmentTypeIds: e.target.checked ? [...(range.appointmentTypeIds ?? []), type.id] : (range.appointmentTypeIds ?? []).filter((id) => id !== type.id),
                        })
                      }
                    />{' '}
                    {type.name}
                  </label>
                ))}
              </div>
            )}
            {error && (
              <span className="field-error" role="alert">
                {error}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" className="link-button" onClick={() => onChange([...ranges, blank])} data-testid={`add-${day}-${list}`}>
        + {LIST_LABELS[list]}
      </button>
    </div>
  );
}
