import { call } from '../../lib/rpc';
import { navigateNow } from '../../lib/navigation';
import { PatientForm } from './PatientForm';
import { EMPTY_PATIENT_FORM } from './patient-form';

export function NewPatientPage() {
  return (
    <section className="page" aria-labelledby="new-patient-title">
      <h1 id="new-patient-title">New patient</h1>
      <PatientForm
        defaultValues={EMPTY_PATIENT_FORM}
        submitLabel="Register patient"
        checkDuplicates
        save={(values, { confirmNewPatient, memberId }) =>
          call('patients.create', { ...values, ...(memberId ? { memberId } : {}), ...(confirmNewPatient ? { confirmNewPatient } : {}) })
        }
        // Replace the form in history: Back from the new chart returns to the search, not to an empty form.
        onSaved={(patient) => navigateNow(`/patients/${patient.id}`, { replace: true })}
        onCancel={() => navigateNow('/patients')}
      />
    </section>
  );
}
