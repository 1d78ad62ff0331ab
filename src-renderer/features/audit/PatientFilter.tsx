import { useEffect, useRef, useState } from 'react';
import { formatName } from '../../lib/format';
import { PatientSearchBox } from '../search/PatientSearchBox';

export interface ChosenPatient {
  id: string;
  label: string;
}

/** Chooses one patient by searching (the search is audited like any other), or shows the one chosen with a Clear button. */
export function PatientFilter({ value, onChange }: { value: ChosenPatient | null; onChange(patient: ChosenPatient | null): void }) {
  const [query, setQuery] = useState('');
  const [cleared, setCleared] = useState(false);
  const clearRef = useRef<HTMLButtonElement>(null);

  // Focus follows the choice: to Clear once a patient is chosen, back to the box once cleared.
  useEffect(() => {
    if (value) clearRef.current?.focus();
  }, [value]);

  if (value) {
    return (
      <div className="audit-filter audit-patient-chosen">
        <span className="audit-filter-label">Patient</span>
        <span className="audit-chip" data-testid="audit-patient-chosen">
          {value.label}
        </span>
        <button
          type="button"
          ref={clearRef}
          onClick={() => {
            setCleared(true);
            onChange(null);
          }}
          data-testid="audit-patient-clear"
        >
          Clear<span className="visually-hidden"> the patient filter</span>
        </button>
      </div>
    );
  }
  return (
    <div className="audit-filter patient-picker">
      <PatientSearchBox
        label="Patient"
        value={query}
        onChange={setQuery}
        onOpen={(patient) => {
          setQuery('');
          onChange({ id: patient.id, label: `${formatName(patient)} (${patient.mrn})` });
        }}
        testId="audit-patient-input"
        autoFocus={cleared}
        hint={null}
      />
    </div>
  );
}
