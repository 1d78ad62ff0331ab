import { Link, useLocation } from 'wouter';
import { useSession } from '../../lib/session';
import { AREAS, mayEnter } from './areas';

const isCurrent = (location: string, path: string) => location === path || location.startsWith(`${path}/`);

/** Only the areas the user's role (or a break-glass this session) lets them use; the routes guard themselves. */
export function Nav() {
  const [location] = useLocation();
  const permissions = useSession((s) => s.info?.permissions);
  return (
    <nav className="app-nav" aria-label="Areas">
      <ul>
        {AREAS.filter((area) => mayEnter(area, permissions ?? [])).map((area) => {
          const current = isCurrent(location, area.path);
          return (
            <li key={area.path}>
              <Link
                href={area.path}
                className={current ? 'nav-link current' : 'nav-link'}
                aria-current={current ? 'page' : undefined}
              >
                {area.label}
                {!area.built && <span className="nav-soon">soon</span>}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
