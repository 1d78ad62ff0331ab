import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSearchSettler, SEARCH_SETTLE_MS, type SettledSearch } from '../../../src-renderer/features/search/search-settler';

let recorded: SettledSearch[];
const timers = { setTimeout: (run: () => void, ms: number) => Number(setTimeout(run, ms)), clearTimeout: (id: number) => clearTimeout(id) };
const settler = (alreadyRecorded: string | null = null) => createSearchSettler((s) => recorded.push(s), { timers, alreadyRecorded });

beforeEach(() => {
  vi.useFakeTimers();
  recorded = [];
});

afterEach(() => {
  vi.useRealTimers();
});

/** Typing a query letter by letter: each prefix's results arrive, then the next letter makes them stale. */
function type(s: ReturnType<typeof settler>, query: string, msPerLetter: number) {
  for (let n = 1; n <= query.length; n++) {
    s.show(null);
    s.show({ query: query.slice(0, n), resultCount: 10 - n });
    vi.advanceTimersByTime(msPerLetter);
  }
}

describe('the search a user settled on', () => {
  it('is recorded once its results have stayed on screen for the settle time, not per keystroke', () => {
    const s = settler();
    type(s, 'lopez', 200);
    expect(recorded).toEqual([]);
    vi.advanceTimersByTime(SEARCH_SETTLE_MS - 200 - 1);
    expect(recorded).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(recorded).toEqual([{ query: 'lopez', resultCount: 5 }]);
    vi.advanceTimersByTime(10 * SEARCH_SETTLE_MS);
    expect(recorded).toHaveLength(1);
  });

  it('a pause records the query paused on; typing on and pausing again records the new one', () => {
    const s = settler();
    type(s, 'lop', 100);
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    s.show(null);
    s.show({ query: 'lopez', resultCount: 2 });
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    expect(recorded.map((r) => r.query)).toEqual(['lop', 'lopez']);
  });

  it('the same query answered again (the change feed re-runs it) is not a new search', () => {
    const s = settler();
    s.show({ query: 'lopez', resultCount: 2 });
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    s.show({ query: 'lopez', resultCount: 3 });
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    expect(recorded).toEqual([{ query: 'lopez', resultCount: 2 }]);
  });

  it('opening a result settles the query at once, with that patient, and only once', () => {
    const s = settler();
    s.show({ query: 'lop', resultCount: 4 });
    vi.advanceTimersByTime(300);
    s.opened('patient-1');
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    s.opened('patient-2');
    expect(recorded).toEqual([{ query: 'lop', resultCount: 4, patientId: 'patient-1' }]);
  });

  it('nothing is recorded while no answer is on screen, after the box is emptied, or after leaving', () => {
    const s = settler();
    s.show(null);
    s.opened('patient-1');
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    s.show({ query: 'lo', resultCount: 9 });
    s.show(null);
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    s.show({ query: 'lop', resultCount: 4 });
    s.dispose();
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    expect(recorded).toEqual([]);
  });

  it('a query restored on screen (back from a chart) is not searched again', () => {
    const s = settler('lopez');
    s.show({ query: 'lopez', resultCount: 2 });
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    s.opened('patient-1');
    expect(recorded).toEqual([]);
    s.show({ query: 'lopez m', resultCount: 1 });
    vi.advanceTimersByTime(SEARCH_SETTLE_MS);
    expect(recorded).toEqual([{ query: 'lopez m', resultCount: 1 }]);
  });
});
