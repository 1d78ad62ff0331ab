import { Link, useLocation } from 'wouter';
import { AREAS } from './areas';

const isCurrent = (location: string, path: string) => location === path || location.startsWith(`${path}/`);

export function Nav() {
  const [location] = useLocation();
  return (
    <nav className="app-nav" aria-label="Areas">
      <ul>
        {AREAS.map((area) => {
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
