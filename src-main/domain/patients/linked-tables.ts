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
  { table: 'checkIns', column: 'patientId' },
  { table: 'messages', column: 'patientId' },
  { table: 'referrals', column: 'patientId' },
] as const;

export type PatientLinkedTable = (typeof PATIENT_LINKED_TABLES)[number]['table'];

/**
 * Tables that name a patient but whose rows a merge cannot move: they are insert-only (triggers
 * refuse UPDATE). Their rows keep the chart they were written on, and readers take in the charts
 * merged into the one asked for (`chartsOfLedger` in domain/ledger); undoing a merge then needs
 * nothing moved back. By database name.
 */
export const PATIENT_INSERT_ONLY_TABLES = ['ledger_entries'] as const;
