import { useState, type FormEvent } from 'react';

/** Dates as YYYY-MM-DD; '' leaves that end open. */
export interface Period {
  from: string;
  to: string;
}

const OPEN_PERIOD: Period = { from: '', to: '' };

/** The period as a method's input: only the ends that were given. */
export function periodInput({ from, to }: Period): { from?: string; to?: string } {
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Dates as typed, and the period they were applied as (an end before the start is refused). */
export function usePeriod() {
  const [typed, setTyped] = useState<Period>(OPEN_PERIOD);
  const [period, setPeriod] = useState<Period>(OPEN_PERIOD);
  const [error, setError] = useState<string | null>(null);

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    if (typed.from && typed.to && typed.from > typed.to) {
      setError('The end date is before the start date');
      return;
    }
    setError(null);
    if (typed.from !== period.from || typed.to !== period.to) setPeriod(typed);
  };

  return { typed, setTyped, period, error, apply };
}

/** A bar of two dates and Show, for a report over a period. */
export function PeriodFilter({ filter, hint, testIdPrefix }: { filter: ReturnType<typeof usePeriod>; hint: string; testIdPrefix: string }) {
  const { typed, setTyped, error, apply } = filter;
  return (
    <form className="filter-bar" onSubmit={apply} aria-label="Period">
      <label>
        From
        <input type="date" value={typed.from} onChange={(e) => setTyped({ ...typed, from: e.target.value })} data-testid={`${testIdPrefix}-from`} />
      </label>
      <label>
        To
        <input type="date" value={typed.to} onChange={(e) => setTyped({ ...typed, to: e.target.value })} data-testid={`${testIdPrefix}-to`} />
      </label>
      <button type="submit">Show</button>
      <span className="hint">{hint}</span>
      {error && (
        <span className="error-text" role="alert" data-testid={`${testIdPrefix}-period-error`}>
          {error}
        </span>
      )}
    </form>
  );
}
