import { useEffect, useRef, useState } from 'react';
import { RESTRICTION_LABELS, type Patient } from '../../../src-shared/patients/schema';
import { formatDateOfBirth, formatName, formatSex } from '../../lib/format';
import { navigate } from '../../lib/navigation';
import { MergeControls } from '../merges/MergeControls';
import { LockIcon } from '../shell/LockIcon';
import { ChartTabs } from './ChartTabs';
import { LoadFailure, Loading } from './LoadFailure';
import { usePatient } from './usePatient';

/** Not Alt+E: in the desktop app that opens the Edit menu on Windows and Linux. */
const EDIT_SHORTCUT = 'Control+E';

export function PatientChartPage({ id, tab }: { id: string; tab?: string | undefined }) {
  const [attempt, setAttempt] = useState(0);
  const result = usePatient(id, attempt);
  if (!result) return <Loading />;
  if (!result.ok) return <LoadFailure result={result} onRetry={() => setAttempt((n) => n + 1)} />;
  return <Chart patient={result.value} tab={tab} />;
}

function Chart({ patient, tab }: { patient: Patient; tab: string | undefined }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const edit = () => navigate(`/patients/${patient.id}/edit`);

  // Arriving at a chart puts the focus on it (not on whatever opened it), so Tab continues from here.
  useEffect(() => headingRef.current?.focus(), [patient.id]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.code === 'KeyE') {
        event.preventDefault();
        navigate(`/patients/${patient.id}/edit`);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [patient.id]);

  return (
    <section className="page chart" aria-labelledby="chart-title" data-testid="patient-chart" data-patient-id={patient.id}>
      <div className="page-head">
        <div>
          <h1 id="chart-title" ref={headingRef} tabIndex={-1}>
            <span data-testid="chart-name">{formatName(patient)}</span>
            {patient.restricted && (
              <span className="badge badge-restricted" data-testid="restricted-badge">
                <LockIcon /> Restricted: {RESTRICTION_LABELS[patient.restricted]}
              </span>
            )}
          </h1>
          <p className="subtle identity-line">
            <span>
              MRN <span className="mono" data-testid="chart-mrn">{patient.mrn}</span>
            </span>
            <span>Born {formatDateOfBirth(patient.dateOfBirth)}</span>
            <span>{formatSex(patient.sex)}</span>
          </p>
        </div>
        <div className="page-actions">
          <MergeControls patient={patient} />
          <button type="button" onClick={edit} aria-keyshortcuts={EDIT_SHORTCUT} data-testid="edit-patient">
            Edit details <kbd>Ctrl</kbd>
            <kbd>E</kbd>
          </button>
        </div>
      </div>

      <ChartTabs patient={patient} tab={tab} />
    </section>
  );
}
