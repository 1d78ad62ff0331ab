import { useState, type ReactNode } from 'react';
import type { Contact } from '../../../src-shared/patients/chart-schema';
import {
  CONSENT_CHANNEL_LABELS,
  CONSENT_CHANNELS,
  CONSENT_FIELDS,
  CONSENT_LABELS,
  CONTACT_METHOD_LABELS,
  GENDER_IDENTITY_LABELS,
  LANGUAGE_LABELS,
  PHONE_TYPE_LABELS,
  RELATIONSHIP_LABELS,
  type ContactRole,
  type PhoneType,
} from '../../../src-shared/patients/codes';
import { RESTRICTION_LABELS, RESTRICTIONS, type Patient } from '../../../src-shared/patients/schema';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import {
  addressLines,
  formatDate,
  formatDateOfBirth,
  formatInstant,
  formatPhone,
  formatProviderName,
  formatSex,
} from '../../lib/format';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { ContactDialog } from './ContactDialog';
import { contactToFormValues, newContactForm, type ContactFormValues } from './contact-form';

/** The chart's first tab: front-office notes first, then demographics, contact, preferences, care team, contacts, access. */
export function ChartOverview({ patient }: { patient: Patient }) {
  return (
    <>
      {patient.frontOfficeNotes && (
        <section className="front-office-notes" aria-labelledby="front-office-notes-title" data-testid="front-office-notes">
          <h2 id="front-office-notes-title">Front-office notes</h2>
          <p>{patient.frontOfficeNotes}</p>
        </section>
      )}

      <h2>Demographics</h2>
      <dl className="facts" data-testid="chart-facts">
        <Fact label="Given name" value={patient.givenName} testId="givenName" />
        <Fact label="Family name" value={patient.familyName} testId="familyName" />
        <Fact label="Preferred name" value={patient.preferredName} testId="preferredName" />
        <Fact label="Date of birth" value={formatDateOfBirth(patient.dateOfBirth)} testId="dateOfBirth" />
        <Fact label="Sex" value={formatSex(patient.sex)} testId="sex" />
        <Fact
          label="Gender identity"
          value={[patient.genderIdentity && GENDER_IDENTITY_LABELS[patient.genderIdentity], patient.pronouns].filter(Boolean).join(' · ')}
          testId="genderIdentity"
        />
        <Fact label="MRN" value={patient.mrn} testId="mrn" mono />
        <Fact label="Registered" value={formatInstant(patient.createdAt)} testId="createdAt" />
        <Fact label="Last changed" value={formatInstant(patient.updatedAt)} testId="updatedAt" />
      </dl>

      <h2>Contact</h2>
      <dl className="facts" data-testid="chart-contact">
        <Fact label={phoneLabel('Phone', patient.phoneType)} value={formatPhone(patient.phone)} testId="phone" />
        <Fact label={phoneLabel('Second number', patient.altPhoneType)} value={formatPhone(patient.altPhone)} testId="altPhone" />
        <Fact label="E-mail" value={patient.email} testId="email" />
        <Fact label="Address" value={addressLines(patient)} testId="address" />
        <Fact label="Preferred contact" value={patient.preferredContact && CONTACT_METHOD_LABELS[patient.preferredContact]} testId="preferredContact" />
        <Fact label="Language" value={patient.language && LANGUAGE_LABELS[patient.language]} testId="language" />
      </dl>

      <h2>Consents</h2>
      <dl className="facts" data-testid="chart-consents">
        {CONSENT_CHANNELS.map((channel) => {
          const { consent, on } = CONSENT_FIELDS[channel];
          const answer = patient[consent];
          const value = answer ? `${CONSENT_LABELS[answer]}${patient[on] ? ` on ${formatDate(patient[on])}` : ''}` : '';
          return <Fact key={channel} label={CONSENT_CHANNEL_LABELS[channel]} value={value} testId={consent} empty="not asked" />;
        })}
      </dl>

      <h2>Care team</h2>
      <dl className="facts" data-testid="chart-care-team">
        <PrimaryProvider providerId={patient.primaryProviderId} />
      </dl>

      <Contacts patient={patient} />

      <RestrictionControl key={patient.restricted ?? 'none'} patient={patient} />
    </>
  );
}

function phoneLabel(label: string, type: PhoneType | null): string {
  return type ? `${label} (${PHONE_TYPE_LABELS[type].toLowerCase()})` : label;
}

function PrimaryProvider({ providerId }: { providerId: string | null }) {
  const version = useTableVersion('providers');
  const [result] = useLoad(
    async () => (providerId ? call('providers.list', { includeInactive: true }) : { ok: true as const, value: { items: [] } }),
    `${version}:${providerId}`,
  );
  const provider = result?.ok ? result.value.items.find((p) => p.id === providerId) : undefined;
  const value = !providerId ? '' : provider ? formatProviderName(provider) : result ? 'A provider no longer listed' : 'Loading…';
  return <Fact label="Primary provider" value={value} testId="primaryProvider" empty="none chosen" />;
}

