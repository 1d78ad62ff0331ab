import { Redirect, Route, Router, Switch } from 'wouter';
import { useGuardedHashLocation } from '../../lib/navigation';
import { EditPatientPage } from '../patients/EditPatientPage';
import { NewPatientPage } from '../patients/NewPatientPage';
import { PatientChartPage } from '../patients/PatientChartPage';
import { PatientSearchPage } from '../patients/PatientSearchPage';
import { SearchOverlay } from '../search/SearchOverlay';
import { AREAS } from './areas';
import { ComingPanel } from './ComingPanel';
import { ConfirmDialog } from './ConfirmDialog';
import { ConnectionBanner, Header } from './Header';
import { Nav } from './Nav';
import { useGlobalShortcuts } from './useGlobalShortcuts';

export function App() {
  useGlobalShortcuts();
  return (
    <Router hook={useGuardedHashLocation}>
      <div className="app">
        <Header />
        <Nav />
        <main className="app-main" id="main">
          <ConnectionBanner />
          <Switch>
            <Route path="/">
              <Redirect to="/patients" replace />
            </Route>
            <Route path="/patients" component={PatientSearchPage} />
            <Route path="/patients/new" component={NewPatientPage} />
            <Route path="/patients/:id/edit">{(params) => <EditPatientPage key={params.id} id={params.id} />}</Route>
            <Route path="/patients/:id">{(params) => <PatientChartPage key={params.id} id={params.id} />}</Route>
            {AREAS.filter((a) => !a.built).map((area) => (
              <Route key={area.path} path={area.path}>
                <ComingPanel area={area} />
              </Route>
            ))}
            <Route>
              <section className="page">
                <h1>Page not found</h1>
                <p>There is no screen at this address. Choose an area on the left.</p>
              </section>
            </Route>
          </Switch>
        </main>
      </div>
      <SearchOverlay />
      <ConfirmDialog />
    </Router>
  );
}
