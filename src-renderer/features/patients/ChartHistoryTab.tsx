import type { Patient } from '../../../src-shared/patients/schema';

// Placeholder for parallel work: replaced by the real tab.
export function ChartHistoryTab(_props: { patient: Patient }) {
  return null;
}