/** The guarantor (or the patient, when none is recorded) and the emergency contacts, each editable in a dialog. */
function Contacts({ patient }: { patient: Patient }) {
  const mayWrite = useCan('patients.write');
  const version = useTableVersion('patient_contacts');
  const [result] = useLoad(() => call('patients.contacts.list', { patientId: patient.id }), version);
  const [editing, setEditing] = useState<ContactFormValues | null>(null);
  const [error, setError] = useState<string | null>(null);

  const remove = async (contact: Contact) => {
    const guarantor = contact.role === 'guarantor';
    const ok = await askConfirm({
      title: guarantor ? 'Remove the guarantor?' : 'Remove this emergency contact?',
      message: guarantor
        ? `${contact.name} will no longer receive this patient’s bills: the patient becomes their own guarantor.`
        : `${contact.name} will no longer be listed as an emergency contact. The chart’s history keeps the change.`,
      confirmLabel: 'Remove',
      cancelLabel: 'Keep',
    });
    if (!ok) return;
    const removed = await call('patients.contacts.remove', { patientId: patient.id, id: contact.id });
    setError(removed.ok ? null : removed.error.message);
  };
  const open = (role: ContactRole) => setEditing(newContactForm(patient.id, role));

  return (
    <Loaded result={result}>
      {({ items }) => {
        const guarantor = items.find((c) => c.role === 'guarantor');
        const emergency = items.filter((c) => c.role === 'emergency');
        const actions = (contact: Contact) =>
          mayWrite && (
            <span className="contact-actions">
              <button type="button" onClick={() => setEditing(contactToFormValues(contact))} aria-label={`Edit ${contact.name}`} data-testid="edit-contact">
                Edit
              </button>
              <button type="button" onClick={() => void remove(contact)} aria-label={`Remove ${contact.name}`} data-testid="remove-contact">
                Remove
              </button>
            </span>
          );
        return (
          <>
            {error && (
              <p className="banner banner-error" role="alert">
                {error}
              </p>
            )}
            <div className="section-head">
              <h2>Guarantor</h2>
              {mayWrite && !guarantor && (
                <button type="button" onClick={() => open('guarantor')} data-testid="set-guarantor">
                  Set a guarantor
                </button>
              )}
            </div>
            <div className="card contact-card" data-testid="guarantor">
              {guarantor ? (
                <ContactSummary contact={guarantor} actions={actions(guarantor)} />
              ) : (
                <p>The patient (self): bills go to the patient.</p>
              )}
            </div>

            <div className="section-head">
              <h2>Emergency contacts</h2>
              {mayWrite && (
                <button type="button" onClick={() => open('emergency')} data-testid="add-emergency-contact">
                  Add emergency contact
                </button>
              )}
            </div>
            {emergency.length === 0 ? (
              <p className="none" data-testid="no-emergency-contacts">
                No emergency contact recorded.
              </p>
            ) : (
              <ul className="card-list" data-testid="emergency-contacts">
                {emergency.map((contact) => (
                  <li key={contact.id} className="card contact-card" data-testid="emergency-contact">
                    <ContactSummary contact={contact} actions={actions(contact)} />
                  </li>
                ))}
              </ul>
            )}
            {editing && <ContactDialog values={editing} onClose={() => setEditing(null)} />}
          </>
        );
      }}
    </Loaded>
  );
}

function ContactSummary({ contact, actions }: { contact: Contact; actions: ReactNode }) {
  const details = [
    formatPhone(contact.phone),
    contact.email,
    contact.dateOfBirth && `born ${formatDate(contact.dateOfBirth)}`,
    addressLines(contact).join(', '),
  ].filter(Boolean);
  return (
    <div className="head-row">
      <div>
        <strong data-testid="contact-name">{contact.name}</strong>{' '}
        <span className="subtle" data-testid="contact-relationship">
          {RELATIONSHIP_LABELS[contact.relationship]}
        </span>
        <div data-testid="contact-details">{details.join(' · ')}</div>
      </div>
      {actions}
    </div>
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

interface FactProps {
  label: string;
  /** Several values are shown one per line (an address). */
  value: string | string[] | null;
  testId: string;
  mono?: boolean;
  /** What an empty value reads as. */
  empty?: string;
}

function Fact({ label, value, testId, mono, empty = 'not recorded' }: FactProps) {
  const lines = (Array.isArray(value) ? value : [value]).filter((line): line is string => Boolean(line));
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined} data-testid={`fact-${testId}`}>
        {lines.length === 0 ? (
          <span className="none">{empty}</span>
        ) : (
          lines.map((line, index) => (
            <span key={index} className="fact-line">
              {line}
            </span>
          ))
        )}
      </dd>
    </div>
  );
}
