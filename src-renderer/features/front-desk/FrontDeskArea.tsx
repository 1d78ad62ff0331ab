import { useEffect, type ComponentType } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import type { Permission } from '../../../src-shared/auth/permissions';
import { navigate } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { RequirePermission } from '../auth/Forbidden';
import { BoardPage } from './board/BoardPage';
import { MessagesPage } from './messages/MessagesPage';
import { NewMessagesCount } from './messages/NewMessagesCount';
import { ReferralsPage } from './referrals/ReferralsPage';
import { SuppliesPage } from './supplies/SuppliesPage';

interface Section {
  path: string;
  label: string;
  /** Alt+<key> opens the section from anywhere in the Front desk area. */
  key: string;
  permission: Permission;
  component: ComponentType;
  /** Shown after the label (e.g. a count of new messages). */
  badge?: ComponentType;
}

const SECTIONS: Section[] = [
  { path: '/board', label: 'Today', key: '1', permission: 'patients.read', component: BoardPage },
  { path: '/messages', label: 'Messages and tasks', key: '2', permission: 'messages.use', component: MessagesPage, badge: NewMessagesCount },
  { path: '/referrals', label: 'Referrals', key: '3', permission: 'patients.read', component: ReferralsPage },
  { path: '/supplies', label: 'Supplies', key: '4', permission: 'supplies.manage', component: SuppliesPage },
];

/** The Front desk: the day's board, messages and tasks, referrals and supplies, one tab each (Alt+1…4). */
export function FrontDeskArea() {
  const permissions = useSession((s) => s.info?.permissions ?? []);
  const allowed = SECTIONS.filter((s) => permissions.includes(s.permission));
  useSectionKeys(allowed);
  return (
    <div className="front-desk">
      <FrontDeskTabs sections={allowed} />
      <Switch>
        <Route path="/">
          <Redirect to="/board" replace />
        </Route>
        {SECTIONS.map((section) => (
          <Route key={section.path} path={section.path} nest>
            <RequirePermission permission={section.permission} title={section.label}>
              <section.component />
            </RequirePermission>
          </Route>
        ))}
      </Switch>
    </div>
  );
}

function FrontDeskTabs({ sections }: { sections: Section[] }) {
  const [location] = useLocation();
  return (
    <nav className="front-desk-tabs" aria-label="Front desk">
      {sections.map((section) => {
        const current = location === section.path || location.startsWith(`${section.path}/`);
        return (
          <Link key={section.path} href={section.path} className={current ? 'front-desk-tab current' : 'front-desk-tab'} aria-current={current ? 'page' : undefined} data-testid="front-desk-tab">
            {section.label} {section.badge && <section.badge />} <kbd>Alt+{section.key}</kbd>
          </Link>
        );
      })}
    </nav>
  );
}

/** Alt+1…4 open the sections (the same keys move between a chart's tabs). */
function useSectionKeys(sections: Section[]): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const section = sections.find((s) => s.key === event.key);
      if (!section || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      navigate(`/front-desk${section.path}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sections]);
}
