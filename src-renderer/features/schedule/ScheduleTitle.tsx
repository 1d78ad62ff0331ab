import type { ReactNode } from 'react';

/** A Schedule screen's heading: "Schedule" and the dates it shows. */
export function ScheduleTitle({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <h1>
      Schedule{' '}
      <span className="schedule-date" data-testid={testId}>
        {children}
      </span>
    </h1>
  );
}
