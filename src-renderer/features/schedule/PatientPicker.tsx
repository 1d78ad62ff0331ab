import { useState } from 'react';
import { formatName } from '../../lib/format';
import { PatientSearchBox } from '../search/PatientSearchBox';

export interface ChosenPatient {
  id: string;
  /** "Lopez, Maria" */
  name: string;
  mrn: string;
  /** The chart's phone (E.164), for a form that offers it (a message's callback number). */
  phone?: string | null;
}

/** The patient of a scheduling form: search and pick (the same live search as everywhere), then shown with Change. */
export function PatientPicker({ patient, onChange, error, testId }: { patient: ChosenPatient | null; onChange(patient: ChosenPatient | null): void; error: string | null; testId: string }) {
  const [query, setQuery] = useState('');
  if (patient)
    return (
      <div className="field">
        <span className="search-label">Patient</span>
        <p className="booking-patient">
          <strong data-testid={`${testId}-patient`}>
            {patient.name} {patient.mrn && <span className="mono">({patient.mrn})</span>}
          </strong>{' '}
          <button type="button" onClick={() => onChange(null)} data-testid={`${testId}-patient-change`}>
            Change
          </button>
        </p>
      </div>
    );
  return (
    <div className="field patient-picker">
      <PatientSearchBox
        label="Patient"
        value={query}
        onChange={setQuery}
        onOpen={(chosen) => {
          setQuery('');
          onChange({ id: chosen.id, name: formatName(chosen), mrn: chosen.mrn, phone: chosen.phone });
        }}
        testId={`${testId}-patient-input`}
        hint={null}
      />
      <span className="field-error" role={error ? 'alert' : undefined} data-testid={`error-${testId}-patient`}>
        {error}
      </span>
    </div>
  );
}
