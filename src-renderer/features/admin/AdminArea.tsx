import type { ComponentType } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import type { Permission } from '../../../src-shared/auth/permissions';
import { useSession } from '../../lib/session';
import { AuditLogPage } from '../audit/AuditLogPage';
import { RequirePermission } from '../auth/Forbidden';
import { PayersPage } from '../payers/PayersPage';
import { ProvidersPage } from '../providers/ProvidersPage';
import { AvailabilityPage } from '../scheduling-setup/AvailabilityPage';
import { ResourcesPage } from '../scheduling-setup/ResourcesPage';
import { TypesPage } from '../scheduling-setup/TypesPage';
import { BackupsPage } from './BackupsPage';
import { BreakGlassReportPage } from './BreakGlassReportPage';
import { SettingsPage } from './SettingsPage';
import { UsersPage } from './UsersPage';

interface Section {
  path: string;
  label: string;
  permission: Permission;
  component: ComponentType;
}

const SECTIONS: Section[] = [
  { path: '/users', label: 'Users', permission: 'users.manage', component: UsersPage },
  { path: '/settings', label: 'Clinic settings', permission: 'settings.manage', component: SettingsPage },
  { path: '/providers', label: 'Providers', permission: 'providers.manage', component: ProvidersPage },
  { path: '/payers', label: 'Payers', permission: 'payers.manage', component: PayersPage },
  { path: '/rooms', label: 'Rooms and equipment', permission: 'schedule.manage', component: ResourcesPage },
  { path: '/appointment-types', label: 'Appointment types', permission: 'schedule.manage', component: TypesPage },
  { path: '/availability', label: 'Availability', permission: 'schedule.manage', component: AvailabilityPage },
  { path: '/audit', label: 'Audit log', permission: 'audit.read', component: AuditLogPage },
  { path: '/break-glass', label: 'Break-glass report', permission: 'audit.read', component: BreakGlassReportPage },
  { path: '/backups', label: 'Backups', permission: 'backups.manage', component: BackupsPage },
];

/** Admin: the sections the user may use as tabs; every section guards itself, whatever the tabs show. */
export function AdminArea() {
  const permissions = useSession((s) => s.info?.permissions ?? []);
  const [location] = useLocation();
  const allowed = SECTIONS.filter((s) => permissions.includes(s.permission));

  return (
    <div className="admin">
      {allowed.length > 0 && (
        <nav className="tabs" aria-label="Admin">
          {allowed.map((section) => {
            const current = location === section.path || location.startsWith(`${section.path}/`);
            return (
              <Link key={section.path} href={section.path} className={current ? 'tab current' : 'tab'} aria-current={current ? 'page' : undefined}>
                {section.label}
              </Link>
            );
          })}
        </nav>
      )}
      <Switch>
        <Route path="/">
          {allowed[0] ? (
            <Redirect to={allowed[0].path} replace />
          ) : (
            <section className="page" data-testid="forbidden">
              <h1>Admin</h1>
              <p className="banner banner-error" role="alert">
                You do not have permission to use the Admin area.
              </p>
              <p>In an emergency, open the section you need and state why:</p>
              <ul>
                {SECTIONS.map((s) => (
                  <li key={s.path}>
                    <Link href={s.path}>{s.label}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </Route>
        {SECTIONS.map((section) => (
          <Route key={section.path} path={section.path}>
            <RequirePermission permission={section.permission} title={section.label}>
              <section.component />
            </RequirePermission>
          </Route>
        ))}
        <Route>
          <section className="page">
            <h1>Page not found</h1>
            <p>There is no Admin screen at this address.</p>
          </section>
        </Route>
      </Switch>
    </div>
  );
}
