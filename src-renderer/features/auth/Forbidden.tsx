import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { grantableByBreakGlass, type Permission } from '../../../src-shared/auth/permissions';
import { useCanAny } from '../../lib/session';
import { BreakGlassForm } from './BreakGlassForm';

export const PERMISSION_LABELS: Record<Permission, string> = {
  'patients.read': 'see patients',
  'patients.write': 'register and edit patients',
  'patients.restricted': 'open restricted charts',
  'patients.restrict': 'mark charts as restricted',
  'patients.merge': 'merge charts',
  'records.release': 'answer record requests',
  'providers.manage': 'manage providers',
  'payers.manage': 'manage payers',
  'changes.read': 'follow changes',
  'system.read': 'see system facts',
  'users.manage': 'manage users',
  'settings.manage': 'change clinic settings',
  'audit.read': 'read the audit reports',
  'audit.patient': "print a chart's access report",
  'backups.manage': 'manage backups',
  'schedule.manage': 'set up the schedule',
  'schedule.book': 'book appointments',
  'ledger.read': 'see payments and balances',
  'payments.post': 'take payments',
  'ledger.correct': 'correct the ledger',
  'frontdesk.checkin': 'check patients in',
  'messages.use': 'take messages and work an inbox',
  'referrals.manage': 'log and follow referrals',
  'supplies.manage': 'manage supplies',
};

/** "You do not have permission", with emergency access for the one permission the screen needs. */
export function ForbiddenPanel({ permission, title }: { permission: Permission; title: string }) {
  return (
    <section className="page" aria-labelledby="forbidden-title" data-testid="forbidden">
      <h1 id="forbidden-title">{title}</h1>
      <p className="banner banner-error" role="alert">
        You do not have permission to {PERMISSION_LABELS[permission]}. Your role does not include it.
      </p>
      <p>
        <Link href="~/patients">Back to patients</Link>
      </p>
      {grantableByBreakGlass(permission) ? (
        <div className="notice break-glass">
          <h2>Emergency access</h2>
          <p>
            In an emergency you can still go on: state why. Your reason is recorded with your name and the time, flagged, and
            listed on the administrator’s break-glass report. The access lasts until you sign out.
          </p>
          <BreakGlassForm target={{ permission }} submitLabel="Use emergency access" onGranted={() => undefined} />
        </div>
      ) : (
        <p className="notice" data-testid="no-break-glass">
          Emergency access does not cover this: ask an administrator.
        </p>
      )}
    </section>
  );
}

/**
 * The router is the guard: a screen whose permission the user lacks shows the refusal instead,
 * even when its address is typed directly (the navigation only hides it).
 */
export function RequirePermission({ permission, title, children }: { permission: Permission; title: string; children: ReactNode }) {
  const allowed = useCanAny([permission]);
  return allowed ? <>{children}</> : <ForbiddenPanel permission={permission} title={title} />;
}
