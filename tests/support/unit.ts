import { afterEach, beforeEach, vi } from 'vitest';
import type { z } from 'zod';

/** Field path → first message, the way the router reports a refused input. */
export function issuesOf(result: z.ZodSafeParseResult<unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) out[issue.path.join('.')] ??= issue.message;
  return out;
}

/** "Now" is `at` (local time) during each test of the file: for rules about today and the future. Only Date is faked. */
export function fakeNowForEachTest(at: Date): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
