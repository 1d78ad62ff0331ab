import { defineMethod } from '../rpc/define';
import { chartMergeSchema, chartMergesInput, chartMergesOutput, mergeInput, mergePreviewOutput, unmergeInput } from './schema';

/** RPC methods of merging two charts and undoing it. Spread into the one contract (src-shared/rpc/contract.ts). */
export const mergeMethods = {
  /** Both charts side by side with the records that would move; refused exactly as `patients.merge` would be. */
  'patients.mergePreview': defineMethod({ input: mergeInput, output: mergePreviewOutput, permission: 'patients.merge', kind: 'read' }),
  /**
   * Moves every record linked to `mergedId` to `survivorId` and closes `mergedId` (merged into the
   * survivor). The survivor's own details stay as they are.
   */
  'patients.merge': defineMethod({ input: mergeInput, output: chartMergeSchema, permission: 'patients.merge', kind: 'write' }),
  /**
   * Moves exactly the records a merge moved back and reopens the duplicate chart. Refused with
   * CONFLICT (`details`: unmergeConflictDetails) when a later change makes that impossible.
   */
  'patients.unmerge': defineMethod({ input: unmergeInput, output: chartMergeSchema, permission: 'patients.merge', kind: 'write' }),
  /** The merges a chart took part in (as survivor or as duplicate), newest first. */
  'patients.merges': defineMethod({ input: chartMergesInput, output: chartMergesOutput, permission: 'patients.read', kind: 'read' }),
} as const;
