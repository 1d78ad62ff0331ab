import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { PERMISSIONS } from '../../../src-shared/auth/permissions';
import { contract, type MethodName } from '../../../src-shared/rpc/contract';
import { DATABASE_FILE } from '../../../src-main/db/clinic-db';
import { openSqlite, type Sqlite } from '../../../src-main/db/open';
import { parseHlc } from '../../../src-main/sync/hlc';
import { workstationSession } from '../../../src-main/rpc/session';
import { LOCAL_TABLES, SYNC_ROW_ID_COLUMN, SYNCED_TABLES, type SyncedTable } from '../../../src-main/sync/synced-tables';
import { samplePdf } from '../../support/document-files';
import { openTestApp, TEST_KEYS, validPatient, type TestApp } from '../../support/test-app';

type Row = Record<string, string | number | null>;

const CREATED = { created_at: '2026-03-02T15:04:05.000Z', updated_at: '2026-03-02T15:04:05.000Z', deleted_at: null };
const CHANGED = { created_at: '2026-03-03T00:00:00.000Z', updated_at: '2026-03-04T00:00:00.000Z', deleted_at: '2026-03-05T00:00:00.000Z' };
const ADDRESS = { address_line1: '1 Main St', address_line2: null, city: 'Springfield', region: 'MA', postal_code: '01101', country: 'US' };
const CHANGED_ADDRESS = { address_line1: '2 Elm St', address_line2: 'Apt 3', city: 'Boston', region: 'NY', postal_code: '10001', country: 'CA' };
const CONSENTS = { consent_sms: null, consent_sms_on: null, consent_email: 'granted', consent_email_on: '2026-01-02', consent_voicemail: null, consent_voicemail_on: null };
const PATIENT_DETAILS = {
  preferred_name: null,
  gender_identity: null,
  pronouns: null,
  phone_type: 'mobile',
  alt_phone: null,
  alt_phone_type: null,
  ...ADDRESS,
  language: 'en',
  preferred_contact: null,
  primary_provider_id: null,
  ...CONSENTS,
  front_office_notes: null,
  merged_into_id: null,
};
const CHANGED_PATIENT_DETAILS = {
  preferred_name: 'Jo',
  gender_identity: 'woman',
  pronouns: 'she/her',
  phone_type: 'home',
  alt_phone: '+16175550144',
  alt_phone_type: 'work',
  ...CHANGED_ADDRESS,
  language: 'es',
  preferred_contact: 'sms',
  primary_provider_id: 'set-per-test',
  consent_sms: 'granted',
  consent_sms_on: '2026-02-02',
  consent_email: 'refused',
  consent_email_on: '2026-02-03',
  consent_voicemail: 'refused',
  consent_voicemail_on: '2026-02-04',
  front_office_notes: 'Prefers mornings',
  merged_into_id: 'set-per-test',
};

/** Rows that the samples of linked tables point at (references are checked): made before each test. */
const PARENTS = {
  patientId: '',
  otherPatientId: '',
  thirdPatientId: '',
  payerId: '',
  otherPayerId: '',
  documentId: '',
  providerId: '',
  otherProviderId: '',
  roomId: '',
  otherRoomId: '',
  typeId: '',
  otherTypeId: '',
  seriesId: '',
  appointmentId: '',
  otherAppointmentId: '',
  userId: '',
  otherUserId: '',
  coverageId: '',
  ledgerEntryId: '',
  supplyItemId: '',
  otherSupplyItemId: '',
  supplyOrderId: '',
  otherSupplyOrderId: '',
  orderLineId: '',
};

/** Insert-only tables (0008): triggers refuse every UPDATE and DELETE; a correction is a new row. */
const INSERT_ONLY: ReadonlySet<SyncedTable> = new Set(['ledger_entries', 'supply_stock_movements']);

