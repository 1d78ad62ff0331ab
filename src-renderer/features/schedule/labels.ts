import type { CancelledBy } from '../../../src-shared/scheduling/status';

/** The patient as the schedule shows them (the same on screen, on paper and in the PDF). */
export { patientLabel } from '../../../src-shared/scheduling/day-sheet';

/** Who cancelled, as the cancel forms offer it. */
export const CANCELLED_BY_LABELS: Record<CancelledBy, string> = { patient: 'By the patient', clinic: 'By the clinic' };
