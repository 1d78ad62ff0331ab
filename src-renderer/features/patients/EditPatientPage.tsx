import { useState } from 'react';
import type { Patient } from '../../../src-shared/patients/schema';
import { formatName } from '../../lib/format';
import { navigateNow } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { LoadFailure, Loading } from './LoadFailure';
import { PatientForm } from './PatientForm';
import { changedFields, patientToFormValues } from './patient-form';
import { usePatient } from './usePatient';

export function EditPatientPage({ id }: { id: string }) {
  const [attempt, setAttempt] = useState(0);
  const result = usePatient(id, attempt);
  // The form edits the version first loaded; later versions only raise a warning (see below).
  const [original, setOriginal] = useState<Patient | null>(null);
  if (result?.ok && original === null) setOriginal(result.value);

  if (!result) return <Loading />;
  // Once the form is showing, a later failed re-read (e.g. the chart was just restricted) must not take it away.
  if (!result.ok && !original) return <LoadFailure result={result} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!original) return <Loading />;

  const changedElsewhere = result.ok && result.value.updatedAt !== original.updatedAt;
  return (
    <section className="page" aria-labelledby="edit-patient-title">
      <h1 id="edit-patient-title">Edit {formatName(original)}</h1>
      <p className="subtle">
        MRN <span className="mono">{original.mrn}</span>
      </p>
      {changedElsewhere && (
        <div className="banner banner-warning" role="status" data-testid="changed-elsewhere">
          This patient was changed elsewhere while you were editing. Saving writes only the fields you changed here; the
          other fields keep the newer values. Cancel to see them first.
        </div>
      )}
      <PatientForm
        defaultValues={patientToFormValues(original)}
        submitLabel="Save changes"
        save={async (values) => {
          // Only the fields this user changed: a concurrent edit of another field is kept.
          const changes = changedFields(values, original);
          if (Object.keys(changes).length === 0) return { ok: true, value: result.ok ? result.value : original };
          return call('patients.update', { id, ...changes });
        }}
        onSaved={() => navigateNow(`/patients/${id}`, { replace: true })}
        onCancel={() => navigateNow(`/patients/${id}`)}
      />
    </section>
  );
}