/** A valid NPI (Luhn over the prefix 80840 and the first nine digits) for each n. */
function npiFor(n: number): string {
  const base = String(100000000 + n).slice(0, 9);
  const digits = `80840${base}`.split('').map(Number);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i]!;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${base}${(10 - (sum % 10)) % 10}`;
}

/**
 * A valid row for each synced table (raw column names), and a different valid value for every
 * synced column. Typed by SyncedTable, so a new synced table does not compile until it has one;
 * the first test below fails if a table gains a column these do not cover.
 */
const SAMPLES: { [T in SyncedTable]: { row: (n: number) => Row; changes: (n: number) => Row } } = {
  patients: {
    row: (n) => ({
      id: uuidv7(),
      mrn: `TST-${String(n).padStart(6, '0')}-0`,
      given_name: `Given${n}`,
      family_name: `Family${n}`,
      date_of_birth: '1985-07-14',
      sex: 'female',
      phone: '+16175550142',
      email: `p${n}@example.org`,
      restricted: null,
      created_at: '2026-03-02T15:04:05.000Z',
      updated_at: '2026-03-02T15:04:05.000Z',
      deleted_at: null,
      ...PATIENT_DETAILS,
    }),
    changes: (n) => ({
      mrn: `TST-${String(n).padStart(6, '0')}-9`,
      given_name: 'José',
      family_name: "O'Brien",
      date_of_birth: '1990-01-31',
      sex: 'other',
      phone: '+12125550199',
      email: null,
      restricted: 'vip',
      created_at: '2026-03-03T00:00:00.000Z',
      updated_at: '2026-03-04T00:00:00.000Z',
      deleted_at: '2026-03-05T00:00:00.000Z',
      ...CHANGED_PATIENT_DETAILS,
    }),
  },
  users: {
    row: (n) => ({
      id: uuidv7(),
      username: `user${n}`,
      display_name: `User ${n}`,
      role: 'front_desk',
      password_hash: 'scrypt$1024$8$1$c2FsdA==$aGFzaA==',
      disabled_at: null,
      created_at: '2026-03-02T15:04:05.000Z',
      updated_at: '2026-03-02T15:04:05.000Z',
    }),
    changes: (n) => ({
      username: `renamed${n}`,
      display_name: 'Renamed',
      role: 'billing',
      password_hash: 'scrypt$1024$8$1$b3RoZXI=$b3RoZXI=',
      disabled_at: '2026-03-05T00:00:00.000Z',
      created_at: '2026-03-03T00:00:00.000Z',
      updated_at: '2026-03-04T00:00:00.000Z',
    }),
  },
  settings: {
    row: (n) => ({ id: `test.setting.${n}`, value: '"first"', updated_at: '2026-03-02T15:04:05.000Z' }),
    changes: () => ({ value: '{"second":2}', updated_at: '2026-03-04T00:00:00.000Z' }),
  },
  providers: {
    row: (n) => ({
      id: uuidv7(),
      given_name: `Pat${n}`,
      family_name: 'Doe',
      credentials: 'MD',
      specialty: 'Family medicine',
      npi: npiFor(n),
      active: 1,
      color: null,
      default_room_id: null,
      ...CREATED,
    }),
    changes: (n) => ({
      given_name: 'Jo',
      family_name: 'Roe',
      credentials: 'DO',
      specialty: null,
      npi: npiFor(n + 500),
      active: 0,
      color: '#2f6fdf',
      default_room_id: PARENTS.roomId,
      ...CHANGED,
    }),
  },
  payers: {
    row: (n) => ({ id: uuidv7(), name: `Payer ${n}`, edi_payer_id: '60054', ...ADDRESS, phone: '+18005550100', active: 1, ...CREATED }),
    changes: () => ({ name: 'Renamed payer', edi_payer_id: '87726', ...CHANGED_ADDRESS, phone: null, active: 0, ...CHANGED }),
  },
  patient_contacts: {
    row: (n) => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      role: 'emergency',
      name: `Contact ${n}`,
      relationship: 'spouse',
      phone: '+16175550143',
      email: null,
      date_of_birth: null,
      ...ADDRESS,
      ...CREATED,
    }),
    changes: () => ({
      patient_id: PARENTS.otherPatientId,
      role: 'guarantor',
      name: 'Other contact',
      relationship: 'parent',
      phone: null,
      email: 'c@example.org',
      date_of_birth: '1960-02-03',
      ...CHANGED_ADDRESS,
      ...CHANGED,
    }),
  },
  documents: {
    row: (n) => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      kind: 'scan',
      title: `Scan ${n}`,
      document_date: '2026-03-01',
      content_type: 'application/pdf',
      byte_size: 1234,
      sha256: 'a'.repeat(64),
      file_name: 'scan.pdf',
      created_by: null,
      ...CREATED,
    }),
    changes: () => ({
      patient_id: PARENTS.otherPatientId,
      kind: 'consent',
      title: 'Consent',
      document_date: '2026-02-01',
      content_type: 'image/png',
      byte_size: 99,
      sha256: 'b'.repeat(64),
      file_name: 'consent.png',
      created_by: 'someone',
      ...CHANGED,
    }),
  },
  coverages: {
    row: (n) => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      payer_id: PARENTS.payerId,
      rank: 'primary',
      member_id: `M${n}`,
      group_number: 'G1',
      plan_name: 'PPO',
      subscriber_relationship: 'self',
      subscriber_given_name: null,
      subscriber_family_name: null,
      subscriber_date_of_birth: null,
      effective_from: '2026-01-01',
      effective_to: null,
      card_front_document_id: null,
      card_back_document_id: null,
      ...CREATED,
    }),
    changes: () => ({
      patient_id: PARENTS.otherPatientId,
      payer_id: PARENTS.otherPayerId,
      rank: 'secondary',
      member_id: 'CHANGED-1',
      group_number: null,
      plan_name: null,
      subscriber_relationship: 'spouse',
      subscriber_given_name: 'Sam',
      subscriber_family_name: 'Doe',
      subscriber_date_of_birth: '1970-01-01',
      effective_from: '2025-06-01',
      effective_to: '2027-01-01',
      card_front_document_id: PARENTS.documentId,
      card_back_document_id: PARENTS.documentId,
      ...CHANGED,
    }),
  },
  record_requests: {
    row: (n) => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      requester_name: `Requester ${n}`,
      requester_kind: 'attorney',
      requester_contact: null,
      purpose: 'legal',
      records_requested: 'Visit notes 2025',
      authorization_on_file: 1,
      authorization_document_id: null,
      received_on: '2026-03-01',
      due_on: '2026-03-31',
      extended_due_on: null,
      extension_reason: null,
      status: 'open',
      released_on: null,
      released_what: null,
      released_via: null,
      released_by: null,
      closing_note: null,
      ...CREATED,
    }),
    changes: () => ({
      patient_id: PARENTS.otherPatientId,
      requester_name: 'Other requester',
      requester_kind: 'insurer',
      requester_contact: 'fax 555',
      purpose: 'payment',
      records_requested: 'Everything',
      authorization_on_file: 0,
      authorization_document_id: PARENTS.documentId,
      received_on: '2026-02-01',
      due_on: '2026-03-03',
      extended_due_on: '2026-04-02',
      extension_reason: 'Archived records',
      status: 'released',
      released_on: '2026-03-20',
      released_what: 'Notes',
      released_via: 'mail',
      released_by: 'someone',
      closing_note: 'Done',
      ...CHANGED,
    }),
  },
  patient_merges: {
    row: () => ({
      id: uuidv7(),
      survivor_id: PARENTS.patientId,
      merged_id: PARENTS.otherPatientId,
      merged_at: '2026-03-02T15:04:05.000Z',
      merged_by: null,
      moved: '[]',
      unmerged_at: null,
      unmerged_by: null,
      ...CREATED,
    }),
    changes: () => ({
      survivor_id: PARENTS.thirdPatientId,
      merged_id: PARENTS.patientId,
      merged_at: '2026-03-03T15:04:05.000Z',
      merged_by: 'someone',
      moved: '[{"table":"documents","id":"x"}]',
      unmerged_at: '2026-03-04T15:04:05.000Z',
      unmerged_by: 'someone',
      ...CHANGED,
    }),
  },
  resources: {
    row: (n) => ({ id: uuidv7(), kind: 'room', name: `Room ${n}`, active: 1, ...CREATED }),
    changes: () => ({ kind: 'equipment', name: 'X-ray unit', active: 0, ...CHANGED }),
  },
  appointment_types: {
    row: (n) => ({ id: uuidv7(), name: `Type ${n}`, duration_minutes: 30, color: '#2f6fdf', overbook_rule: 'never', overbook_cap_per_day: null, active: 1, ...CREATED }),
    changes: () => ({ name: 'Procedure', duration_minutes: 45, color: '#aa3300', overbook_rule: 'cap', overbook_cap_per_day: 2, active: 0, ...CHANGED }),
  },
  appointment_type_resources: {
    row: () => ({ id: uuidv7(), appointment_type_id: PARENTS.typeId, resource_id: PARENTS.roomId, ...CREATED }),
    changes: () => ({ appointment_type_id: PARENTS.otherTypeId, resource_id: PARENTS.otherRoomId, ...CHANGED }),
  },
  availability_templates: {
    row: () => ({ id: uuidv7(), provider_id: PARENTS.providerId, effective_from: null, effective_until: null, days: '{"mon":{"hours":[{"from":"09:00","to":"17:00"}]}}', ...CREATED }),
    changes: () => ({
      provider_id: PARENTS.otherProviderId,
      effective_from: '2026-04-01',
      effective_until: '2026-12-31',
      days: '{"tue":{"hours":[{"from":"08:00","to":"12:00"}]}}',
      ...CHANGED,
    }),
  },
  availability_exceptions: {
    row: () => ({
      id: uuidv7(),
      provider_id: PARENTS.providerId,
      date: '2026-03-09',
      kind: 'closed_day',
      from_time: null,
      to_time: null,
      appointment_type_ids: null,
      label: 'Holiday',
      ...CREATED,
    }),
    changes: () => ({
      provider_id: PARENTS.otherProviderId,
      date: '2026-03-10',
      kind: 'extra',
      from_time: '18:00',
      to_time: '24:00',
      appointment_type_ids: JSON.stringify([PARENTS.typeId]),
      label: null,
      ...CHANGED,
    }),
  },
  appointment_series: {
    row: () => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      provider_id: PARENTS.providerId,
      appointment_type_id: PARENTS.typeId,
      start_date: '2026-03-09',
      start_time: '09:00',
      duration_minutes: 30,
      rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      exceptions: '[]',
      ...CREATED,
    }),
    changes: () => ({
      patient_id: PARENTS.otherPatientId,
      provider_id: PARENTS.otherProviderId,
      appointment_type_id: PARENTS.otherTypeId,
      start_date: '2026-03-10',
      start_time: '14:30',
      duration_minutes: 45,
      rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=6',
      exceptions: '[{"originalDate":"2026-03-17","kind":"skipped"}]',
      ...CHANGED,
    }),
  },
  appointments: {
    row: () => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      provider_id: PARENTS.providerId,
      appointment_type_id: PARENTS.typeId,
      start_at: '2026-03-09T14:00:00.000Z',
      end_at: '2026-03-09T14:30:00.000Z',
      status: 'booked',
      status_changed_at: '2026-03-02T15:04:05.000Z',
      note: null,
      overbook_reason: null,
      cancelled_by: null,
      cancel_reason: null,
      room_id: null,
      rescheduled_to_id: null,
      series_id: null,
      occurrence_date: null,
      booked_by: null,
      ...CREATED,
    }),
    changes: () => ({
      patient_id: PARENTS.otherPatientId,
      provider_id: PARENTS.otherProviderId,
      appointment_type_id: PARENTS.otherTypeId,
      start_at: '2026-03-10T15:00:00.000Z',
      end_at: '2026-03-10T16:00:00.000Z',
      status: 'cancelled',
      status_changed_at: '2026-03-03T10:00:00.000Z',
      note: 'Bring the referral letter',
      overbook_reason: 'Urgent',
      cancelled_by: 'patient',
      cancel_reason: 'Feeling better',
      room_id: PARENTS.roomId,
      rescheduled_to_id: PARENTS.otherAppointmentId,
      series_id: PARENTS.seriesId,
      occurrence_date: '2026-03-09',
      booked_by: 'someone',
      ...CHANGED,
    }),
  },
  appointment_resources: {
    row: () => ({
      id: uuidv7(),
      appointment_id: PARENTS.appointmentId,
      resource_id: PARENTS.roomId,
      start_at: '2026-03-09T14:00:00.000Z',
      end_at: '2026-03-09T14:30:00.000Z',
      ...CREATED,
    }),
    changes: () => ({
      appointment_id: PARENTS.otherAppointmentId,
      resource_id: PARENTS.otherRoomId,
      start_at: '2026-03-10T15:00:00.000Z',
      end_at: '2026-03-10T16:00:00.000Z',
      ...CHANGED,
    }),
  },
  appointment_status_changes: {
    row: () => ({
      id: uuidv7(),
      appointment_id: PARENTS.appointmentId,
      from_status: null,
      to_status: 'booked',
      at: '2026-03-02T15:04:05.000Z',
      changed_by: null,
      cancelled_by: null,
      reason: null,
      new_appointment_id: null,
      room_id: null,
      ...CREATED,
    }),
    changes: () => ({
      appointment_id: PARENTS.otherAppointmentId,
      from_status: 'booked',
      to_status: 'rescheduled',
      at: '2026-03-03T15:04:05.000Z',
      changed_by: 'someone',
      cancelled_by: 'clinic',
      reason: 'Provider ill',
      new_appointment_id: PARENTS.appointmentId,
      room_id: PARENTS.roomId,
      ...CHANGED,
    }),
  },
  waitlist_entries: {
    row: () => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      appointment_type_id: PARENTS.typeId,
      provider_id: null,
      weekdays: '[]',
      part_of_day: null,
      earliest_date: null,
      note: null,
      status: 'waiting',
      booked_appointment_id: null,
      ...CREATED,
    }),
    changes: () => ({
      patient_id: PARENTS.otherPatientId,
      appointment_type_id: PARENTS.otherTypeId,
      provider_id: PARENTS.providerId,
      weekdays: '["tue","thu"]',
      part_of_day: 'morning',
      earliest_date: '2026-04-01',
      note: 'Can come at short notice',
      status: 'booked',
      booked_appointment_id: PARENTS.appointmentId,
      ...CHANGED,
    }),
  },
  ledger_entries: {
    row: (n) => ({
      id: uuidv7(),
      patient_id: PARENTS.patientId,
      appointment_id: null,
      encounter_id: null,
      entry_type: 'payment',
      bucket: 'patient',
      amount_cents: -2500,
      method: 'cash',
      reference: null,
      reverses_id: null,
      reason: null,
      idempotency_key: `payment-${n}`,
      posted_at: '2026-03-02T15:04:05.000Z',
      posted_by: null,
      ...CREATED,
    }),
    changes: (n) => ({
      patient_id: PARENTS.otherPatientId,
      appointment_id: PARENTS.appointmentId,
      encounter_id: 'encounter-1',
      entry_type: 'charge',
      bucket: 'insurance',
      amount_cents: 12000,
      method: 'card',
      reference: 'AUTH 0042',
      reverses_id: PARENTS.ledgerEntryId,
      reason: 'Posted to the wrong visit',
      idempotency_key: `changed-${n}`,
      posted_at: '2026-03-03T15:04:05.000Z',
      posted_by: 'someone',
      ...CHANGED,
    }),
  },
  check_ins: {
    row: (n) => ({
      id: uuidv7(),
      appointment_id: PARENTS.appointmentId,
      patient_id: PARENTS.patientId,
      insurance: 'self_pay',
      coverage_id: null,
      identity_checked: 1,
      consents_signed: '[]',
      copay_entry_id: null,
      idempotency_key: `check-in-${n}`,
      checked_in_at: '2026-03-09T13:55:00.000Z',
      checked_in_by: null,
      undone_at: null,
      undone_by: null,
      undo_reason: null,
      ...CREATED,
    }),
    changes: (n) => ({
      appointment_id: PARENTS.otherAppointmentId,
      patient_id: PARENTS.otherPatientId,
      insurance: 'coverage_confirmed',
      coverage_id: PARENTS.coverageId,
      identity_checked: 0,
      consents_signed: '["privacy_notice"]',
      copay_entry_id: PARENTS.ledgerEntryId,
      idempotency_key: `check-in-changed-${n}`,
      checked_in_at: '2026-03-10T14:55:00.000Z',
      checked_in_by: 'someone',
      undone_at: '2026-03-10T15:00:00.000Z',
      undone_by: 'someone',
      undo_reason: 'Checked in the wrong patient',
      ...CHANGED,
    }),
  },
  messages: {
    row: (n) => ({
      id: uuidv7(),
      kind: 'phone_message',
      patient_id: null,
      caller_name: `Caller ${n}`,
      callback_phone: '+16175550142',
      subject: 'Asks for a refill',
      body: null,
      urgency: 'routine',
      recipient_user_id: PARENTS.userId,
      recipient_provider_id: null,
      status: 'new',
      due_date: null,
      taken_by: null,
      done_at: null,
      done_by: null,
      outcome: null,
      ...CREATED,
    }),
    changes: () => ({
      kind: 'task',
      patient_id: PARENTS.patientId,
      caller_name: null,
      callback_phone: null,
      subject: 'Call back with results',
      body: 'Lab results are in',
      urgency: 'urgent',
      recipient_user_id: PARENTS.otherUserId,
      recipient_provider_id: PARENTS.providerId,
      status: 'done',
      due_date: '2026-03-12',
      taken_by: 'someone',
      done_at: '2026-03-11T16:00:00.000Z',
      done_by: 'someone',
      outcome: 'Called back',
      ...CHANGED,
    }),
  },
  referrals: {
    row: (n) => ({
      id: uuidv7(),
      direction: 'outgoing',
      patient_id: PARENTS.patientId,
      provider_id: null,
      other_name: `Specialist ${n}`,
      other_organization: null,
      other_phone: null,
      other_fax: null,
      reason: 'Cardiology consult',
      diagnoses: '[]',
      documents_sent: '[]',
      status: 'open',
      referred_on: '2026-03-01',
      sent_at: null,
      appointment_date: null,
      report_received_on: null,
      report_document_id: null,
      note: null,
      cancel_reason: null,
      ...CREATED,
    }),
    changes: () => ({
      direction: 'incoming',
      patient_id: PARENTS.otherPatientId,
      provider_id: PARENTS.providerId,
      other_name: 'Heart Center',
      other_organization: 'Springfield Cardiology',
      other_phone: '+16175550100',
      other_fax: '+16175550101',
      reason: 'Follow-up of hypertension',
      diagnoses: '["I10"]',
      documents_sent: JSON.stringify([PARENTS.documentId]),
      status: 'report_received',
      referred_on: '2026-02-01',
      sent_at: '2026-02-02T15:00:00.000Z',
      appointment_date: '2026-03-20',
      report_received_on: '2026-03-25',
      report_document_id: PARENTS.documentId,
      note: 'Report faxed',
      cancel_reason: 'Patient moved away',
      ...CHANGED,
    }),
  },
  supply_items: {
    row: (n) => ({ id: uuidv7(), name: `Gloves ${n}`, unit: 'box', reorder_level: 5, reorder_quantity: 10, vendor: null, active: 1, ...CREATED }),
    changes: () => ({ name: 'Masks', unit: 'case', reorder_level: 2, reorder_quantity: 4, vendor: 'MedSupply', active: 0, ...CHANGED }),
  },
  supply_orders: {
    row: () => ({
      id: uuidv7(),
      vendor: null,
      status: 'placed',
      placed_at: '2026-03-02T15:04:05.000Z',
      placed_by: null,
      received_at: null,
      received_by: null,
      note: null,
      ...CREATED,
    }),
    changes: () => ({
      vendor: 'MedSupply',
      status: 'received',
      placed_at: '2026-03-03T15:04:05.000Z',
      placed_by: 'someone',
      received_at: '2026-03-06T10:00:00.000Z',
      received_by: 'someone',
      note: 'Two boxes short',
      ...CHANGED,
    }),
  },
  supply_order_lines: {
    row: () => ({ id: uuidv7(), order_id: PARENTS.supplyOrderId, item_id: PARENTS.supplyItemId, quantity_ordered: 10, quantity_received: null, ...CREATED }),
    changes: () => ({ order_id: PARENTS.otherSupplyOrderId, item_id: PARENTS.otherSupplyItemId, quantity_ordered: 20, quantity_received: 18, ...CHANGED }),
  },
  supply_stock_movements: {
    row: () => ({
      id: uuidv7(),
      item_id: PARENTS.supplyItemId,
      change: 10,
      reason: 'received',
      order_line_id: null,
      at: '2026-03-02T15:04:05.000Z',
      by_user: null,
      ...CREATED,
    }),
    changes: () => ({
      item_id: PARENTS.otherSupplyItemId,
      change: -2,
      reason: 'used',
      order_line_id: PARENTS.orderLineId,
      at: '2026-03-03T15:04:05.000Z',
      by_user: 'someone',
      ...CHANGED,
    }),
  },
};

interface OpRow {
  seq: number;
  op_id: string;
  hlc: string;
  device_id: string;
  author_id: string | null;
  tbl: string;
  row_id: string;
  col: string;
  value: string;
}

const SYNCED = Object.keys(SYNCED_TABLES) as SyncedTable[];
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

let app: TestApp;
let sqlite: Sqlite;
let counter = 0;

beforeEach(async () => {
  app = await openTestApp();
  sqlite = app.database.sqlite;
  const make = (table: SyncedTable) => {
    const row = SAMPLES[table].row(++counter);
    insertRow(table, row);
    return row[SYNC_ROW_ID_COLUMN] as string;
  };
  Object.assign(PARENTS, { patientId: make('patients'), otherPatientId: make('patients'), thirdPatientId: make('patients') });
  Object.assign(PARENTS, { payerId: make('payers'), otherPayerId: make('payers'), documentId: make('documents'), providerId: make('providers') });
  Object.assign(PARENTS, { otherProviderId: make('providers'), roomId: make('resources'), otherRoomId: make('resources') });
  Object.assign(PARENTS, { typeId: make('appointment_types'), otherTypeId: make('appointment_types') });
  Object.assign(PARENTS, { seriesId: make('appointment_series'), appointmentId: make('appointments'), otherAppointmentId: make('appointments') });
  Object.assign(PARENTS, { coverageId: make('coverages'), ledgerEntryId: make('ledger_entries') });
  Object.assign(PARENTS, { supplyItemId: make('supply_items'), otherSupplyItemId: make('supply_items') });
  Object.assign(PARENTS, { supplyOrderId: make('supply_orders'), otherSupplyOrderId: make('supply_orders') });
  PARENTS.orderLineId = make('supply_order_lines');
  CHANGED_PATIENT_DETAILS.primary_provider_id = PARENTS.providerId;
  CHANGED_PATIENT_DETAILS.merged_into_id = PARENTS.otherPatientId;
});

afterEach(async () => {
  await app.dispose();
});

/**
 * Users for the samples to name (message recipients). Made only for the per-table tests: a clinic
 * with any user counts as set up, which the write driver of first-run set-up must not find.
 */
function makeParentUsers(): void {
  for (const key of ['userId', 'otherUserId'] as const) {
    const row = SAMPLES.users.row(++counter);
    insertRow('users', row);
    PARENTS[key] = row[SYNC_ROW_ID_COLUMN] as string;
  }
}

function columnsOf(table: string): string[] {
  return (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

function syncedColumnsOf(table: SyncedTable): string[] {
  const local: readonly string[] = SYNCED_TABLES[table].localColumns;
  return columnsOf(table).filter((c) => c !== SYNC_ROW_ID_COLUMN && !local.includes(c));
}

function head(): number {
  return (sqlite.prepare('SELECT coalesce(max(seq), 0) FROM sync_ops').pluck().get() as number) ?? 0;
}

function opsAfter(seq: number): OpRow[] {
  return sqlite.prepare('SELECT * FROM sync_ops WHERE seq > ? ORDER BY seq').all(seq) as OpRow[];
}

function insertRow(table: SyncedTable, row: Row): void {
  const cols = Object.keys(row);
  sqlite
    .prepare(`INSERT INTO ${quote(table)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
    .run(...cols.map((c) => row[c]));
}

