import { useFormContext, useWatch } from 'react-hook-form';
import { WEEK_ORDER, WEEKDAY_LABELS } from '../scheduling-setup/TemplatesPanel';
import { weekdayAndDate } from './schedule-names';
import type { Occurrence } from '../../../src-shared/scheduling/recurrence';
import type { RepeatValues, VisitPreview } from './series-preview';

/** A longer series shows its first visits, then how many more and the last one. */
const PREVIEW_LIMIT = 8;
const PREVIEW_HEAD = 6;

/**
 * The booking form's "Repeat weekly": the weekdays, every how many weeks, and the end (a date or a
 * number of visits; one must be chosen). Lives inside the booking form's <FormProvider>.
 */
export function RepeatFields() {
  const {
    register,
    control,
    setValue,
    clearErrors,
    formState: { errors },
  } = useFormContext<RepeatValues>();
  const repeat = useWatch({ control, name: 'repeat' });
  const endError = errors.ends?.message ?? errors.until?.message ?? errors.count?.message;
  // A message from the last submit goes once the user changes what it was about.
  const clearing = (...names: (keyof RepeatValues)[]) => ({ onChange: () => clearErrors(names) });
  const chooseEnd = (ends: RepeatValues['ends']) => ({
    onChange: () => {
      setValue('ends', ends, { shouldDirty: true });
      clearErrors(['ends', 'until', 'count']);
    },
  });
  const invalid = (error: unknown) => (error ? true : undefined);

  return (
    <div className="repeat-fields">
      <label className="checkbox-line repeat-toggle">
        <input type="checkbox" {...register('repeat')} data-testid="booking-repeat" /> Repeat weekly
      </label>
      {repeat && (
        <fieldset className="repeat-details" data-testid="booking-repeat-fields">
          <legend className="visually-hidden">Repeat</legend>
          <span className="field-label" id="booking-weekdays-label">
            On
          </span>
          <div>
            <div className="weekday-pills" role="group" aria-labelledby="booking-weekdays-label" aria-describedby="booking-weekdays-error">
              {WEEK_ORDER.map((day) => (
                <label key={day} className="weekday-pill" title={WEEKDAY_LABELS[day]}>
                  <input type="checkbox" value={day} aria-label={WEEKDAY_LABELS[day]} aria-invalid={invalid(errors.weekdays)} {...register('weekdays', clearing('weekdays'))} />
                  <span aria-hidden="true">{WEEKDAY_LABELS[day].slice(0, 3)}</span>
                </label>
              ))}
            </div>
            <span id="booking-weekdays-error" className="field-error" data-testid="error-booking-weekdays">
              {errors.weekdays?.message}
            </span>
          </div>
          <label className="field-label" htmlFor="booking-everyWeeks">
            Every
          </label>
          <div>
            <span className="repeat-inline">
              <input
                id="booking-everyWeeks"
                type="number"
                min={1}
                max={52}
                className="repeat-number"
                aria-invalid={invalid(errors.everyWeeks)}
                aria-describedby="booking-everyWeeks-unit booking-everyWeeks-error"
                {...register('everyWeeks', clearing('everyWeeks'))}
              />
              <span id="booking-everyWeeks-unit">week(s)</span>
            </span>
            <span id="booking-everyWeeks-error" className="field-error">
              {errors.everyWeeks?.message}
            </span>
          </div>
          <span className="field-label" id="booking-ends-label">
            Ends<span className="required" aria-hidden="true"> *</span>
            <span className="visually-hidden"> (required)</span>
          </span>
          <div className="repeat-ends" role="radiogroup" aria-labelledby="booking-ends-label" aria-describedby="booking-ends-error">
            <span className="repeat-inline">
              <label className="repeat-end">
                <input type="radio" value="until" aria-invalid={invalid(errors.ends)} {...register('ends', clearing('ends', 'until', 'count'))} data-testid="booking-ends-until" /> On
              </label>
              <input type="date" aria-label="Last date" aria-invalid={invalid(errors.until)} {...register('until', chooseEnd('until'))} data-testid="booking-until" />
            </span>
            <span className="repeat-inline">
              <label className="repeat-end">
                <input type="radio" value="count" aria-invalid={invalid(errors.ends)} {...register('ends', clearing('ends', 'until', 'count'))} data-testid="booking-ends-count" /> After
              </label>
              <input
                type="number"
                min={1}
                className="repeat-number"
                aria-label="Number of visits"
                aria-invalid={invalid(errors.count)}
                {...register('count', chooseEnd('count'))}
                data-testid="booking-count"
              />
              visits
            </span>
            <span id="booking-ends-error" className="field-error" data-testid="error-booking-ends">
              {endError}
            </span>
          </div>
        </fieldset>
      )}
    </div>
  );
}

/** The dates a repeat books, computed from the form as it is typed (or what it still needs). */
export function VisitPreviewList({ preview, refusedDates = [] }: { preview: VisitPreview; refusedDates?: readonly string[] }) {
  const visits = preview.ok ? preview.visits : [];
  const numbered = visits.map((visit, index) => ({ visit, number: index + 1 }));
  const shown = visits.length > PREVIEW_LIMIT ? [...numbered.slice(0, PREVIEW_HEAD), null, numbered.at(-1)!] : numbered;
  return (
    <section className="visit-preview" aria-labelledby="visit-preview-title" data-testid="booking-preview">
      <h3 id="visit-preview-title">{preview.ok ? `${visits.length} ${visits.length === 1 ? 'visit' : 'visits'}` : 'Visits'}</h3>
      {preview.ok ? (
        <ol>
          {shown.map((item) =>
            item === null ? (
              <li key="more" className="hint visit-preview-more">
                … {visits.length - PREVIEW_HEAD - 1} more …
              </li>
            ) : (
              <PreviewVisit key={item.visit.originalDate} visit={item.visit} number={item.number} refused={refusedDates.includes(item.visit.originalDate)} />
            ),
          )}
        </ol>
      ) : (
        <p className="hint" data-testid="booking-preview-missing">
          {preview.message}
        </p>
      )}
    </section>
  );
}

function PreviewVisit({ visit, number, refused }: { visit: Occurrence; number: number; refused: boolean }) {
  return (
    <li value={number} className={refused ? 'visit-refused' : undefined} data-testid="booking-preview-visit">
      {weekdayAndDate(visit.date)} {visit.time}
      {visit.nonexistentLocalTime && <span className="hint"> (the clocks skip this time)</span>}
      {refused && <span className="visually-hidden"> (cannot be booked)</span>}
    </li>
  );
}
