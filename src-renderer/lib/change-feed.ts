/**
 * The change feed: after any committed write (this window, another window, later another
 * workstation through sync) the service announces a new cursor; this store asks
 * `changes.since` what changed and tells the screens that watch those tables.
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { call, subscribe } from './rpc';

type TableListener = (ids: readonly string[]) => void;

interface ChangeFeedState {
  /** Last cursor this window has caught up to; null until the first answer. */
  cursor: number | null;
  /** Bumped once per batch that touched the table: a cheap dependency for effects. */
  versions: Record<string, number>;
}

export const useChangeFeed = create<ChangeFeedState>(() => ({ cursor: null, versions: {} }));

const tableListeners = new Map<string, Set<TableListener>>();

let pulling = false;
let pullAgain = false;

function publish(changed: Map<string, Set<string>>): void {
  if (changed.size === 0) return;
  useChangeFeed.setState((state) => {
    const versions = { ...state.versions };
    for (const table of changed.keys()) versions[table] = (versions[table] ?? 0) + 1;
    return { versions };
  });
  for (const [table, ids] of changed) {
    const list = [...ids];
    for (const listener of [...(tableListeners.get(table) ?? [])]) listener(list);
  }
}

/** Reads every page after our cursor; one pull at a time, re-run if notified meanwhile. */
async function pull(): Promise<void> {
  if (pulling) {
    pullAgain = true;
    return;
  }
  pulling = true;
  try {
    do {
      pullAgain = false;
      const start = useChangeFeed.getState().cursor;
      if (start === null) {
        const head = await call('changes.since', {});
        if (head.ok) useChangeFeed.setState({ cursor: head.value.cursor });
        continue;
      }
      const changed = new Map<string, Set<string>>();
      let cursor = start;
      for (;;) {
        const page = await call('changes.since', { cursor });
        if (!page.ok) break; // Unreachable, signed out or locked for now: the next notification, reconnect or unlock retries.
        for (const { table, ids } of page.value.changes) {
          const set = changed.get(table) ?? new Set<string>();
          for (const id of ids) set.add(id);
          changed.set(table, set);
        }
        cursor = page.value.cursor;
        if (!page.value.more) break;
      }
      useChangeFeed.setState({ cursor });
      publish(changed);
    } while (pullAgain);
  } finally {
    pulling = false;
  }
}

let started = false;

/**
 * Catches up now (after sign-in or unlock): notifications that arrived while no session could
 * read the feed were dropped, and this window may have missed changes.
 */
export function resyncChangeFeed(): void {
  void pull();
}

/** Starts listening once per window (idempotent). */
export function startChangeFeed(): void {
  if (started) return;
  started = true;
  void pull();
  subscribe((cursor) => {
    const known = useChangeFeed.getState().cursor;
    if (known !== null && cursor <= known) return;
    void pull();
  });
}

/** A number that changes whenever rows of `table` change: put it in an effect's dependencies. */
export function useTableVersion(table: string): number {
  return useChangeFeed((state) => state.versions[table] ?? 0);
}

/** Calls `onChange(ids)` with the ids of the changed rows whenever `table` changes. */
export function useTableChanges(table: string, onChange: TableListener): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    const listener: TableListener = (ids) => latest.current(ids);
    const set = tableListeners.get(table) ?? new Set<TableListener>();
    set.add(listener);
    tableListeners.set(table, set);
    return () => {
      set.delete(listener);
    };
  }, [table]);
}
