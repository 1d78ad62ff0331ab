import type { Permission } from '../../../src-shared/auth/permissions';

export interface Area {
  path: string;
  label: string;
  /** Shown in the navigation only to users holding any of these (none listed: everyone signed in). */
  anyOf?: readonly Permission[];
  /** Built areas route to their own screens; the rest show what is coming. */
  built: boolean;
  summary: string;
  coming: string[];
}

/** The left navigation, in the order a front office works. */
export const AREAS: Area[] = [
  {
    path: '/front-desk',
    label: 'Front desk',
    anyOf: ['patients.read', 'messages.use'],
    built: true,
    summary: 'The day at the front desk: who is coming, who is here, and what each visit still needs; messages, referrals and supplies.',
    coming: [],
  },
  {
    path: '/schedule',
    label: 'Schedule',
    anyOf: ['patients.read'],
    built: true,
    summary: 'Appointments for providers, rooms and equipment, checked for conflicts as they are booked.',
    coming: [],
  },
  {
    path: '/patients',
    label: 'Patients',
    anyOf: ['patients.read'],
    built: true,
    summary: 'Find, register and open patient charts.',
    coming: [],
  },
  {
    path: '/records',
    label: 'Records',
    anyOf: ['records.release'],
    built: true,
    summary: 'Record requests (release of information) open across the clinic, overdue first.',
    coming: [],
  },
  {
    path: '/billing',
    label: 'Billing',
    built: false,
    summary: 'Encounters, claims, payments and the ledger every balance is derived from.',
    coming: [
      'Superbills with CPT/HCPCS procedures and ICD-10-CM diagnoses',
      'Claims validated before sending, as X12 837P files or CMS-1500 forms',
      'Payment posting by hand or from 835 remittance files; patient statements',
      'A/R aging and day sheets',
    ],
  },
  {
    path: '/insurance',
    label: 'Insurance',
    built: false,
    summary: 'Eligibility and prior authorizations. Coverages are on each chart’s Insurance tab; payers are in Admin.',
    coming: [
      'Eligibility checks (X12 270/271) or recorded phone verifications',
      'Prior authorizations with warnings before they are missing or expire',
    ],
  },
  {
    path: '/correspondence',
    label: 'Correspondence',
    built: false,
    summary: 'Letters, reminders and recalls, sent only as the patient’s consents allow.',
    coming: [
      'Letter templates with merge fields, kept as PDF in the chart',
      'Appointment reminders and recalls queued by channel, with honest sent / failed status',
    ],
  },
  {
    path: '/reports',
    label: 'Reports',
    built: false,
    summary: 'The numbers the office runs on, on screen and as CSV or PDF.',
    coming: [
      'Daily schedule, day sheet, A/R aging',
      'No-show and cancellation rates, provider utilization, claim denial rate',
      'Referral and record-request turnaround',
    ],
  },
  {
    path: '/admin',
    label: 'Admin',
    anyOf: ['users.manage', 'settings.manage', 'providers.manage', 'payers.manage', 'schedule.manage', 'audit.read', 'backups.manage'],
    built: true,
    summary: 'Users, clinic settings, providers, payers, the audit log, the break-glass report and backups.',
    coming: [],
  },
];

export function mayEnter(area: Area, permissions: readonly Permission[]): boolean {
  return !area.anyOf || area.anyOf.some((p) => permissions.includes(p));
}
