import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../src-shared/auth/permissions';

/** Column names are camelCase here; Kysely's CamelCasePlugin maps them to the snake_case columns. */
export interface PatientsTable extends AddressColumns {
  /** Local rowid alias: keeps the FTS index stable across VACUUM. Never synced. */
  pk: Generated<number>;
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string | null;
  /** Reversed phone digits, kept by a trigger, so "last digits" search uses an index. Never synced. */
  phoneRev: Generated<string | null>;
  email: string | null;
  /** Search keys of the names (folded: lower case, no accents or apostrophes), kept by triggers. Never synced. */
  familyKey: Generated<string | null>;
  givenKey: Generated<string | null>;
  restricted: 'staff' | 'vip' | 'sensitive' | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  // The rest of registration (migration 0005); every one optional.
  preferredName: string | null;
  genderIdentity: string | null;
  pronouns: string | null;
  phoneType: PhoneType | null;
  altPhone: string | null;
  altPhoneType: PhoneType | null;
  language: string | null;
  preferredContact: 'phone' | 'sms' | 'email' | 'mail' | null;
  primaryProviderId: string | null;
  consentSms: Consent | null;
  consentSmsOn: string | null;
  consentEmail: Consent | null;
  consentEmailOn: string | null;
  consentVoicemail: Consent | null;
  consentVoicemailOn: string | null;
  frontOfficeNotes: string | null;
  /** Set, with deletedAt, while this chart is merged into another. */
  mergedIntoId: string | null;
}

export type PhoneType = 'mobile' | 'home' | 'work';
export type Consent = 'granted' | 'refused';

