import { z } from 'zod';

export const changesSinceInput = z.object({
  /** Omit to get the current head without history (a new subscriber). */
  cursor: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(10_000).default(2_000),
});

export const changesSinceOutput = z.object({
  cursor: z.number().int(),
  changes: z.array(z.object({ table: z.string(), ids: z.array(z.string()) })),
  /** True when more changes wait after the returned cursor. */
  more: z.boolean(),
});
export type ChangesSince = z.infer<typeof changesSinceOutput>;
