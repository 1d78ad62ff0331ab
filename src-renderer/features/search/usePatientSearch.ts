import { useEffect, useState } from 'react';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import { useTableVersion } from '../../lib/change-feed';
import { call } from '../../lib/rpc';

export const SEARCH_DEBOUNCE_MS = 150;
/** The most results one search shows (the contract's maximum); the list is virtualised. */
export const SEARCH_LIMIT = 100;

interface Answer {
  key: string;
  items: PatientSummary[];
  error: string | null;
}

export interface PatientSearch {
  /** The trimmed query the results belong to (or will). */
  query: string;
  items: PatientSummary[];
  /** A request for the current query is pending; `items` still shows the previous answer. */
  searching: boolean;
  error: string | null;
  /** The answer holds as many patients as were asked for: there may be more. */
  capped: boolean;
}

/**
 * Search as you type: debounced, and only the answer to the latest query is kept (an earlier
 * request that returns late is dropped). Re-runs when the change feed reports patient changes,
 * so open results pick up patients registered in another window.
 */
export function usePatientSearch(text: string, limit = SEARCH_LIMIT): PatientSearch {
  const query = text.trim();
  const key = `${limit}:${query}`;
  const version = useTableVersion('patients');
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (query === '') return;
    let current = true;
    const timer = window.setTimeout(() => {
      void call('patients.search', { query, limit }).then((result) => {
        if (!current) return;
        setAnswer(
          result.ok
            ? { key, items: result.value.items, error: null }
            : { key, items: [], error: result.error.message },
        );
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, limit, key, version]);

  if (query === '') return { query, items: [], searching: false, error: null, capped: false };
  const items = answer?.items ?? [];
  return {
    query,
    items,
    searching: answer?.key !== key,
    error: answer?.key === key ? answer.error : null,
    capped: items.length >= limit,
  };
}