function readColumn(table: string, id: string, col: string): unknown {
  return sqlite.prepare(`SELECT ${quote(col)} FROM ${quote(table)} WHERE ${SYNC_ROW_ID_COLUMN} = ?`).pluck().get(id);
}

function countRows(table: string): number {
  return sqlite.prepare(`SELECT count(*) FROM ${quote(table)}`).pluck().get() as number;
}

function newRow(table: SyncedTable): Row {
  return SAMPLES[table].row(++counter);
}

function changesFor(table: SyncedTable): Row {
  return SAMPLES[table].changes(++counter);
}

describe('every table is either synced or local', () => {
  /**
   * The rule: a table is a key of SYNCED_TABLES or in LOCAL_TABLES. Also allowed, as derived
   * local data: SQLite's own tables (sqlite_*), FTS5 virtual tables whose content is a synced
   * table, and those FTS5 tables' shadow tables (<fts>_data, _idx, _content, _docsize, _config).
   */
  it('leaves no table unclassified', () => {
    const tables = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
      sql: string | null;
    }[];
    const synced = new Set<string>(SYNCED);
    const local = new Set<string>(LOCAL_TABLES);
    const fts = new Set<string>();
    for (const { name, sql } of tables) {
      const content = /^CREATE VIRTUAL TABLE .* USING fts5\([\s\S]*content\s*=\s*'([^']+)'/i.exec(sql ?? '');
      if (content) {
        expect(synced.has(content[1]!), `${name} indexes ${content[1]}, which is not a synced table`).toBe(true);
        fts.add(name);
      }
    }
    expect(fts.size).toBeGreaterThan(0);
    const shadowOf = (name: string) => /^(.*)_(data|idx|content|docsize|config)$/.exec(name)?.[1];
    const unclassified = tables
      .map((t) => t.name)
      .filter((name) => {
        if (synced.has(name) || local.has(name) || fts.has(name)) return false;
        if (name.startsWith('sqlite_')) return false;
        const owner = shadowOf(name);
        return !(owner !== undefined && fts.has(owner));
      });
    expect(unclassified).toEqual([]);
  });

  it('lists no table twice and no table that does not exist', () => {
    const existing = new Set(
      (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name),
    );
    for (const name of [...SYNCED, ...LOCAL_TABLES]) expect(existing.has(name), name).toBe(true);
    expect(SYNCED.filter((t) => (LOCAL_TABLES as readonly string[]).includes(t))).toEqual([]);
  });

  it('names only existing columns as local, and every synced table has an id', () => {
    for (const table of SYNCED) {
      const columns = columnsOf(table);
      expect(columns).toContain(SYNC_ROW_ID_COLUMN);
      for (const col of SYNCED_TABLES[table].localColumns) expect(columns, `${table}.${col}`).toContain(col);
    }
  });
});

