/** Every permission a contract method can require. Roles grant subsets of these. */
export const PERMISSIONS = [
  'patients.read',
  'patients.write',
  /** Open restricted charts (staff, VIP, sensitive) without break-glass. */
  'patients.restricted',
  /** Mark or unmark a chart as restricted. */
  'patients.restrict',
  /** Merge two charts into one, and undo a merge. */
  'patients.merge',
  /** Log, answer and close record requests (release of information). */
  'records.release',
  'providers.manage',
  'payers.manage',
  'changes.read',
  'system.read',
  'users.manage',
  'settings.manage',
  /** The whole audit log and the break-glass report. */
  'audit.read',
  /** One chart's access report (who viewed or changed it), which a patient may ask for. */
  'audit.patient',
  'backups.manage',
  /** Rooms, equipment, appointment types, providers' templates and exceptions. */
  'schedule.manage',
  /** Book, move, cancel appointments, change their status; the waitlist. */
  'schedule.book',
  /** A chart's ledger (entries and balances) and payment receipts. */
  'ledger.read',
  /** Take a patient payment (a copay at the desk, a payment at any time). */
  'payments.post',
  /** Correct the ledger: reverse an entry, with a reason. */
  'ledger.correct',
  /** Check a patient in (identity, insurance, consents, copay, arrived) and undo it within the day. */
  'frontdesk.checkin',
  /** Take phone messages and hand out tasks, and work one's own inbox. */
  'messages.use',
  /** Log referrals out and in, and follow them up. */
  'referrals.manage',
  /** Supply items, stock counts, orders placed and received. */
  'supplies.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Who may call a method: anyone holding the transport (first-run set-up, sign-in), any signed-in user, or a permission. */
export type Access = Permission | 'public' | 'signed-in';

export const ROLES = ['front_desk', 'records_clerk', 'billing', 'provider', 'office_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  front_desk: 'Front desk',
  records_clerk: 'Records clerk',
  billing: 'Billing / insurance',
  provider: 'Provider',
  office_manager: 'Office manager',
  admin: 'Administrator',
};

const EVERYONE: Permission[] = ['patients.read', 'changes.read', 'system.read', 'messages.use'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  front_desk: [...EVERYONE, 'patients.write', 'schedule.book', 'frontdesk.checkin', 'payments.post', 'ledger.read', 'referrals.manage', 'supplies.manage'],
  records_clerk: [...EVERYONE, 'patients.write', 'patients.restrict', 'patients.merge', 'records.release', 'audit.patient', 'schedule.book', 'referrals.manage'],
  billing: [...EVERYONE, 'patients.write', 'payers.manage', 'payments.post', 'ledger.read', 'ledger.correct'],
  provider: [...EVERYONE],
  office_manager: [
    ...EVERYONE,
    'patients.write',
    'patients.restrict',
    'patients.merge',
    'records.release',
    'providers.manage',
    'payers.manage',
    'audit.read',
    'audit.patient',
    'settings.manage',
    'backups.manage',
    'schedule.manage',
    'schedule.book',
    'frontdesk.checkin',
    'payments.post',
    'ledger.read',
    'ledger.correct',
    'referrals.manage',
    'supplies.manage',
  ],
  admin: [...PERMISSIONS],
};

/**
 * Emergency access is for patient care. It never grants user administration or backup/restore:
 * those outlive the session (a new administrator account, a replaced database) and can wait for
 * an administrator.
 */
export const NOT_BY_BREAK_GLASS: readonly Permission[] = ['users.manage', 'backups.manage'];

export function grantableByBreakGlass(permission: Permission): boolean {
  return !NOT_BY_BREAK_GLASS.includes(permission);
}

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}
