import { useState } from 'react';
import { RESTRICTION_LABELS, RESTRICTIONS, type Patient } from '../../../src-shared/patients/schema';
import { askConfirm } from '../../lib/confirm';
import { formatDateOfBirth, formatInstant, formatPhone, formatSex } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';

/** The chart's first tab: demographics, contacts and consents, notes, and access. */
export function ChartOverview({ patient }: { patient: Patient }) {
  return (
    <>
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

      <RestrictionControl key={patient.restricted ?? 'none'} patient={patient} />
    </>
  );
}

type RestrictionChoice = Patient['restricted'];

/** Users who may mark charts restricted set or clear the mark here, after confirming. */
function RestrictionControl({ patient }: { patient: Patient }) {
  const mayRestrict = useCan('patients.restrict');
  const mayOpenRestricted = useCan('patients.restricted');
  const [choice, setChoice] = useState<RestrictionChoice>(patient.restricted);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!mayRestrict) return null;

  const apply = async () => {
    if (choice === patient.restricted) return;
    const ok = await askConfirm(
      choice
        ? {
            title: `Mark this chart restricted (${RESTRICTION_LABELS[choice]})?`,
            message: `Only users allowed to open restricted charts will open it directly; everyone else must state a reason (break-glass), which is logged and reported.${
              mayOpenRestricted ? '' : ' That includes you: your role does not open restricted charts.'
            }`,
            confirmLabel: 'Restrict chart',
            cancelLabel: 'Cancel',
          }
        : {
            title: 'Remove the restriction?',
            message: 'Every user who can see patients will open this chart without stating a reason.',
            confirmLabel: 'Remove restriction',
            cancelLabel: 'Cancel',
          },
    );
    if (!ok) return;
    setBusy(true);
    setError(null);
    const result = await call('patients.setRestriction', { id: patient.id, restriction: choice });
    setBusy(false);
    if (!result.ok) setError(result.error.message);
    // The change feed reloads the chart (or shows the break-glass panel if this user lost access).
  };

  return (
    <div className="restriction-control">
      <h2>Access</h2>
      <div className="inline-form">
        <label htmlFor="restriction-select">Restriction</label>
        <select
          id="restriction-select"
          value={choice ?? ''}
          onChange={(e) => setChoice(e.target.value === '' ? null : (e.target.value as NonNullable<RestrictionChoice>))}
          data-testid="restriction-select"
        >
          <option value="">Not restricted</option>
          {RESTRICTIONS.map((r) => (
            <option key={r} value={r}>
              {RESTRICTION_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void apply()} disabled={busy || choice === patient.restricted} data-testid="apply-restriction">
          {busy ? 'Saving…' : 'Apply'}
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
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