describe.each(SYNCED)('change capture on %s', (table) => {
  beforeEach(makeParentUsers);

  it('has samples covering exactly its synced columns', () => {
    const synced = syncedColumnsOf(table).sort();
    expect(Object.keys(changesFor(table)).sort()).toEqual(synced);
    const row = newRow(table);
    const changes = changesFor(table);
    for (const col of synced) expect(Object.keys(row), col).toContain(col);
    for (const col of synced) expect(changes[col], col).not.toEqual(row[col]);
  });

  it('records one op per synced column for a raw insert, with table, row, column, JSON value, device and HLC', () => {
    const start = head();
    const before = opsAfter(0).at(-1)?.hlc ?? '';
    const row = newRow(table);
    insertRow(table, row);
    const id = row[SYNC_ROW_ID_COLUMN] as string;

    const ops = opsAfter(start);
    const synced = syncedColumnsOf(table);
    expect(ops.map((o) => o.col).sort()).toEqual([...synced].sort());
    for (const op of ops) {
      expect(op.tbl).toBe(table);
      expect(op.row_id).toBe(id);
      expect(JSON.parse(op.value)).toEqual(readColumn(table, id, op.col));
      expect(JSON.parse(op.value)).toEqual(row[op.col] ?? null);
      expect(op.device_id).toBe(app.database.workstation.deviceId);
      expect(parseHlc(op.hlc).deviceId).toBe(app.database.workstation.deviceId);
      expect(op.hlc > before).toBe(true);
      expect(op.author_id).toBeNull();
      expect(op.op_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ops.map((o) => o.op_id)).size).toBe(ops.length);
    expect(new Set(ops.map((o) => o.hlc)).size).toBe(ops.length);
    for (const col of SYNCED_TABLES[table].localColumns) expect(ops.map((o) => o.col)).not.toContain(col);
    expect(ops.map((o) => o.col)).not.toContain(SYNC_ROW_ID_COLUMN);
  });

  it('refuses DELETE and a change of id, and records nothing', () => {
    const row = newRow(table);
    insertRow(table, row);
    const id = row[SYNC_ROW_ID_COLUMN] as string;
    const start = head();
    expect(() => sqlite.prepare(`DELETE FROM ${quote(table)} WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(id)).toThrow(/never deleted/);
    expect(() => sqlite.prepare(`DELETE FROM ${quote(table)}`).run()).toThrow(/never deleted/);
    expect(() =>
      sqlite.prepare(`UPDATE ${quote(table)} SET ${SYNC_ROW_ID_COLUMN} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(uuidv7(), id),
    ).toThrow(/never changes/);
    expect(readColumn(table, id, SYNC_ROW_ID_COLUMN)).toBe(id);
    expect(opsAfter(start)).toEqual([]);
  });

  it('cannot be written by a connection without the capture functions', () => {
    const row = newRow(table);
    insertRow(table, row);
    const id = row[SYNC_ROW_ID_COLUMN] as string;
    const rows = countRows(table);
    const start = head();
    const [col, value] = Object.entries(changesFor(table))[0]!;
    const other = openSqlite(path.join(app.dataDir, DATABASE_FILE), { key: TEST_KEYS.databaseKey });
    try {
      expect(other.prepare(`SELECT count(*) FROM ${quote(table)}`).pluck().get()).toBe(rows);
      const otherRow = newRow(table);
      const cols = Object.keys(otherRow);
      expect(() =>
        other
          .prepare(`INSERT INTO ${quote(table)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
          .run(...cols.map((c) => otherRow[c])),
      ).toThrow(/no such function/);
      expect(() =>
        other.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(value, id),
      ).toThrow(/no such function/);
      expect(() => other.prepare(`DELETE FROM ${quote(table)}`).run()).toThrow();
    } finally {
      other.close();
    }
    expect(countRows(table)).toBe(rows);
    expect(readColumn(table, id, col)).toEqual(row[col]);
    expect(opsAfter(start)).toEqual([]);
  });

  it('stamps ops with the author id set on the capture state', () => {
    const start = head();
    app.database.capture.authorId = 'user-0190a5e4';
    try {
      insertRow(table, newRow(table));
    } finally {
      app.database.capture.authorId = null;
    }
    const authored = opsAfter(start);
    expect(authored.length).toBeGreaterThan(0);
    expect(new Set(authored.map((o) => o.author_id))).toEqual(new Set(['user-0190a5e4']));

    const next = head();
    insertRow(table, newRow(table));
    expect(new Set(opsAfter(next).map((o) => o.author_id))).toEqual(new Set([null]));
  });

  it('gives ops HLCs that increase in insertion order', () => {
    const start = head();
    for (let i = 0; i < 5; i++) {
      const row = newRow(table);
      insertRow(table, row);
      const updates = INSERT_ONLY.has(table) ? {} : changesFor(table);
      for (const [col, value] of Object.entries(updates)) {
        sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(value, row[SYNC_ROW_ID_COLUMN]);
      }
    }
    const ops = opsAfter(start);
    expect(ops.length).toBeGreaterThan(10);
    for (let i = 1; i < ops.length; i++) {
      expect(ops[i]!.hlc > ops[i - 1]!.hlc, `${ops[i]!.hlc} after ${ops[i - 1]!.hlc}`).toBe(true);
    }
  });
});

describe.each(SYNCED.filter((t) => !INSERT_ONLY.has(t)))('updates captured on %s', (table) => {
  beforeEach(makeParentUsers);

  it('records exactly one op for a raw update of each synced column', () => {
    const row = newRow(table);
    insertRow(table, row);
    const id = row[SYNC_ROW_ID_COLUMN] as string;
    for (const [col, value] of Object.entries(changesFor(table))) {
      const start = head();
      sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(value, id);
      const ops = opsAfter(start);
      expect(ops, col).toHaveLength(1);
      expect(ops[0]).toMatchObject({ tbl: table, row_id: id, col, device_id: app.database.workstation.deviceId });
      expect(JSON.parse(ops[0]!.value)).toEqual(value);
      expect(readColumn(table, id, col)).toEqual(value);
    }
  });

  it('records nothing for columns that keep their value', () => {
    const row = newRow(table);
    insertRow(table, row);
    const id = row[SYNC_ROW_ID_COLUMN] as string;
    const start = head();
    const synced = syncedColumnsOf(table);
    for (const col of synced) {
      sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ${quote(col)} WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(id);
      sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(row[col], id);
    }
    sqlite
      .prepare(`UPDATE ${quote(table)} SET ${synced.map((c) => `${quote(c)} = ?`).join(', ')} WHERE ${SYNC_ROW_ID_COLUMN} = ?`)
      .run(...synced.map((c) => row[c]), id);
    expect(opsAfter(start)).toEqual([]);

    const [changedCol, changedValue] = Object.entries(changesFor(table))[0]!;
    sqlite
      .prepare(`UPDATE ${quote(table)} SET ${synced.map((c) => `${quote(c)} = ?`).join(', ')} WHERE ${SYNC_ROW_ID_COLUMN} = ?`)
      .run(...synced.map((c) => (c === changedCol ? changedValue : row[c])), id);
    expect(opsAfter(start).map((o) => o.col)).toEqual([changedCol]);
  });

  it('records nothing while capture is disabled (applying ops from another device)', () => {
    const start = head();
    const row = newRow(table);
    const changes = changesFor(table);
    const id = row[SYNC_ROW_ID_COLUMN] as string;
    app.database.capture.enabled = false;
    try {
      insertRow(table, row);
      for (const [col, value] of Object.entries(changes)) {
        sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(value, id);
      }
    } finally {
      app.database.capture.enabled = true;
    }
    for (const [col, value] of Object.entries(changes)) expect(readColumn(table, id, col), col).toEqual(value);
    expect(opsAfter(start)).toEqual([]);

    // Enabled again: the next change is captured as usual.
    const [col] = Object.keys(changes);
    sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col!)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(row[col!], id);
    expect(opsAfter(start).map((o) => [o.col, JSON.parse(o.value)])).toEqual([[col, row[col!] ?? null]]);
  });
});

describe.each([...INSERT_ONLY])('insert-only %s', (table) => {
  beforeEach(makeParentUsers);
  const refusedUpdate = /cannot be changed: post a correcting entry instead/;

  it('refuses every UPDATE (a new value or the same one), changes nothing and records no op', () => {
    const row = newRow(table);
    insertRow(table, row);
    const id = row[SYNC_ROW_ID_COLUMN] as string;
    const start = head();
    for (const [col, value] of Object.entries(changesFor(table))) {
      expect(() => sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(value, id), col).toThrow(refusedUpdate);
      expect(() => sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ${quote(col)} WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(id), col).toThrow(refusedUpdate);
      expect(readColumn(table, id, col), col).toEqual(row[col]);
    }
    expect(() => sqlite.prepare(`UPDATE ${quote(table)} SET created_at = created_at`).run()).toThrow(refusedUpdate);
    expect(opsAfter(start)).toEqual([]);
  });

  it('inserts silently while capture is disabled (applying ops from another device) and still refuses UPDATE and DELETE', () => {
    const start = head();
    const row = newRow(table);
    const id = row[SYNC_ROW_ID_COLUMN] as string;
    const [col, value] = Object.entries(changesFor(table))[0]!;
    app.database.capture.enabled = false;
    try {
      insertRow(table, row);
      expect(() => sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(col)} = ? WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(value, id)).toThrow(refusedUpdate);
      expect(() => sqlite.prepare(`DELETE FROM ${quote(table)} WHERE ${SYNC_ROW_ID_COLUMN} = ?`).run(id)).toThrow(/never deleted/);
    } finally {
      app.database.capture.enabled = true;
    }
    expect(readColumn(table, id, col)).toEqual(row[col]);
    expect(opsAfter(start)).toEqual([]);
  });
});

const ADMIN = { clinicName: 'Maple Street Clinic', username: 'admin', password: 'maple street clinic admin 2026', displayName: 'Ada Admin' };
const CLERK = { username: 'rita', displayName: 'Rita Clerk', password: 'rita keeps the records tidy 7' };

/** A legal record request for a new patient (received before the test clock's day), through the router. */
async function logRecordRequest(a: TestApp): Promise<string> {
  const patient = await a.call('patients.create', { ...validPatient, confirmNewPatient: true });
  if (!patient.ok) throw new Error(patient.error.message);
  const patientId = (patient.value as { id: string }).id;
  const input = { patientId, requesterName: 'Hale LLP', requesterKind: 'attorney', purpose: 'legal', recordsRequested: 'Notes', authorizationOnFile: true, receivedOn: '2026-02-20' };
  const logged = await a.call('recordRequests.log', input);
  if (!logged.ok) throw new Error(logged.error.message);
  return (logged.value as { id: string }).id;
}

async function changeRecordRequest(a: TestApp, method: MethodName, input: Record<string, unknown>, cols: string[]) {
  const id = await logRecordRequest(a);
  const since = head();
  const result = await a.call(method, { id, ...input });
  if (!result.ok) throw new Error(result.error.message);
  return { table: 'record_requests' as const, id, cols, since };
}


/** Calls a method through the test's router and returns its value; a refusal fails the driver. */
async function ok<T = { id: string }>(a: TestApp, method: string, input: unknown): Promise<T> {
  const result = await a.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

const newPatientId = async (a: TestApp) => (await ok(a, 'patients.create', { ...validPatient, confirmNewPatient: true })).id;
const attachPdf = async (a: TestApp, patientId: string) =>
  (await ok(a, 'documents.attach', { patientId, kind: 'referral', title: 'Referral', documentDate: '2026-02-20', fileName: 'referral.pdf', contentBase64: samplePdf().toString('base64') })).id;
const createPayer = async (a: TestApp) => (await ok(a, 'payers.create', { name: `Payer ${++counter}`, ediPayerId: '60054' })).id;
const createProvider = async (a: TestApp) => (await ok(a, 'providers.create', { givenName: 'Grace', familyName: 'Hopper', credentials: 'MD', npi: npiFor(++counter) })).id;
async function addCoverage(a: TestApp): Promise<string> {
  const patientId = await newPatientId(a);
  const payerId = await createPayer(a);
  return (await ok(a, 'coverages.add', { patientId, payerId, rank: 'primary', memberId: `XQ${++counter}99`, subscriberRelationship: 'self' })).id;
}
async function addContact(a: TestApp): Promise<{ patientId: string; id: string }> {
  const patientId = await newPatientId(a);
  const contact = await ok(a, 'patients.contacts.save', { patientId, role: 'emergency', name: 'Sam Doe', relationship: 'spouse', phone: '617 555 0143' });
  return { patientId, id: contact.id };
}
async function mergeTwo(a: TestApp): Promise<{ mergeId: string; mergedId: string }> {
  const survivorId = await newPatientId(a);
  const mergedId = await newPatientId(a);
  return { mergeId: (await ok(a, 'patients.merge', { survivorId, mergedId })).id, mergedId };
}

/** A clinic that can book: its time zone, a provider working every day 08:00–18:00, a type, a patient. */
async function schedulingClinic(a: TestApp): Promise<{ providerId: string; typeId: string; patientId: string }> {
  a.database.sqlite.prepare(`INSERT OR REPLACE INTO settings (id, value, updated_at) VALUES ('clinic.time_zone', '"America/New_York"', ?)`).run(CREATED.created_at);
  const providerId = await createProvider(a);
  const day = { hours: [{ from: '08:00', to: '18:00' }] };
  await ok(a, 'schedule.templates.save', { providerId, days: { sun: day, mon: day, tue: day, wed: day, thu: day, fri: day, sat: day } });
  const typeId = (await ok(a, 'schedule.types.create', { name: `Visit ${++counter}`, durationMinutes: 30, color: '#2f6fdf', overbookRule: 'never' })).id;
  return { providerId, typeId, patientId: await newPatientId(a) };
}
const createRoom = async (a: TestApp) => (await ok(a, 'schedule.resources.create', { kind: 'room', name: `Room ${++counter}` })).id;
const createType = async (a: TestApp) => (await ok(a, 'schedule.types.create', { name: `Type ${++counter}`, durationMinutes: 20, color: '#aa3300', overbookRule: 'with_reason' })).id;
async function saveTemplate(a: TestApp): Promise<string> {
  return (await ok(a, 'schedule.templates.save', { providerId: await createProvider(a), days: { mon: { hours: [{ from: '09:00', to: '12:00' }] } } })).id;
}
async function addException(a: TestApp): Promise<string> {
  return (await ok<{ exception: { id: string } }>(a, 'schedule.exceptions.add', { kind: 'closed_day', providerId: await createProvider(a), date: '2026-03-09', label: 'Holiday' })).exception.id;
}
async function bookOne(a: TestApp): Promise<string> {
  const { providerId, typeId, patientId } = await schedulingClinic(a);
  return (await ok(a, 'appointments.book', { patientId, providerId, appointmentTypeId: typeId, date: '2026-03-10', time: '09:00' })).id;
}
async function bookWeekly(a: TestApp): Promise<string> {
  const { providerId, typeId, patientId } = await schedulingClinic(a);
  return (await ok<{ series: { id: string } }>(a, 'appointments.bookSeries', { patientId, providerId, appointmentTypeId: typeId, startDate: '2026-03-10', time: '10:00', weekdays: ['tue'], count: 3 })).series.id;
}
const firstVisitOf = async (a: TestApp, seriesId: string) => (await ok<{ appointments: { id: string }[] }>(a, 'appointments.series.get', { id: seriesId })).appointments[0]!.id;
async function postCashPayment(a: TestApp): Promise<string> {
  const input = { patientId: await newPatientId(a), amountCents: 2500, method: 'cash', idempotencyKey: uuidv7() };
  return (await ok<{ entry: { id: string } }>(a, 'ledger.postPayment', input)).entry.id;
}
/** A visit today (the test clock's clinic day, 2026-03-02 in New York) checked in with a card copay. */
async function checkInToday(a: TestApp): Promise<{ checkInId: string; appointmentId: string }> {
  const { providerId, typeId, patientId } = await schedulingClinic(a);
  const appointmentId = (await ok(a, 'appointments.book', { patientId, providerId, appointmentTypeId: typeId, date: '2026-03-02', time: '11:00' })).id;
  const input = { appointmentId, idempotencyKey: uuidv7(), identityChecked: true, insurance: { kind: 'self_pay' }, copay: { amountCents: 2500, method: 'card', reference: 'AUTH 1' } };
  return { checkInId: (await ok<{ checkIn: { id: string } }>(a, 'frontDesk.checkIn', input)).checkIn.id, appointmentId };
}
async function addWaitlistEntry(a: TestApp): Promise<string> {
  const { typeId, patientId } = await schedulingClinic(a);
  return (await ok(a, 'waitlist.add', { patientId, appointmentTypeId: typeId, weekdays: ['tue'] })).id;
}

/** A phone message taken for a new colleague. */
async function takeMessage(a: TestApp): Promise<string> {
  const colleague = await ok(a, 'users.create', { username: `desk${++counter}`, displayName: 'Desk Colleague', role: 'front_desk', password: 'the phone rings all morning 84' });
  const input = { callerName: 'Maria Lopez', callbackPhone: '617 555 0142', subject: 'Asks for a refill', recipient: { kind: 'user', userId: colleague.id } };
  return (await ok(a, 'messages.create', input)).id;
}
/** An outgoing referral of a new patient, with a diagnosis and a chart document sent. */
async function logReferral(a: TestApp): Promise<string> {
  const patientId = await newPatientId(a);
  const input = { direction: 'outgoing', patientId, otherName: 'Dr. Ruth Heart', reason: 'Chest pain on exertion', diagnoses: ['I20.9'], documentsSent: [await attachPdf(a, patientId)], referredOn: '2026-02-20' };
  return (await ok(a, 'referrals.log', input)).id;
}
const createSupplyItem = async (a: TestApp) => (await ok(a, 'supplies.items.create', { name: `Gloves ${++counter}`, unit: 'box', reorderLevel: 5, reorderQuantity: 10, vendor: 'MedSupply' })).id;
async function placeSupplyOrder(a: TestApp): Promise<{ id: string; lines: { id: string; quantityOrdered: number }[] }> {
  return ok(a, 'supplies.orders.place', { vendor: 'MedSupply', lines: [{ itemId: await createSupplyItem(a), quantity: 10 }] });
}
const stockMovementOf = async (a: TestApp, method: string, input: unknown) => (await ok<{ movement: { id: string } }>(a, method, input)).movement.id;
/** Runs `write` after `prepare`, and reports the ops it left on `table`'s row. */
async function driver(table: SyncedTable, cols: string[] | 'all', prepare: () => Promise<string>, write: (id: string) => Promise<unknown>) {
  const id = await prepare();
  const since = head();
  await write(id);
  return { table, id, cols: cols === 'all' ? syncedColumnsOf(table) : cols, since };
}
/** A driver for a method that creates the row: ops from before the call, every synced column. */
async function creating(table: SyncedTable, create: () => Promise<string>) {
  const since = head();
  const id = await create();
  return { table, id, cols: syncedColumnsOf(table), since };
}

describe('write paths through the router', () => {
  /**
   * One driver per write method of the contract. A new write method fails the first test until
   * it is added here, and each driver must leave ops for what it wrote.
   */
  const WRITE_DRIVERS: Partial<Record<MethodName, (app: TestApp) => Promise<{ table: SyncedTable; id: string; cols: string[]; since: number }>>> = {
    'patients.create': async (a) => {
      const since = head();
      const result = await a.call('patients.create', { ...validPatient, confirmNewPatient: true });
      if (!result.ok) throw new Error(result.error.message);
      const id = (result.value as { id: string }).id;
      return { table: 'patients', id, cols: syncedColumnsOf('patients'), since };
    },
    'patients.update': async (a) => {
      const created = await a.call('patients.create', { ...validPatient, confirmNewPatient: true });
      if (!created.ok) throw new Error(created.error.message);
      const id = (created.value as { id: string }).id;
      const since = head();
      const result = await a.call('patients.update', { id, familyName: 'Lopez-Garcia', phone: '212 555 0199' });
      if (!result.ok) throw new Error(result.error.message);
      return { table: 'patients', id, cols: ['family_name', 'phone'], since };
    },
    'patients.setRestriction': async (a) => {
      const created = await a.call('patients.create', { ...validPatient, confirmNewPatient: true });
      if (!created.ok) throw new Error(created.error.message);
      const id = (created.value as { id: string }).id;
      const since = head();
      const result = await a.call('patients.setRestriction', { id, restriction: 'staff' });
      if (!result.ok) throw new Error(result.error.message);
      return { table: 'patients', id, cols: ['restricted'], since };
    },
    'setup.createFirstAdmin': async (a) => {
      const since = head();
      const result = await a.call('setup.createFirstAdmin', ADMIN);
      if (!result.ok) throw new Error(result.error.message);
      const id = (result.value as { user: { id: string } }).user.id;
      return { table: 'users', id, cols: syncedColumnsOf('users'), since };
    },
    'users.create': async (a) => {
      const since = head();
      const result = await a.call('users.create', { ...CLERK, role: 'records_clerk' });
      if (!result.ok) throw new Error(result.error.message);
      return { table: 'users', id: (result.value as { id: string }).id, cols: syncedColumnsOf('users'), since };
    },
    'users.update': async (a) => {
      const created = await a.call('users.create', { ...CLERK, role: 'records_clerk' });
      if (!created.ok) throw new Error(created.error.message);
      const id = (created.value as { id: string }).id;
      const since = head();
      const result = await a.call('users.update', { id, role: 'billing', displayName: 'Rita B.' });
      if (!result.ok) throw new Error(result.error.message);
      return { table: 'users', id, cols: ['role', 'display_name'], since };
    },
    'users.resetPassword': async (a) => {
      const created = await a.call('users.create', { ...CLERK, role: 'records_clerk' });
      if (!created.ok) throw new Error(created.error.message);
      const id = (created.value as { id: string }).id;
      const since = head();
      const result = await a.call('users.resetPassword', { id, password: 'another quite long passphrase 42' });
      if (!result.ok) throw new Error(result.error.message);
      return { table: 'users', id, cols: ['password_hash'], since };
    },
    'users.unlock': async (a) => {
      const created = await a.call('users.create', { ...CLERK, role: 'records_clerk' });
      if (!created.ok) throw new Error(created.error.message);
      const id = (created.value as { id: string }).id;
      const since = head();
      const result = await a.call('users.unlock', { id });
      if (!result.ok) throw new Error(result.error.message);
      return { table: 'users', id, cols: [], since };
    },
    'settings.update': async (a) => {
      // A clinic has a name from first-run set-up on; settings are changed after that.
      const setup = await a.call('setup.createFirstAdmin', ADMIN);
      if (!setup.ok) throw new Error(setup.error.message);
      const since = head();
      const result = await a.call('settings.update', { idleLockMinutes: 15 });
      if (!result.ok) throw new Error(result.error.message);
      return { table: 'settings', id: 'security.idle_lock_minutes', cols: ['value', 'updated_at'], since };
    },
    'recordRequests.log': async (a) => {
      const since = head();
      const id = await logRecordRequest(a);
      return { table: 'record_requests', id, cols: syncedColumnsOf('record_requests'), since };
    },
    'recordRequests.extend': (a) => changeRecordRequest(a, 'recordRequests.extend', { reason: 'Records are stored off-site' }, ['extended_due_on', 'extension_reason']),
    'recordRequests.release': (a) =>
      changeRecordRequest(a, 'recordRequests.release', { releasedOn: '2026-02-25', releasedVia: 'mail', releasedWhat: 'Visit notes' }, [
        'status',
        'released_on',
        'released_via',
        'released_what',
        'released_by',
      ]),
    'recordRequests.deny': (a) => changeRecordRequest(a, 'recordRequests.deny', { reason: 'No valid authorization' }, ['status', 'closing_note']),
    'recordRequests.withdraw': (a) => changeRecordRequest(a, 'recordRequests.withdraw', { note: 'Withdrawn by phone' }, ['status', 'closing_note']),
    'patients.contacts.save': (a) => creating('patient_contacts', async () => (await addContact(a)).id),
    'patients.contacts.remove': async (a) => {
      const { patientId, id } = await addContact(a);
      return driver('patient_contacts', ['deleted_at'], async () => id, (contactId) => ok(a, 'patients.contacts.remove', { patientId, id: contactId }));
    },
    'providers.create': (a) => creating('providers', () => createProvider(a)),
    'providers.update': (a) => driver('providers', ['active'], () => createProvider(a), (id) => ok(a, 'providers.update', { id, active: false })),
    'payers.create': (a) => creating('payers', () => createPayer(a)),
    'payers.update': (a) => driver('payers', ['phone'], () => createPayer(a), (id) => ok(a, 'payers.update', { id, phone: '800 555 0100' })),
    'coverages.add': (a) => creating('coverages', () => addCoverage(a)),
    'coverages.update': (a) => driver('coverages', ['group_number'], () => addCoverage(a), (id) => ok(a, 'coverages.update', { id, groupNumber: 'G-77' })),
    'coverages.end': (a) => driver('coverages', ['effective_to'], () => addCoverage(a), (id) => ok(a, 'coverages.end', { id, effectiveTo: '2026-03-01' })),
    'coverages.remove': (a) => driver('coverages', ['deleted_at'], () => addCoverage(a), (id) => ok(a, 'coverages.remove', { id })),
    'documents.attach': async (a) => {
      const patientId = await newPatientId(a);
      return creating('documents', () => attachPdf(a, patientId));
    },
    // Opening writes only its audit entry: no synced column changes.
    'documents.open': (a) => driver('documents', [], async () => attachPdf(a, await newPatientId(a)), (id) => ok(a, 'documents.open', { id })),
    'documents.update': (a) => driver('documents', ['title'], async () => attachPdf(a, await newPatientId(a)), (id) => ok(a, 'documents.update', { id, title: 'Referral (signed)' })),
    'documents.remove': (a) => driver('documents', ['deleted_at'], async () => attachPdf(a, await newPatientId(a)), (id) => ok(a, 'documents.remove', { id })),
    'patients.merge': (a) => creating('patient_merges', async () => (await mergeTwo(a)).mergeId),
    'patients.unmerge': (a) => driver('patient_merges', ['unmerged_at', 'unmerged_by'], async () => (await mergeTwo(a)).mergeId, (mergeId) => ok(a, 'patients.unmerge', { mergeId })),
    'schedule.resources.create': (a) => creating('resources', () => createRoom(a)),
    'schedule.resources.update': (a) => driver('resources', ['name'], () => createRoom(a), (id) => ok(a, 'schedule.resources.update', { id, name: `Renamed ${++counter}` })),
    'schedule.types.create': (a) => creating('appointment_types', () => createType(a)),
    'schedule.types.update': (a) => driver('appointment_types', ['duration_minutes'], () => createType(a), (id) => ok(a, 'schedule.types.update', { id, durationMinutes: 40 })),
    'schedule.providers.update': (a) => driver('providers', ['color'], () => createProvider(a), (id) => ok(a, 'schedule.providers.update', { id, color: '#112233' })),
    'schedule.templates.save': (a) => creating('availability_templates', () => saveTemplate(a)),
    'schedule.templates.remove': (a) => driver('availability_templates', ['deleted_at'], () => saveTemplate(a), (id) => ok(a, 'schedule.templates.remove', { id })),
    'schedule.exceptions.add': (a) => creating('availability_exceptions', () => addException(a)),
    'schedule.exceptions.remove': (a) => driver('availability_exceptions', ['deleted_at'], () => addException(a), (id) => ok(a, 'schedule.exceptions.remove', { id })),
    'appointments.book': (a) => creating('appointments', () => bookOne(a)),
    'appointments.reschedule': (a) =>
      driver('appointments', ['status', 'rescheduled_to_id'], () => bookOne(a), (id) => ok(a, 'appointments.reschedule', { id, date: '2026-03-11', time: '11:00' })),
    'appointments.cancel': (a) =>
      driver('appointments', ['status', 'cancelled_by', 'cancel_reason'], () => bookOne(a), (id) => ok(a, 'appointments.cancel', { id, cancelledBy: 'patient', reason: 'Unwell' })),
    'appointments.setStatus': (a) => driver('appointments', ['status'], () => bookOne(a), (id) => ok(a, 'appointments.setStatus', { id, status: 'confirmed' })),
    'appointments.bookSeries': (a) => creating('appointment_series', () => bookWeekly(a)),
    'appointments.series.edit': (a) =>
      driver('appointment_series', ['exceptions'], () => bookWeekly(a), async (id) => ok(a, 'appointments.series.edit', { appointmentId: await firstVisitOf(a, id), scope: 'one', time: '15:00' })),
    'appointments.series.cancel': (a) =>
      driver('appointment_series', ['exceptions'], () => bookWeekly(a), async (id) =>
        ok(a, 'appointments.series.cancel', { appointmentId: await firstVisitOf(a, id), scope: 'one', cancelledBy: 'clinic', reason: 'Provider away' }),
      ),
    // An export writes only its audit entry.
    'appointments.exportIcs': (a) =>
      driver('providers', [], async () => (await schedulingClinic(a)).providerId, (providerId) => ok(a, 'appointments.exportIcs', { providerId, from: '2026-03-01', to: '2026-03-31' })),
    // The day's PDF writes only its audit entry (an export).
    'appointments.dayPdf': (a) => driver('providers', [], async () => (await schedulingClinic(a)).providerId, () => ok(a, 'appointments.dayPdf', { date: '2026-03-10' })),
    'waitlist.add': (a) => creating('waitlist_entries', () => addWaitlistEntry(a)),
    'waitlist.remove': (a) => driver('waitlist_entries', ['status'], () => addWaitlistEntry(a), (id) => ok(a, 'waitlist.remove', { id })),
    'ledger.postPayment': (a) => creating('ledger_entries', () => postCashPayment(a)),
    'ledger.reverse': (a) =>
      creating('ledger_entries', async () => (await ok<{ reversal: { id: string } }>(a, 'ledger.reverse', { entryId: await postCashPayment(a), reason: 'Posted twice' })).reversal.id),
    'frontDesk.checkIn': (a) => creating('check_ins', async () => (await checkInToday(a)).checkInId),
    'frontDesk.undoCheckIn': async (a) => {
      const { checkInId, appointmentId } = await checkInToday(a);
      return driver('check_ins', ['undone_at', 'undone_by', 'undo_reason'], async () => checkInId, () => ok(a, 'frontDesk.undoCheckIn', { appointmentId, reason: 'Wrong patient' }));
    },
    // A receipt writes only its audit entry (a print).
    'frontDesk.receipt': (a) => driver('ledger_entries', [], () => postCashPayment(a), (entryId) => ok(a, 'frontDesk.receipt', { entryId })),
    'frontDesk.walkIn': (a) =>
      creating('appointments', async () => {
        const { providerId, typeId, patientId } = await schedulingClinic(a);
        return (await ok<{ appointment: { id: string } }>(a, 'frontDesk.walkIn', { patientId, providerId, appointmentTypeId: typeId })).appointment.id;
      }),
    'messages.create': (a) => creating('messages', () => takeMessage(a)),
    'messages.setStatus': (a) =>
      driver('messages', ['status', 'done_at', 'done_by', 'outcome'], () => takeMessage(a), (id) => ok(a, 'messages.setStatus', { id, status: 'done', outcome: 'Called back' })),
    'messages.reassign': (a) =>
      driver('messages', ['recipient_user_id', 'recipient_provider_id'], () => takeMessage(a), async (id) =>
        ok(a, 'messages.reassign', { id, recipient: { kind: 'provider', providerId: await createProvider(a) } }),
      ),
    'referrals.log': (a) => creating('referrals', () => logReferral(a)),
    'referrals.setStatus': (a) => driver('referrals', ['status', 'sent_at'], () => logReferral(a), (id) => ok(a, 'referrals.setStatus', { id, status: 'sent' })),
    'supplies.items.create': (a) => creating('supply_items', () => createSupplyItem(a)),
    'supplies.items.update': (a) => driver('supply_items', ['reorder_level', 'active'], () => createSupplyItem(a), (id) => ok(a, 'supplies.items.update', { id, reorderLevel: 7, active: false })),
    'supplies.stock.count': (a) => creating('supply_stock_movements', async () => stockMovementOf(a, 'supplies.stock.count', { itemId: await createSupplyItem(a), counted: 12 })),
    'supplies.stock.use': (a) =>
      creating('supply_stock_movements', async () => {
        const itemId = await createSupplyItem(a);
        await ok(a, 'supplies.stock.count', { itemId, counted: 12 });
        return stockMovementOf(a, 'supplies.stock.use', { itemId, quantity: 3 });
      }),
    'supplies.orders.place': async (a) => creating('supply_orders', async () => (await placeSupplyOrder(a)).id),
    'supplies.orders.receive': async (a) => {
      const order = await placeSupplyOrder(a);
      const lines = order.lines.map((line) => ({ lineId: line.id, quantityReceived: line.quantityOrdered - 2 }));
      return driver('supply_orders', ['status', 'received_at', 'received_by'], async () => order.id, (orderId) => ok(a, 'supplies.orders.receive', { orderId, lines }));
    },
    'supplies.orders.cancel': (a) => driver('supply_orders', ['status'], async () => (await placeSupplyOrder(a)).id, (orderId) => ok(a, 'supplies.orders.cancel', { orderId })),
    'supplies.reorder.order': (a) =>
      creating('supply_orders', async () => (await ok<{ orders: { id: string }[] }>(a, 'supplies.reorder.order', { lines: [{ itemId: await createSupplyItem(a), quantity: 10 }] })).orders[0]!.id),
  };

  it('has a driver for every write method in the contract', () => {
    const writes = (Object.keys(contract) as MethodName[]).filter((m) => contract[m].kind === 'write').sort();
    expect(writes.length).toBeGreaterThan(0);
    expect(Object.keys(WRITE_DRIVERS).sort()).toEqual(writes);
  });

  it.each(Object.keys(WRITE_DRIVERS) as MethodName[])('%s records ops for what it wrote', async (method) => {
    const session = { ...workstationSession(), userId: 'user-router', permissions: new Set(PERMISSIONS) };
    const withAuthor = { ...app, call: (m: string, input: unknown) => app.router.call(m, input, session) } as TestApp;
    const { table, id, cols, since } = await WRITE_DRIVERS[method]!(withAuthor);
    const ops = opsAfter(since).filter((o) => o.tbl === table && o.row_id === id);
    const written = new Set(ops.map((o) => o.col));
    for (const col of cols) expect(written, col).toContain(col);
    for (const op of ops) {
      expect(JSON.parse(op.value)).toEqual(readColumn(table, id, op.col) ?? null);
      expect(op.author_id).toBe('user-router');
    }
    // Every synced column's current value is what the op log says last.
    const last = new Map<string, unknown>();
    for (const op of opsAfter(0).filter((o) => o.tbl === table && o.row_id === id)) last.set(op.col, JSON.parse(op.value));
    for (const col of syncedColumnsOf(table)) expect(last.get(col), col).toEqual(readColumn(table, id, col));
  });
});
