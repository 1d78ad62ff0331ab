import { useEffect, useRef } from 'react';
import type { Patient } from '../../../src-shared/patients/schema';
import { formatDateOfBirth, formatInstant, formatName, formatPhone, formatSex } from '../../lib/format';
import { navigate } from '../../lib/navigation';
import { LoadFailure, Loading } from './LoadFailure';
import { usePatient } from './usePatient';

/** Not Alt+E: in the desktop app that opens the Edit menu on Windows and Linux. */
const EDIT_SHORTCUT = 'Control+E';

export function PatientChartPage({ id }: { id: string }) {
  const result = usePatient(id);
  if (!result) return <Loading />;
  if (!result.ok) return <LoadFailure result={result} />;
  return <Chart patient={result.value} />;
}

function Chart({ patient }: { patient: Patient }) {
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
          <h1 id="chart-title" ref={headingRef} tabIndex={-1} data-testid="chart-name">
            {formatName(patient)}
          </h1>
          <p className="subtle identity-line">
            <span>
              MRN <span className="mono" data-testid="chart-mrn">{patient.mrn}</span>
            </span>
            <span>Born {formatDateOfBirth(patient.dateOfBirth)}</span>
            <span>{formatSex(patient.sex)}</span>
          </p>
        </div>
        <button type="button" onClick={edit} aria-keyshortcuts={EDIT_SHORTCUT} data-testid="edit-patient">
          Edit details <kbd>Ctrl</kbd>
          <kbd>E</kbd>
        </button>
      </div>

      <h2>Demographics</h2>
      <dl className="facts" data-testid="chart-facts">
        <Fact label="Given name" value={patient.givenName} testId="givenName" />
        <Fact label="Family name" value={patient.familyName} testId="familyName" />
        <Fact label="Date of birth" value={formatDateOfBirth(patient.dateOfBirth)} testId="dateOfBirth" />
        <Fact label="Sex" value={formatSex(patient.sex)} testId="sex" />
        <Fact label="Phone" value={formatPhone(patient.phone)} testId="phone" />
        <Fact label="E-mail" value={patient.email ?? ''} testId="email" />
        <Fact label="MRN" value={patient.mrn} testId="mrn" mono />
        <Fact label="Registered" value={formatInstant(patient.createdAt)} testId="createdAt" />
        <Fact label="Last changed" value={formatInstant(patient.updatedAt)} testId="updatedAt" />
      </dl>

      <p className="notice subtle">
        Insurance, appointments, balance, documents, front-office notes and the audit trail will appear on the chart as those
        areas are built.
      </p>
    </section>
  );
}

function Fact({ label, value, testId, mono }: { label: string; value: string; testId: string; mono?: boolean }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined} data-testid={`fact-${testId}`}>
        {value || <span className="none">not recorded</span>}
      </dd>
    </div>
  );
}
