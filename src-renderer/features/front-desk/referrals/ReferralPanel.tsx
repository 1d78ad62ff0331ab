import { useRef, useState, type ReactNode } from 'react';
import type { Path } from 'react-hook-form';
import { Link } from 'wouter';
import type { DocumentSummary } from '../../../../src-shared/documents/schema';
import { referralSetStatusInput, type Referral, type ReferralDocumentRef } from '../../../../src-shared/referrals/schema';
import { nextReferralStatuses, REFERRAL_DIRECTION_LABELS, REFERRAL_STATUS_LABELS, type ReferralStatus } from '../../../../src-shared/referrals/status';
import { useTableVersion } from '../../../lib/change-feed';
import { formatDate, formatInstant, formatPhone } from '../../../lib/format';
import { call } from '../../../lib/rpc';
import { useCan } from '../../../lib/session';
import { useLoad } from '../../admin/useLoad';
import { FieldShell } from '../../auth/fields';
import { FormFrame } from '../../record-requests/RequestForms';
import { useRequestForm } from '../../record-requests/useRequestForm';

interface PanelProps {
  referral: Referral;
  today: string;
  onDone(referral: Referral, message: string): void;
}

/** A referral's details and the moves it may make next (for users who manage referrals). */
export function ReferralPanel({ referral, today, onDone }: PanelProps) {
  const mayManage = useCan('referrals.manage');
  const [action, setAction] = useState<ReferralStatus | null>(null);
  if (!referral.detail)
    return (
      <div className="referral-panel" data-testid="referral-panel">
        <p className="hint">
          This chart is restricted. <Link href={`~/patients/${referral.patientId}/referrals`}>Open the chart</Link> (with a stated reason) to see and update this referral.
        </p>
      </div>
    );
  const finish = (changed: Referral, message: string) => {
    setAction(null);
    onDone(changed, message);
  };
  const next = mayManage ? nextReferralStatuses(referral.direction, referral.status) : [];
  return (
    <div className="referral-panel" data-testid="referral-panel">
      <ReferralFacts referral={referral} />
      {action === null && next.length > 0 && <MoveButtons referral={referral} next={next} onForm={setAction} onDone={finish} />}
      {action === 'scheduled' && <ScheduledForm referral={referral} onDone={finish} onCancel={() => setAction(null)} />}
      {action === 'report_received' && <ReportForm referral={referral} today={today} onDone={finish} onCancel={() => setAction(null)} />}
      {action === 'cancelled' && <CancelForm referral={referral} onDone={finish} onCancel={() => setAction(null)} />}
    </div>
  );
}

function ReferralFacts({ referral }: { referral: Referral }) {
  const detail = referral.detail!;
  const outgoing = referral.direction === 'outgoing';
  const contact = [detail.otherPhone && `phone ${formatPhone(detail.otherPhone)}`, detail.otherFax && `fax ${formatPhone(detail.otherFax)}`].filter(Boolean).join(' · ');
  return (
    <dl className="facts facts-compact referral-facts">
      <Fact label={outgoing ? 'Referred to' : 'Referred by'} value={[detail.otherName, detail.otherOrganization].filter(Boolean).join(', ')} />
      <Fact label="Contact" value={contact} />
      <Fact label={outgoing ? 'Referring provider' : 'To be seen by'} value={detail.provider?.displayName ?? null} />
      <Fact label="Direction" value={REFERRAL_DIRECTION_LABELS[referral.direction]} />
      <Fact label="Reason" value={detail.reason} />
      <Fact label="Diagnoses" value={detail.diagnoses.join(', ')} testId="referral-diagnoses" />
      <Fact label="Referred on" value={formatDate(referral.referredOn)} />
      {outgoing && <Fact label="Sent" value={referral.sentAt && formatInstant(referral.sentAt)} empty="not yet" />}
      {outgoing && <Fact label="Documents sent" value={detail.documentsSent.length > 0 ? <DocumentList documents={detail.documentsSent} /> : null} />}
      <Fact label="Appointment" value={referral.appointmentDate && formatDate(referral.appointmentDate)} empty="not yet" testId="referral-appointment" />
      {outgoing && (
        <Fact
          label="Report"
          value={referral.reportReceivedOn && `Received ${formatDate(referral.reportReceivedOn)}${detail.reportDocument ? `: ${documentLabel(detail.reportDocument)}` : ''}`}
          empty="not yet"
          testId="referral-report"
        />
      )}
      {detail.note && <Fact label="Note" value={detail.note} />}
      {referral.status === 'cancelled' && <Fact label="Why cancelled" value={detail.cancelReason} />}
    </dl>
  );
}

const documentLabel = (document: ReferralDocumentRef) => `${document.title} (${formatDate(document.documentDate)})${document.removed ? ', since removed' : ''}`;

function DocumentList({ documents }: { documents: ReferralDocumentRef[] }) {
  return (
    <ul className="plain-list">
      {documents.map((document) => (
        <li key={document.id}>{documentLabel(document)}</li>
      ))}
    </ul>
  );
}

function Fact({ label, value, empty = 'not recorded', testId }: { label: string; value: ReactNode; empty?: string; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value || <span className="none">{empty}</span>}</dd>
    </div>
  );
}

