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
import { UpdatesPage } from './UpdatesPage';
import { UsersPage } from './UsersPage';

/** The Admin sub-navigation's groups, in the order they are listed. */
const GROUPS = ['People and clinic', 'Scheduling', 'Audit and backups'] as const;

interface Section {
  path: string;
  label: string;
  group: (typeof GROUPS)[number];
  permission: Permission;
  component: ComponentType;
}

const SECTIONS: Section[] = [
  { path: '/users', label: 'Users', group: 'People and clinic', permission: 'users.manage', component: UsersPage },
  { path: '/settings', label: 'Clinic settings', group: 'People and clinic', permission: 'settings.manage', component: SettingsPage },
  { path: '/providers', label: 'Providers', group: 'People and clinic', permission: 'providers.manage', component: ProvidersPage },
  { path: '/payers', label: 'Payers', group: 'People and clinic', permission: 'payers.manage', component: PayersPage },
  { path: '/rooms', label: 'Rooms and equipment', group: 'Scheduling', permission: 'schedule.manage', component: ResourcesPage },
  { path: '/appointment-types', label: 'Appointment types', group: 'Scheduling', permission: 'schedule.manage', component: TypesPage },
  { path: '/availability', label: 'Availability', group: 'Scheduling', permission: 'schedule.manage', component: AvailabilityPage },
  { path: '/audit', label: 'Audit log', group: 'Audit and backups', permission: 'audit.read', component: AuditLogPage },
  { path: '/break-glass', label: 'Break-glass report', group: 'Audit and backups', permission: 'audit.read', component: BreakGlassReportPage },
  { path: '/backups', label: 'Backups', group: 'Audit and backups', permission: 'backups.manage', component: BackupsPage },
  { path: '/updates', label: 'Updates', group: 'Audit and backups', permission: 'settings.manage', component: UpdatesPage },
];

/** Admin: the sections the user may use, listed by group on the left; every section guards itself, whatever the list shows. */
export function AdminArea() {
  const permissions = useSession((s) => s.info?.permissions ?? []);
  const allowed = SECTIONS.filter((s) => permissions.includes(s.permission));

  return (
    <div className={allowed.length > 0 ? 'admin admin-with-nav' : 'admin'}>
      {allowed.length > 0 && <AdminNav sections={allowed} />}
      <div className="admin-content">
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
    </div>
  );
}

function AdminNav({ sections }: { sections: Section[] }) {
  const [location] = useLocation();
  return (
    <nav className="admin-nav" aria-label="Admin">
      {GROUPS.map((group) => {
        const inGroup = sections.filter((s) => s.group === group);
        if (inGroup.length === 0) return null;
        const headingId = `admin-nav-${group.replace(/\W+/g, '-').toLowerCase()}`;
        return (
          <div key={group} className="admin-nav-group">
            <p className="admin-nav-heading" id={headingId}>
              {group}
            </p>
            <ul aria-labelledby={headingId}>
              {inGroup.map((section) => {
                const current = location === section.path || location.startsWith(`${section.path}/`);
                return (
                  <li key={section.path}>
                    <Link href={section.path} className={current ? 'admin-nav-link current' : 'admin-nav-link'} aria-current={current ? 'page' : undefined}>
                      {section.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
