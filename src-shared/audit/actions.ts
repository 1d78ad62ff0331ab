/**
 * How the audit screens name the actions of the audit log (`AUDIT_ACTIONS` in
 * src-main/domain/audit/log.ts) and group them for filtering. An action missing here still shows,
 * under a name made from its code (a unit test asks for a label for every action).
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.lock': 'Screen locked',
  'auth.unlock': 'Unlocked',
  'auth.unlock_failed': 'Unlock failed',
  'auth.refused': 'Refused: no permission',
  'auth.break_glass': 'Emergency access (break-glass)',
  'setup.first_admin': 'Clinic set up',
  'user.create': 'User created',
  'user.update': 'User changed',
  'user.reset_password': 'Password reset',
  'user.unlock': 'User unlocked',
  'settings.update': 'Clinic settings changed',
  'patient.restrict': 'Chart restriction changed',
  'patient.view': 'Chart viewed',
  'patient.search': 'Patients searched',
  'patient.create': 'Patient registered',
  'patient.update': 'Patient details changed',
  'patient.merge': 'Charts merged',
  'patient.unmerge': 'Merge undone',
  'document.attach': 'Document attached',
  'document.open': 'Document opened',
  'document.update': 'Document details changed',
  'document.remove': 'Document removed',
  'record_request.create': 'Record request logged',
  'record_request.update': 'Record request updated',
  'record_request.release': 'Records released',
  'provider.create': 'Provider added',
  'provider.update': 'Provider changed',
  'payer.create': 'Payer added',
  'payer.update': 'Payer changed',
  'coverage.create': 'Coverage added',
  'coverage.update': 'Coverage changed',
  'schedule.resource.create': 'Room or equipment added',
  'schedule.resource.update': 'Room or equipment changed',
  'schedule.type.create': 'Appointment type added',
  'schedule.type.update': 'Appointment type changed',
  'schedule.provider.update': 'Provider schedule settings changed',
  'schedule.template.save': 'Weekly template saved',
  'schedule.template.remove': 'Weekly template removed',
  'schedule.exception.add': 'Availability exception added',
  'schedule.exception.remove': 'Availability exception removed',
  'appointment.book': 'Appointment booked',
  'appointment.overbook': 'Appointment overbooked',
  'appointment.reschedule': 'Appointment rescheduled',
  'appointment.cancel': 'Appointment cancelled',
  'appointment.status': 'Appointment status changed',
  'appointment_series.book': 'Recurring series booked',
  'appointment_series.update': 'Recurring series changed',
  'appointment_series.cancel': 'Recurring series cancelled',
  'waitlist.add': 'Added to the waitlist',
  'waitlist.remove': 'Removed from the waitlist',
  'ledger.payment': 'Payment posted',
  'ledger.reverse': 'Ledger entry reversed',
  'front_desk.check_in': 'Patient checked in',
  'front_desk.undo_check_in': 'Check-in undone',
  'message.create': 'Message taken',
  'message.status': 'Message status changed',
  'message.reassign': 'Message routed',
  'referral.log': 'Referral logged',
  'referral.status': 'Referral status changed',
  'supply.item.create': 'Supply item added',
  'supply.item.update': 'Supply item changed',
  'supply.stock.count': 'Stock counted',
  'supply.stock.use': 'Stock used',
  'supply.order.place': 'Supply order placed',
  'supply.order.receive': 'Supply order received',
  'supply.order.cancel': 'Supply order cancelled',
  print: 'Printed',
  export: 'Exported',
  'backup.create': 'Backup made',
  'backup.restore': 'Backup restored',
  'update.install': 'Update install requested',
};

/** "coverage.remove" → "Coverage remove": a readable name for an action added without a label. */
export function actionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const words = action.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface ActionGroup {
  label: string;
  /** Actions named exactly. */
  actions: readonly string[];
  /** Every action starting with one of these (so an area's later actions join its group). */
  prefixes?: readonly string[];
}

export const AUDIT_ACTION_GROUPS = {
  chart_views: { label: 'Chart views', actions: ['patient.view'] },
  searches: { label: 'Searches', actions: ['patient.search'] },
  changes: {
    label: 'Changes',
    actions: ['patient.create', 'patient.update', 'patient.restrict', 'patient.merge', 'patient.unmerge'],
    prefixes: ['coverage.', 'provider.', 'payer.'],
  },
  documents: { label: 'Documents', actions: [], prefixes: ['document.'] },
  record_requests: { label: 'Record requests', actions: [], prefixes: ['record_request.'] },
  scheduling: { label: 'Scheduling', actions: [], prefixes: ['appointment.', 'appointment_series.', 'waitlist.', 'schedule.'] },
  front_desk: { label: 'Check-ins and payments', actions: [], prefixes: ['front_desk.', 'ledger.'] },
  messages: { label: 'Messages and tasks', actions: [], prefixes: ['message.'] },
  referrals: { label: 'Referrals', actions: [], prefixes: ['referral.'] },
  supplies: { label: 'Supplies', actions: [], prefixes: ['supply.'] },
  prints_exports: { label: 'Prints and exports', actions: ['print', 'export'] },
  sign_ins: { label: 'Sign-ins and locks', actions: ['auth.login', 'auth.login_failed', 'auth.logout', 'auth.lock', 'auth.unlock', 'auth.unlock_failed'] },
  refusals: { label: 'Refusals and break-glass', actions: ['auth.refused', 'auth.break_glass'] },
  administration: { label: 'Administration', actions: ['setup.first_admin', 'settings.update'], prefixes: ['user.', 'backup.', 'update.'] },
} as const satisfies Record<string, ActionGroup>;

export type AuditActionGroup = keyof typeof AUDIT_ACTION_GROUPS;
export const AUDIT_ACTION_GROUP_KEYS = Object.keys(AUDIT_ACTION_GROUPS) as [AuditActionGroup, ...AuditActionGroup[]];

/** The actions of `known` that belong to a group. */
export function actionsOfGroup(key: AuditActionGroup, known: readonly string[]): string[] {
  const group: ActionGroup = AUDIT_ACTION_GROUPS[key];
  return known.filter((action) => group.actions.includes(action) || (group.prefixes ?? []).some((prefix) => action.startsWith(prefix)));
}
