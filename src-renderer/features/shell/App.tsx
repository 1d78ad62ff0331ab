import { useEffect } from 'react';
import { Redirect, Route, Router, Switch } from 'wouter';
import { useTableVersion } from '../../lib/change-feed';
import { useGuardedHashLocation } from '../../lib/navigation';
import { boot, refreshSession, useSession } from '../../lib/session';
import { AdminArea } from '../admin/AdminArea';
import { LockOverlay } from '../auth/LockOverlay';
import { SetupPage } from '../auth/SetupPage';
import { SignInPage } from '../auth/SignInPage';
import { useIdleLock } from '../auth/useIdleLock';
import { EditPatientPage } from '../patients/EditPatientPage';
import { NewPatientPage } from '../patients/NewPatientPage';
import { PatientChartPage } from '../patients/PatientChartPage';
import { PatientSearchPage } from '../patients/PatientSearchPage';
import { RecordsArea } from '../record-requests/RecordsPage';
import { SearchOverlay } from '../search/SearchOverlay';
import { FindNextPage } from '../schedule/FindNextPage';
import { ListPage } from '../schedule/ListPage';
import { FrontDeskArea } from '../front-desk/FrontDeskArea';
import { SchedulePage } from '../schedule/SchedulePage';
import { WaitlistPage } from '../schedule/WaitlistPage';
import { WeekPage } from '../schedule/WeekPage';
import { useReportUnsavedWork } from '../updates/useReportUnsavedWork';
import { AREAS } from './areas';
import { ComingPanel } from './ComingPanel';
import { ConfirmDialog } from './ConfirmDialog';
import { ConnectionBanner, Header } from './Header';
import { Nav } from './Nav';
import { useGlobalShortcuts } from './useGlobalShortcuts';

/**
 * First run, sign-in, or the signed-in screens. The signed-in screens are keyed by the session
 * epoch: when another user signs in they mount afresh, so nothing the earlier user typed survives.
 */
export function App() {
  const phase = useSession((s) => s.phase);
  const epoch = useSession((s) => s.epoch);
  useEffect(() => {
    void boot();
  }, []);
  return (
    <>
      {phase === 'starting' && <StartingScreen />}
      {phase === 'setup' && <SetupPage />}
      {phase === 'signed-out' && <SignInPage key={epoch} />}
      {phase === 'signed-in' && <SignedInShell key={epoch} />}
      <ConfirmDialog />
    </>
  );
}

function StartingScreen() {
  const bootError = useSession((s) => s.bootError);
  return (
    <div className="auth-screen">
      <div className="auth-panel" aria-busy={!bootError}>
        <ConnectionBanner />
        {bootError ? (
          <>
            <h1>Clinic Office cannot start</h1>
            <p role="alert" data-testid="boot-error">
              {bootError}
            </p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => void boot()}>
                Try again
              </button>
            </div>
          </>
        ) : (
          <p className="hint">Starting…</p>
        )}
      </div>
    </div>
  );
}

function SignedInShell() {
  useGlobalShortcuts();
  useIdleLock();
  useReportUnsavedWork();
  // A changed idle time or clinic name (here or on another workstation) applies at once.
  const settingsVersion = useTableVersion('settings');
  useEffect(() => {
    if (settingsVersion > 0) void refreshSession();
  }, [settingsVersion]);

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
            <Route path="/patients/:id/:tab">{(params) => <PatientChartPage key={params.id} id={params.id} tab={params.tab} />}</Route>
            <Route path="/patients/:id">{(params) => <PatientChartPage key={params.id} id={params.id} />}</Route>
            <Route path="/records" component={RecordsArea} />
            <Route path="/schedule">{() => <SchedulePage />}</Route>
            <Route path="/schedule/find">{() => <FindNextPage />}</Route>
            <Route path="/schedule/find/:entryId">{(params) => <FindNextPage key={params.entryId} entryId={params.entryId} />}</Route>
            <Route path="/schedule/waitlist" component={WaitlistPage} />
            <Route path="/schedule/week">{() => <WeekPage />}</Route>
            <Route path="/schedule/week/:date">{(params) => <WeekPage date={params.date} />}</Route>
            <Route path="/schedule/week/:providerId/:date">{(params) => <WeekPage providerId={params.providerId} date={params.date} />}</Route>
            <Route path="/schedule/list" component={ListPage} />
            <Route path="/schedule/:date">{(params) => <SchedulePage date={params.date} />}</Route>
            <Route path="/schedule/:date/rooms">{(params) => <SchedulePage date={params.date} view="rooms" />}</Route>
            <Route path="/front-desk" nest>
              <FrontDeskArea />
            </Route>
            <Route path="/admin" nest>
              <AdminArea />
            </Route>
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
      <LockOverlay />
    </Router>
  );
}
