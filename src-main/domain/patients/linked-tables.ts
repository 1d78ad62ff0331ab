/**
 * Every table whose rows belong to one patient, and the column naming that patient. Merging two
 * charts moves every such row to the survivor (and unmerging moves the same rows back), so a
 * later area that links rows to a patient (appointments, claims, letters) adds its table here.
 */
export const PATIENT_LINKED_TABLES = [
  { table: 'patientContacts', column: 'patientId' },
  { table: 'coverages', column: 'patientId' },
  { table: 'documents', column: 'patientId' },
  { table: 'recordRequests', column: 'patientId' },
  { table: 'appointments', column: 'patientId' },
  { table: 'appointmentSeries', column: 'patientId' },
  { table: 'waitlistEntries', column: 'patientId' },
] as const;

export type PatientLinkedTable = (typeof PATIENT_LINKED_TABLES)[number]['table'];
