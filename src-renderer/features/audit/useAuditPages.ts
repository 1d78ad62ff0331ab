import { useEffect, useState } from 'react';
import { MAX_AUDIT_PAGE, type AuditCursor, type AuditEntryView, type AuditSearchInput, type AuditSearchOutput } from '../../../src-shared/audit/schema';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import { call } from '../../lib/rpc';

export const AUDIT_PAGE_SIZE = 100;

/** An export reads at most this many entries (50 pages); a longer log is narrowed with the filters. */
export const MAX_EXPORT_ENTRIES = 10_000;

type Filters = Omit<AuditSearchInput, 'cursor' | 'limit'>;

interface Answer {
  /** The request it answers (filters, refresh, page). */
  request: string;
  key: string;
  items: AuditEntryView[];
  nextCursor: AuditCursor | null;
  error: RpcError | null;
}

/** A request for the page after `after`, appended to `prior` (what was on screen). */
interface NextPage {
  key: string;
  generation: number;
  after: AuditCursor;
  prior: AuditEntryView[];
}

/**
 * The audit log for a set of filters, a page at a time, newest first: a change of filters starts
 * again from the newest, `more()` appends the next page, `refresh()` reloads the first. Only the
 * answer to the latest request is kept.
 */
export function useAuditPages(filters: Filters) {
  const key = JSON.stringify(filters);
  const [generation, setGeneration] = useState(0);
  const [nextPage, setNextPage] = useState<NextPage | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const page = nextPage?.key === key && nextPage.generation === generation ? nextPage : null;
  const request = `${key}#${generation}#${page ? `${page.after.at}~${page.after.seq}` : ''}`;

  useEffect(() => {
    let current = true;
    const prior = page?.prior ?? [];
    void call('audit.search', { ...(JSON.parse(key) as Filters), limit: AUDIT_PAGE_SIZE, ...(page ? { cursor: page.after } : {}) }).then((result) => {
      if (!current) return;
      setAnswer(
        result.ok
          ? { request, key, items: [...prior, ...result.value.items], nextCursor: result.value.nextCursor, error: null }
          : { request, key, items: prior, nextCursor: page?.after ?? null, error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [request, key, page]);

  const loading = answer?.request !== request;
  // While a page loads, what was on screen for the same filters stays.
  const shown = answer?.key === key ? answer : null;
  return {
    items: shown?.items ?? [],
    nextCursor: shown?.nextCursor ?? null,
    error: loading ? null : (shown?.error ?? null),
    loading,
    more: () => {
      if (shown?.nextCursor && !loading) setNextPage({ key, generation, after: shown.nextCursor, prior: shown.items });
    },
    refresh: () => setGeneration((n) => n + 1),
  };
}

/** Every entry matching the filters (up to MAX_EXPORT_ENTRIES), page after page, for an export. */
export async function allEntries(filters: Filters): Promise<{ ok: true; items: AuditEntryView[]; complete: boolean } | { ok: false; error: RpcError }> {
  const items: AuditEntryView[] = [];
  let cursor: AuditCursor | null = null;
  do {
    const page: RpcResult<AuditSearchOutput> = await call('audit.search', { ...filters, limit: MAX_AUDIT_PAGE, ...(cursor ? { cursor } : {}) });
    if (!page.ok) return page;
    items.push(...page.value.items);
    cursor = page.value.nextCursor;
  } while (cursor && items.length < MAX_EXPORT_ENTRIES);
  return { ok: true, items, complete: cursor === null };
}
