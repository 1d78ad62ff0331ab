import type { Patient } from '../../../src-shared/patients/schema';

// Placeholder for parallel work: replaced by the real merge controls.
export function MergeControls(_props: { patient: Patient }) {
  return null;
}