/** Every synced row: a local rowid alias, the cross-device id, and soft deletion. */
interface SyncedRow {
  pk: Generated<number>;
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

interface AddressColumns {
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface ProvidersTable extends SyncedRow {
  givenName: string;
  familyName: string;
  credentials: string | null;
  specialty: string | null;
  /** 10 digits, check digit verified. */
  npi: string;
  active: number;
  /** Scheduling (migration 0007): the provider's colour in the day view (`#rrggbb`) and usual room. */
  color: string | null;
  defaultRoomId: string | null;
}

export interface PayersTable extends SyncedRow, AddressColumns {
  name: string;
  ediPayerId: string | null;
  phone: string | null;
  active: number;
}

export interface PatientContactsTable extends SyncedRow, AddressColumns {
  patientId: string;
  role: 'emergency' | 'guarantor';
  name: string;
  relationship: string;
  phone: string | null;
  email: string | null;
  dateOfBirth: string | null;
}

export interface DocumentsTable extends SyncedRow {
  patientId: string;
  kind: string;
  title: string;
  documentDate: string;
  contentType: 'application/pdf' | 'image/png' | 'image/jpeg';
  byteSize: number;
  /** Hex SHA-256 of the plaintext: the name of the encrypted file in the data folder. */
  sha256: string;
  fileName: string;
  createdBy: string | null;
}

export interface CoveragesTable extends SyncedRow {
  patientId: string;
  payerId: string;
  rank: 'primary' | 'secondary' | 'tertiary';
  memberId: string;
  groupNumber: string | null;
  planName: string | null;
  subscriberRelationship: 'self' | 'spouse' | 'child' | 'other';
  subscriberGivenName: string | null;
  subscriberFamilyName: string | null;
  subscriberDateOfBirth: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  cardFrontDocumentId: string | null;
  cardBackDocumentId: string | null;
}

export interface RecordRequestsTable extends SyncedRow {
  patientId: string;
  requesterName: string;
  requesterKind: string;
  requesterContact: string | null;
  purpose: string;
  recordsRequested: string;
  authorizationOnFile: number;
  authorizationDocumentId: string | null;
  receivedOn: string;
  dueOn: string;
  extendedDueOn: string | null;
  extensionReason: string | null;
  status: 'open' | 'released' | 'denied' | 'withdrawn';
  releasedOn: string | null;
  releasedWhat: string | null;
  releasedVia: string | null;
  releasedBy: string | null;
  closingNote: string | null;
}

export interface PatientMergesTable extends SyncedRow {
  survivorId: string;
  mergedId: string;
  mergedAt: string;
  mergedBy: string | null;
  /** JSON: the linked rows moved to the survivor, as [{ table, id, updatedAt }] (updatedAt: before the move, restored by unmerge). */
  moved: string;
  unmergedAt: string | null;
  unmergedBy: string | null;
}

// ---------------------------------------------------------------- scheduling (migration 0007)

export type AppointmentStatusValue =
  | 'booked'
  | 'confirmed'
  | 'arrived'
  | 'roomed'
  | 'with_provider'
  | 'checked_out'
  | 'cancelled'
  | 'no_show'
  | 'rescheduled';

/** Rooms and equipment that appointments book. */
export interface ResourcesTable extends SyncedRow {
  kind: 'room' | 'equipment';
  name: string;
  active: number;
}

export interface AppointmentTypesTable extends SyncedRow {
  name: string;
  durationMinutes: number;
  color: string;
  overbookRule: 'never' | 'with_reason' | 'cap';
  /** With the `cap` rule: how many overbooked appointments of a provider a clinic day may hold. */
  overbookCapPerDay: number | null;
  active: number;
}

/** The rooms and equipment an appointment type needs (removed: deleted_at set). */
export interface AppointmentTypeResourcesTable extends SyncedRow {
  appointmentTypeId: string;
  resourceId: string;
}

export interface AvailabilityTemplatesTable extends SyncedRow {
  providerId: string;
  effectiveFrom: string | null;
  effectiveUntil: string | null;
  /** JSON: the week as the core's `WeeklyTemplate.days` (local `HH:mm` times). */
  days: string;
}

export interface AvailabilityExceptionsTable extends SyncedRow {
  providerId: string;
  date: string;
  kind: 'closed_day' | 'closed' | 'extra';
  fromTime: string | null;
  toTime: string | null;
  /** JSON array of type ids (an extra session only for those types), or null. */
  appointmentTypeIds: string | null;
  label: string | null;
}

export interface AppointmentSeriesTable extends SyncedRow {
  patientId: string;
  providerId: string;
  appointmentTypeId: string;
  startDate: string;
  startTime: string;
  durationMinutes: number;
  /** An RRULE value (COUNT or UNTIL always present). */
  rule: string;
  /** JSON: the core's `SeriesException[]` (skipped and moved occurrences). */
  exceptions: string;
}

export interface AppointmentsTable extends SyncedRow {
  patientId: string;
  providerId: string;
  appointmentTypeId: string;
  /** UTC instants, `2026-03-09T14:00:00.000Z`. */
  startAt: string;
  endAt: string;
  status: AppointmentStatusValue;
  statusChangedAt: string;
  note: string | null;
  overbookReason: string | null;
  cancelledBy: 'patient' | 'clinic' | null;
  cancelReason: string | null;
  roomId: string | null;
  rescheduledToId: string | null;
  seriesId: string | null;
  /** The date the series' rule gives this occurrence (its identity in the series). */
  occurrenceDate: string | null;
  bookedBy: string | null;
}

/** A room or device held by an appointment, with the appointment's times; soft-deleted when it stops holding it. */
export interface AppointmentResourcesTable extends SyncedRow {
  appointmentId: string;
  resourceId: string;
  startAt: string;
  endAt: string;
}

export interface AppointmentStatusChangesTable extends SyncedRow {
  appointmentId: string;
  /** Null for the booking itself. */
  fromStatus: AppointmentStatusValue | null;
  toStatus: AppointmentStatusValue;
  at: string;
  changedBy: string | null;
  cancelledBy: 'patient' | 'clinic' | null;
  reason: string | null;
  newAppointmentId: string | null;
  roomId: string | null;
}

export interface WaitlistEntriesTable extends SyncedRow {
  patientId: string;
  appointmentTypeId: string;
  providerId: string | null;
  /** JSON array of weekday names (`["tue","thu"]`); empty: any day. */
  weekdays: string;
  partOfDay: 'morning' | 'afternoon' | null;
  earliestDate: string | null;
  note: string | null;
  status: 'waiting' | 'booked' | 'removed';
  bookedAppointmentId: string | null;
}

/** Money in integer cents, signed by its effect on what the bucket is owed. Insert-only (0008). */
export interface LedgerEntriesTable extends SyncedRow {
  patientId: string;
  appointmentId: string | null;
  encounterId: string | null;
  entryType: 'charge' | 'payment' | 'adjustment' | 'refund';
  bucket: 'patient' | 'insurance';
  amountCents: number;
  method: 'cash' | 'card' | 'check' | null;
  reference: string | null;
  reversesId: string | null;
  reason: string | null;
  idempotencyKey: string;
  postedAt: string;
  postedBy: string | null;
}

export interface CheckInsTable extends SyncedRow {
  appointmentId: string;
  patientId: string;
  insurance: 'coverage_confirmed' | 'self_pay';
  coverageId: string | null;
  identityChecked: 0 | 1;
  /** JSON array of consent names signed at this visit. */
  consentsSigned: string;
  copayEntryId: string | null;
  /** From the client: a retried check-in finds the one it made. */
  idempotencyKey: string;
  checkedInAt: string;
  checkedInBy: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
  undoReason: string | null;
}

export interface MessagesTable extends SyncedRow {
  kind: 'phone_message' | 'task';
  patientId: string | null;
  callerName: string | null;
  callbackPhone: string | null;
  subject: string;
  body: string | null;
  urgency: 'routine' | 'soon' | 'urgent';
  recipientUserId: string | null;
  recipientProviderId: string | null;
  status: 'new' | 'in_progress' | 'done';
  dueDate: string | null;
  takenBy: string | null;
  doneAt: string | null;
  doneBy: string | null;
  outcome: string | null;
}

export interface ReferralsTable extends SyncedRow {
  direction: 'outgoing' | 'incoming';
  patientId: string;
  providerId: string | null;
  otherName: string;
  otherOrganization: string | null;
  otherPhone: string | null;
  otherFax: string | null;
  reason: string;
  /** JSON array of ICD-10-CM codes. */
  diagnoses: string;
  /** JSON array of document ids. */
  documentsSent: string;
  status: 'open' | 'sent' | 'scheduled' | 'report_received' | 'closed' | 'cancelled';
  referredOn: string;
  sentAt: string | null;
  appointmentDate: string | null;
  reportReceivedOn: string | null;
  reportDocumentId: string | null;
  note: string | null;
  /** Why it was cancelled. */
  cancelReason: string | null;
}

export interface SupplyItemsTable extends SyncedRow {
  name: string;
  unit: string;
  reorderLevel: number;
  reorderQuantity: number;
  vendor: string | null;
  active: 0 | 1;
}

export interface SupplyOrdersTable extends SyncedRow {
  vendor: string | null;
  status: 'placed' | 'received' | 'cancelled';
  placedAt: string;
  placedBy: string | null;
  receivedAt: string | null;
  receivedBy: string | null;
  note: string | null;
}

export interface SupplyOrderLinesTable extends SyncedRow {
  orderId: string;
  itemId: string;
  quantityOrdered: number;
  quantityReceived: number | null;
}

/** Stock on hand is the sum of an item's movements. Insert-only (0008). */
export interface SupplyStockMovementsTable extends SyncedRow {
  itemId: string;
  change: number;
  reason: 'count' | 'received' | 'used';
  orderLineId: string | null;
  at: string;
  byUser: string | null;
}

/** Words inside patients' names (after a hyphen, space or apostrophe), kept by triggers. Local. */
export interface PatientNameWordsTable {
  word: string;
  familyKey: string;
  givenKey: string;
  pk: number;
}

export interface UsersTable {
  pk: Generated<number>;
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SettingsTable {
  /** The setting's name, e.g. clinic.name. */
  id: string;
  /** JSON text. */
  value: string;
  updatedAt: string;
}

export interface LoginAttemptsTable {
  username: string;
  failures: number;
  lockedUntil: string | null;
  lastFailureAt: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  deviceId: string;
  userId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  /** JSON object text. */
  detail: string;
  flagged: number;
  prevHash: string;
  hash: string;
}

export interface SyncOpsTable {
  /** Local order of arrival: the change-feed cursor. */
  seq: Generated<number>;
  opId: string;
  hlc: string;
  deviceId: string;
  authorId: string | null;
  tbl: string;
  rowId: string;
  col: string;
  /** JSON text of the column's new value. */
  value: string;
}

export interface WorkstationTable {
  singleton: number;
  deviceId: string;
  code: string;
  mrnCounter: number;
  createdAt: string;
}

export interface Database {
  patients: PatientsTable;
  patientNameWords: PatientNameWordsTable;
  providers: ProvidersTable;
  payers: PayersTable;
  patientContacts: PatientContactsTable;
  documents: DocumentsTable;
  coverages: CoveragesTable;
  recordRequests: RecordRequestsTable;
  patientMerges: PatientMergesTable;
  resources: ResourcesTable;
  appointmentTypes: AppointmentTypesTable;
  appointmentTypeResources: AppointmentTypeResourcesTable;
  availabilityTemplates: AvailabilityTemplatesTable;
  availabilityExceptions: AvailabilityExceptionsTable;
  appointmentSeries: AppointmentSeriesTable;
  appointments: AppointmentsTable;
  appointmentResources: AppointmentResourcesTable;
  appointmentStatusChanges: AppointmentStatusChangesTable;
  waitlistEntries: WaitlistEntriesTable;
  ledgerEntries: LedgerEntriesTable;
  checkIns: CheckInsTable;
  messages: MessagesTable;
  referrals: ReferralsTable;
  supplyItems: SupplyItemsTable;
  supplyOrders: SupplyOrdersTable;
  supplyOrderLines: SupplyOrderLinesTable;
  supplyStockMovements: SupplyStockMovementsTable;
  users: UsersTable;
  settings: SettingsTable;
  loginAttempts: LoginAttemptsTable;
  auditLog: AuditLogTable;
  syncOps: SyncOpsTable;
  workstation: WorkstationTable;
}

export type PatientRow = Selectable<PatientsTable>;
export type NewPatientRow = Insertable<PatientsTable>;
