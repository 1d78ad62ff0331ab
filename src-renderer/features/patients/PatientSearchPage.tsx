import { create } from 'zustand';
import { navigate } from '../../lib/navigation';
import { PatientSearchBox } from '../search/PatientSearchBox';
import { NEW_PATIENT_SHORTCUT } from '../shell/useGlobalShortcuts';

/** The last search stays when the user comes back from a chart. */
const usePatientsPageQuery = create<{ query: string }>(() => ({ query: '' }));

export function PatientSearchPage() {
  const query = usePatientsPageQuery((s) => s.query);
  return (
    <section className="page" aria-labelledby="patients-title">
      <div className="page-head">
        <h1 id="patients-title">Patients</h1>
        <button
          type="button"
          className="primary"
          onClick={() => navigate('/patients/new')}
          aria-keyshortcuts={NEW_PATIENT_SHORTCUT}
          data-testid="new-patient"
        >
          New patient <kbd>Alt</kbd>
          <kbd>N</kbd>
        </button>
      </div>
      <PatientSearchBox
        label="Search patients"
        value={query}
        onChange={(value) => usePatientsPageQuery.setState({ query: value })}
        onOpen={(patient) => navigate(`/patients/${patient.id}`)}
        testId="patient-search-input"
      />
    </section>
  );
}
