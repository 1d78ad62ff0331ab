/** A valid new-patient input, as a form would send it. */
export const validPatient = {
  givenName: 'Maria',
  familyName: 'Lopez',
  dateOfBirth: '1985-07-14',
  sex: 'female',
  phone: '(617) 555-0142',
  email: 'maria.lopez@example.org',
} as const;
