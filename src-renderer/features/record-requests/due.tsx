import { formatDate } from '../../lib/format';

/** Within this many days an open request is flagged as due soon. */
const DUE_SOON_DAYS = 7;

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** Where an open request stands: overdue (highlighted), due today or soon, or the days left. */
export function DueBadge({ daysLeft, overdue }: { daysLeft: number | null; overdue: boolean }) {
  if (daysLeft === null) return null;
  if (overdue) {
    return (
      <span className="pill pill-danger" data-testid="due-badge" data-state="overdue">
        Overdue by {days(-daysLeft)}
      </span>
    );
  }
  const soon = daysLeft <= DUE_SOON_DAYS;
  return (
    <span className={soon ? 'pill pill-warning' : 'pill pill-muted'} data-testid="due-badge" data-state={soon ? 'soon' : 'open'}>
      {daysLeft === 0 ? 'Due today' : `${days(daysLeft)} left`}
    </span>
  );
}

/** The due date that counts, marked when it is the extended one. */
export function DueDate({ effectiveDueOn, extended }: { effectiveDueOn: string; extended: boolean }) {
  return (
    <span className="nowrap">
      {formatDate(effectiveDueOn)}
      {extended && <span className="hint"> (extended)</span>}
    </span>
  );
}
