import { Link } from 'wouter';
import { addDays } from '../../../src-shared/scheduling/clinic-time';
import { navigate } from '../../lib/navigation';
import { altOnly, useScreenKeys } from './schedule-keys';
import { dayPath, listPath, mondayOf, weekPath } from './schedule-paths';

export type ScheduleView = 'day' | 'week' | 'list';

const VIEWS: readonly { view: ScheduleView; label: string; keys: string }[] = [
  { view: 'day', label: 'Day', keys: 'Alt+1' },
  { view: 'week', label: 'Week', keys: 'Alt+2' },
  { view: 'list', label: 'List', keys: 'Alt+3' },
];

interface ScheduleViewTabsProps {
  view: ScheduleView;
  /** The date shown: the day view opens on it, the week and the list hold it. */
  date: string;
  /** The provider shown, kept by the week and the list. */
  providerId?: string | null | undefined;
}

/** Day, week and list views of the same dates (and provider), with Alt+1, Alt+2 and Alt+3 (the chart's tabs use the same keys). */
export function ScheduleViewTabs({ view, date, providerId = null }: ScheduleViewTabsProps) {
  const monday = mondayOf(date);
  const paths: Record<ScheduleView, string> = {
    day: dayPath(date),
    week: weekPath(date, providerId),
    list: listPath({ from: view === 'day' ? date : monday, to: view === 'day' ? date : addDays(monday, 6), providerId, status: 'active' }),
  };
  useScreenKeys((event) => {
    const index = altOnly(event) ? /^Digit([1-3])$/.exec(event.code)?.[1] : undefined;
    const target = index ? VIEWS[Number(index) - 1]! : undefined;
    if (!target) return false;
    if (target.view !== view) navigate(paths[target.view]);
    return true;
  });

  return (
    <nav className="schedule-views" aria-label="Schedule views" data-testid="schedule-views">
      {VIEWS.map((v) =>
        v.view === view ? (
          <span key={v.view} className="schedule-view current" aria-current="page" data-testid={`schedule-view-${v.view}`}>
            {v.label} <kbd aria-hidden="true">{v.keys}</kbd>
          </span>
        ) : (
          <Link key={v.view} href={paths[v.view]} className="schedule-view" aria-keyshortcuts={v.keys} data-testid={`schedule-view-${v.view}`}>
            {v.label} <kbd aria-hidden="true">{v.keys}</kbd>
          </Link>
        ),
      )}
    </nav>
  );
}
