import { useEffect, useRef, useState } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import { DUPLICATE_REASON_LABELS, type DuplicateCandidate, type PatientFindDuplicatesInput } from '../../../src-shared/patients/schema';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { toE164 } from '../../../src-shared/validation/phone';
import { formatDate, formatName, formatPhone } from '../../lib/format';
import { navigate } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import type { PatientFormOutput, PatientFormValues } from './patient-form';

/** Typing pauses this long before the service is asked. */
export const DUPLICATE_CHECK_DELAY_MS = 300;
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A member id is worth looking up from 4 letters or digits on (the service folds dashes, spaces and case). */
const MIN_MEMBER_ID_CHARACTERS = 4;

type DuplicateFields = Pick<PatientFormValues, 'givenName' | 'familyName' | 'dateOfBirth' | 'phone' | 'email' | 'memberId'>;

/** What is worth asking about: name + a complete date of birth, a valid phone, a complete e-mail address, a member id. Null when nothing is. */
export function duplicateQuery(values: DuplicateFields): PatientFindDuplicatesInput | null {
  const query: PatientFindDuplicatesInput = {};
  const dob = values.dateOfBirth.trim() ? parseDateInput(values.dateOfBirth.trim()) : null;
  if (dob && (values.givenName.trim() || values.familyName.trim())) {
    Object.assign(query, { givenName: values.givenName.trim(), familyName: values.familyName.trim(), dateOfBirth: dob });
  }
  const phone = values.phone.trim() ? toE164(values.phone) : null;
  if (phone) query.phone = phone;
  const email = values.email.trim();
  if (LOOKS_LIKE_EMAIL.test(email)) query.email = email;
  const memberId = values.memberId.trim();
  if (memberId.replace(/[^\p{L}\p{N}]+/gu, '').length >= MIN_MEMBER_ID_CHARACTERS) query.memberId = memberId;
  return Object.keys(query).length > 0 ? query : null;
}

/** Likely existing patients for what is being typed, asked for once typing pauses. */
export function useDuplicateCandidates(control: Control<PatientFormValues, unknown, PatientFormOutput>, enabled: boolean): DuplicateCandidate[] {
  const [givenName, familyName, dateOfBirth, phone, email, memberId] = useWatch({
    control,
    name: ['givenName', 'familyName', 'dateOfBirth', 'phone', 'email', 'memberId'],
  });
  const query = enabled ? duplicateQuery({ givenName, familyName, dateOfBirth, phone, email, memberId }) : null;
  const key = query ? JSON.stringify(query) : '';
  const [result, setResult] = useState<{ key: string; items: DuplicateCandidate[] }>({ key: '', items: [] });
  const latest = useRef('');

  useEffect(() => {
    latest.current = key;
    if (!key) return;
    const timer = window.setTimeout(() => {
      void call('patients.findDuplicates', JSON.parse(key) as PatientFindDuplicatesInput).then((answer) => {
        // An answer to something no longer typed is dropped; a failed check shows nothing (saving checks again).
        if (latest.current === key) setResult({ key, items: answer.ok ? answer.value.items : [] });
      });
    }, DUPLICATE_CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [key]);

  return key && result.key === key ? result.items : [];
}

interface DuplicatePanelProps {
  candidates: DuplicateCandidate[];
  /** Set after a save was refused for these candidates: offers saving anyway. */
  onRegisterAnyway?: (() => void) | undefined;
  busy?: boolean;
  /** Registration's wording unless given (the coverage form warns about a shared member id). */
  title?: string;
  conflictMessage?: string;
  anywayLabel?: string;
  /** Offers "Use this patient" instead of opening the chart (a flow that goes on with the patient, e.g. a walk-in). */
  onUse?: ((candidate: DuplicateCandidate) => void) | undefined;
}

/** "Possible existing patient — open it?": each candidate, why it matches, and a way to its chart. */
export function DuplicatePanel({
  candidates,
  onRegisterAnyway,
  busy = false,
  title = 'Possible existing patient — open it?',
  conflictMessage = 'Not saved yet: this may be a patient already registered. Open the existing chart, or register a new patient anyway.',
  anywayLabel = 'Register as a new patient anyway',
  onUse,
}: DuplicatePanelProps) {
  if (candidates.length === 0) return null;
  return (
    <section className="banner banner-warning duplicate-panel" aria-labelledby="duplicate-panel-title" data-testid="duplicate-panel">
      <h2 id="duplicate-panel-title" className="duplicate-panel-title">
        {title}
      </h2>
      {onRegisterAnyway && (
        <p role="alert" data-testid="duplicate-conflict">
          {conflictMessage}
        </p>
      )}
      <ul className="duplicate-list">
        {candidates.map((candidate) => (
          <li key={candidate.id} data-testid="duplicate-candidate" data-patient-id={candidate.id}>
            <span className="duplicate-who">
              <strong>{formatName(candidate)}</strong> · {formatDate(candidate.dateOfBirth)} · {candidate.mrn}
              {candidate.phone ? ` · ${formatPhone(candidate.phone)}` : ''}
            </span>
            <span className="duplicate-why" data-testid="duplicate-reasons">
              {candidate.reasons.map((reason) => DUPLICATE_REASON_LABELS[reason]).join(', ')}
            </span>
            {onUse ? (
              <button type="button" data-testid="use-duplicate" aria-label={`Use ${formatName(candidate)}`} onClick={() => onUse(candidate)}>
                Use this patient
              </button>
            ) : (
              <button
                type="button"
                data-testid="open-duplicate"
                aria-label={`Open chart of ${formatName(candidate)}`}
                // Guarded navigation: asks before discarding what was typed.
                onClick={() => navigate(`/patients/${candidate.id}`)}
              >
                Open chart
              </button>
            )}
          </li>
        ))}
      </ul>
      {onRegisterAnyway && (
        <div className="actions">
          <button type="button" className="primary" onClick={onRegisterAnyway} disabled={busy} data-testid="register-anyway">
            {anywayLabel}
          </button>
        </div>
      )}
    </section>
  );
}
