import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { RpcError } from '../../../src-shared/rpc/errors';
import type { Conflict } from '../../../src-shared/scheduling/schema';
import { showRefusal } from '../../lib/forms';
import { weekdayAndDate } from './schedule-names';

/** A refused booking or change: the service's message and, for a CONFLICT, what collides and whether an overbook may go over it. */
export interface Refusal {
  message: string;
  conflicts: Conflict[];
  overbookable: boolean;
}

export function refusalOf(error: RpcError): Refusal {
  const details = (error.details ?? {}) as { reason?: string; conflicts?: Conflict[]; overbookable?: boolean };
  return { message: error.message, conflicts: details.reason === 'conflicts' ? (details.conflicts ?? []) : [], overbookable: details.overbookable === true };
}

/**
 * A refused booking or change on its form: field messages beside their fields, `askOverbook()`
 * when the collisions may be overbooked with a reason; returns what the alert shows (null: the
 * fields say it all).
 */
export function placeRefusal<V extends FieldValues>(error: RpcError, fields: readonly Path<V>[], setError: UseFormSetError<V>, askOverbook: () => void): Refusal | null {
  const refused = refusalOf(error);
  if (refused.overbookable) askOverbook();
  const unplaced = showRefusal(error, fields, setError);
  return unplaced === null && error.code !== 'CONFLICT' ? null : { ...refused, message: unplaced ?? error.message };
}

const CONFLICT_LABELS: Record<Conflict['kind'], string> = {
  availability: 'Outside the provider’s bookable time:',
  provider: 'The provider has another appointment',
  resource: 'A room or device is taken',
  patient: 'The patient has another appointment',
  overbook_cap: 'The day’s overbooks for this type are used up:',
  nonexistent_time: 'The clocks skip this time:',
};

/** The visits of a series a refusal names (by the date the series' rule gives each), in order. */
export function refusedVisitDates(refusal: Refusal): string[] {
  return [...new Set(refusal.conflicts.flatMap((conflict) => (conflict.occurrenceDate ? [conflict.occurrenceDate] : [])))].sort();
}

interface ConflictListProps {
  refusal: Refusal;
  /** The lead line; the service's message unless given. */
  summary?: string;
  /** The verb of the form's submit ("book", "save"): "give a reason and book again". */
  retry: string;
  /** What to do next when the collisions cannot be overbooked. */
  otherwise: string;
  providerName(providerId: string | undefined): string;
  testId: string;
}

/**
 * Why a booking or change was refused, as an alert beside its form: each collision (for a series,
 * under the date of the visit it belongs to), then whether an overbook with a reason may go ahead.
 */
export function ConflictList({ refusal, summary, retry, otherwise, providerName, testId }: ConflictListProps) {
  const line = (conflict: Conflict) => (
    <>
      {CONFLICT_LABELS[conflict.kind]} {conflict.local.start}–{conflict.local.end}
      {conflict.kind === 'provider' && ` (${providerName(conflict.providerId)})`}
    </>
  );
  return (
    <aside className="booking-conflict banner banner-error" role="alert" data-testid={testId}>
      <p>{summary ?? refusal.message}</p>
      {refusal.conflicts.length > 0 && (
        <ul>
          {refusal.conflicts.map((conflict, index) => (
            <li key={index} data-testid="booking-conflict-item" data-date={conflict.occurrenceDate}>
              {conflict.occurrenceDate && <strong className="conflict-date">{weekdayAndDate(conflict.occurrenceDate)}: </strong>}
              {line(conflict)}
            </li>
          ))}
        </ul>
      )}
      {refusal.overbookable ? <p>This type may be overbooked: give a reason and {retry} again.</p> : refusal.conflicts.length > 0 && <p>{otherwise}</p>}
    </aside>
  );
}
