import { z } from 'zod';
import { patientSummarySchema } from '../patients/schema';

const chartId = (which: string) => z.uuid({ error: `Not a valid ${which} id` });

export const mergeInput = z.object({
  /** The chart that stays, and receives every linked record. */
  survivorId: chartId('patient'),
  /** The duplicate: its records move to the survivor, then it is closed (merged into the survivor). */
  mergedId: chartId('patient'),
});
export type MergeInput = z.input<typeof mergeInput>;

export const unmergeInput = z.object({ mergeId: chartId('merge') });

export const chartMergesInput = z.object({ patientId: chartId('patient') });

/** How many records of one kind a chart holds (`removed`: earlier removed ones, which move too). */
export const linkedCountSchema = z.object({
  /** The database table, e.g. record_requests. */
  table: z.string(),
  /** What one record of it is called, e.g. "record request". */
  kind: z.string(),
  count: z.number().int().min(0),
  removed: z.number().int().min(0),
});
export type LinkedCount = z.infer<typeof linkedCountSchema>;

export const mergeSideSchema = patientSummarySchema.extend({ linked: z.array(linkedCountSchema) });
export type MergeSide = z.infer<typeof mergeSideSchema>;

/** One side of a double booking a merge would make: the time (clinic zone) and with whom. */
const bookedVisitSchema = z.object({ appointmentId: z.string(), start: z.string(), end: z.string(), providerName: z.string() });
/** Two appointments still to come, one on each chart, at overlapping times: merged, one patient would be booked twice at once. */
export const overlappingVisitsSchema = z.object({ date: z.string(), survivor: bookedVisitSchema, merged: bookedVisitSchema });
export type OverlappingVisits = z.infer<typeof overlappingVisitsSchema>;

/** `patients.mergePreview`: both charts side by side, after every check the merge itself makes, and the double bookings it would make. */
export const mergePreviewOutput = z.object({ survivor: mergeSideSchema, merged: mergeSideSchema, overlapping: z.array(overlappingVisitsSchema) });
export type MergePreview = z.infer<typeof mergePreviewOutput>;

const chartRefSchema = z.object({ id: z.string(), mrn: z.string() });
const userRefSchema = z.object({ id: z.string(), displayName: z.string() }).nullable();

/** Why a merge cannot be undone (or null while it can). */
export const undoStatusSchema = z.object({ possible: z.boolean(), reason: z.string().nullable() });

export const chartMergeSchema = z.object({
  id: z.string(),
  /** Ids and MRNs only: a chart's merge history never shows the other chart's details. */
  survivor: chartRefSchema,
  merged: chartRefSchema,
  mergedAt: z.string(),
  mergedBy: userRefSchema,
  /** Records moved, counted per kind. */
  moved: z.array(z.object({ table: z.string(), kind: z.string(), count: z.number().int().min(1) })),
  unmergedAt: z.string().nullable(),
  unmergedBy: userRefSchema,
  /** Null once undone. */
  undo: undoStatusSchema.nullable(),
});
export type ChartMerge = z.infer<typeof chartMergeSchema>;

export const chartMergesOutput = z.object({ items: z.array(chartMergeSchema) });

/** Why `patients.unmerge` was refused (CONFLICT `details`). */
export const UNMERGE_BLOCKS = [
  /** A later merge closed one of the two charts: undo that one first. */
  'later_merge',
  /** The duplicate chart is no longer closed into the survivor (changed elsewhere, e.g. through sync). */
  'chart_changed',
  /** A moved record now belongs to another chart. */
  'record_moved',
  /** A moved record was written after the merge. */
  'record_changed',
  /** A moved record is not in this database, or of a kind this version does not know. */
  'record_missing',
] as const;
export type UnmergeBlock = (typeof UNMERGE_BLOCKS)[number];

export const unmergeConflictDetails = z.object({
  reason: z.enum(UNMERGE_BLOCKS),
  /** The merge to undo first (later_merge). */
  blockingMergeId: z.string().optional(),
  /** The records in the way (record_*). */
  records: z
    .array(z.object({ table: z.string(), kind: z.string(), id: z.string(), changedAt: z.string().nullable() }))
    .optional(),
});
export type UnmergeConflictDetails = z.infer<typeof unmergeConflictDetails>;


/** `details` of the NOT_FOUND that opening a merged chart (`patients.get`) returns: the chart that holds its records now. */
export const mergedChartDetails = z.object({ mergedInto: z.string(), mergedIntoMrn: z.string() });