const BUTTON_LABELS: Record<ReferralStatus, string> = {
  open: 'Reopen',
  sent: 'Mark sent',
  scheduled: 'Appointment booked…',
  report_received: 'Report received…',
  closed: 'Close the referral',
  cancelled: 'Cancel referral…',
};

/** Sent and closed carry nothing and happen at once; the others open their small form. */
function MoveButtons({ referral, next, onForm, onDone }: { referral: Referral; next: readonly ReferralStatus[]; onForm(status: ReferralStatus): void; onDone(referral: Referral, message: string): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const moveNow = async (status: 'sent' | 'closed') => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    const result = await call('referrals.setStatus', { id: referral.id, status });
    inFlight.current = false;
    setBusy(false);
    if (result.ok) onDone(result.value, `Referral marked ${REFERRAL_STATUS_LABELS[status].toLowerCase()}.`);
    else setError(result.error.message);
  };
  const label = (status: ReferralStatus) => (status === 'scheduled' && referral.status === 'scheduled' ? 'New appointment date…' : BUTTON_LABELS[status]);
  return (
    <>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions" data-testid="referral-actions">
        {next.map((status, index) => (
          <button
            key={status}
            type="button"
            className={index === 0 ? 'primary' : status === 'cancelled' ? 'danger-outline' : undefined}
            disabled={busy}
            onClick={() => (status === 'sent' || status === 'closed' ? void moveNow(status) : onForm(status))}
            data-testid={`referral-action-${status}`}
          >
            {label(status)}
          </button>
        ))}
      </div>
    </>
  );
}

interface MoveFormProps {
  referral: Referral;
  onDone(referral: Referral, message: string): void;
  onCancel(): void;
}

/** A move that carries fields: the contract's schema judges them, as for every request form. */
function useMoveForm<Values extends { id: string; status: ReferralStatus }>(props: MoveFormProps, defaultValues: Values, fields: readonly Path<Values>[], message: (changed: Referral) => string) {
  return useRequestForm({
    schema: referralSetStatusInput,
    defaultValues,
    fields,
    idPrefix: `referral-${defaultValues.status}-${props.referral.id}`,
    unsavedMessage: 'This change to the referral has not been saved.',
    send: (values) => call('referrals.setStatus', values),
    onDone: (changed: Referral) => props.onDone(changed, message(changed)),
    onCancel: props.onCancel,
  });
}

function ScheduledForm(props: MoveFormProps) {
  const { referral } = props;
  const form = useMoveForm(props, { id: referral.id, status: 'scheduled', appointmentDate: referral.appointmentDate ?? '' }, ['appointmentDate'], (changed) => `Appointment on ${formatDate(changed.appointmentDate!)} recorded.`);
  const f = form.field('appointmentDate');
  return (
    <FormFrame form={form.chrome} title={referral.direction === 'outgoing' ? 'The patient’s appointment with the specialist' : 'The patient’s visit here'} submitLabel="Save appointment" testId="referral-scheduled-form">
      <FieldShell {...f.shell} label="Appointment on" required>
        <input {...f.control} {...form.form.register('appointmentDate')} type="date" min={referral.referredOn} autoFocus />
      </FieldShell>
    </FormFrame>
  );
}

function ReportForm(props: MoveFormProps & { today: string }) {
  const { referral, today } = props;
  const form = useMoveForm(props, { id: referral.id, status: 'report_received', reportReceivedOn: today, reportDocumentId: null as string | null }, ['reportReceivedOn', 'reportDocumentId'], () => 'Report received: the referral is no longer awaited.');
  const version = useTableVersion('documents');
  const [documents] = useLoad(() => call('documents.list', { patientId: referral.patientId }), version);
  const items: DocumentSummary[] = documents?.ok ? documents.value.items : [];
  const received = form.field('reportReceivedOn');
  const document = form.field('reportDocumentId');
  return (
    <FormFrame form={form.chrome} title="The specialist’s report came" submitLabel="Record report" testId="referral-report-form">
      <div className="form-grid">
        <FieldShell {...received.shell} label="Received on" required>
          <input {...received.control} {...form.form.register('reportReceivedOn')} type="date" min={referral.referredOn} max={today} autoFocus />
        </FieldShell>
        <FieldShell {...document.shell} label="The report in the chart" hint="Attach it under Documents first to link it (optional)">
          <select {...document.control} {...form.form.register('reportDocumentId', { setValueAs: (value: string | null) => value || null })}>
            <option value="">Not linked</option>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {item.title} ({formatDate(item.documentDate)})
              </option>
            ))}
          </select>
        </FieldShell>
      </div>
    </FormFrame>
  );
}

function CancelForm(props: MoveFormProps) {
  const form = useMoveForm(props, { id: props.referral.id, status: 'cancelled', reason: '' }, ['reason'], () => 'Referral cancelled.');
  const f = form.field('reason');
  return (
    <FormFrame form={form.chrome} title="Cancel the referral" submitLabel="Cancel referral" testId="referral-cancel-form">
      <FieldShell {...f.shell} label="Why" required hint="e.g. the patient chose another specialist">
        <input {...f.control} {...form.form.register('reason')} autoComplete="off" maxLength={500} autoFocus />
      </FieldShell>
    </FormFrame>
  );
}
