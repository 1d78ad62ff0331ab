/** How long results must stay on screen unchanged before their query counts as the one the user settled on. */
export const SEARCH_SETTLE_MS = 1000;

export interface SettledSearch {
  query: string;
  resultCount: number;
  /** The result the user opened, when the search ended that way. */
  patientId?: string;
}

interface Timers {
  setTimeout(run: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

export interface SearchSettler {
  /** The answer on screen now; null while none is (empty box, a newer query pending, an error). */
  show(answer: { query: string; resultCount: number } | null): void;
  /** The user opened a result: the query on screen is settled now, with that patient. */
  opened(patientId: string): void;
  dispose(): void;
}

/**
 * Decides which searches reach the audit log: a query whose results stayed on screen for
 * `SEARCH_SETTLE_MS`, or from which a result was opened; each query once in a row (a change-feed
 * re-run of the same query is not a new search), never one per keystroke. `alreadyRecorded` is a
 * query restored on screen (coming back to the list), which the user did not search again.
 */
export function createSearchSettler(
  record: (search: SettledSearch) => void,
  { alreadyRecorded = null, timers = window }: { alreadyRecorded?: string | null; timers?: Timers } = {},
): SearchSettler {
  let onScreen: { query: string; resultCount: number } | null = null;
  let recorded = alreadyRecorded;
  let timer: number | null = null;

  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const settle = (patientId?: string) => {
    cancel();
    if (!onScreen || onScreen.query === recorded) return;
    recorded = onScreen.query;
    record({ ...onScreen, ...(patientId ? { patientId } : {}) });
  };

  return {
    show(answer) {
      cancel();
      onScreen = answer;
      if (answer && answer.query !== recorded) timer = timers.setTimeout(() => settle(), SEARCH_SETTLE_MS);
    },
    opened: (patientId) => settle(patientId),
    dispose: cancel,
  };
}
