import { useState, type ReactNode } from 'react';
import type { DocumentSummary } from '../../../src-shared/documents/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import {
  PURPOSE_RULES,
  RELEASE_METHOD_LABELS,
  REQUEST_STATUS_LABELS,
  REQUESTER_KIND_LABELS,
  type RequestStatus,
} from '../../../src-shared/record-requests/rules';
import type { RecordRequest } from '../../../src-shared/record-requests/schema';
import { useTableVersion } from '../../lib/change-feed';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { ExpandableRow, ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { AccountingView } from './AccountingView';
import { DueBadge, DueDate } from './due';
import { DenyForm, ExtendForm, LogRequestForm, ReleaseForm, WithdrawForm } from './RequestForms';

const STATUS_PILLS: Record<RequestStatus, string> = {
  open: 'pill pill-open',
  released: 'pill pill-ok',
  denied: 'pill pill-danger',
  withdrawn: 'pill pill-muted',
};

/** The chart's record requests (release of information): log, extend, answer, and the accounting of disclosures. */
export function RecordRequestsTab({ patient }: { patient: Patient }) {
  const mayRelease = useCan('records.release');
  const version = useTableVersion('record_requests');
  const [result, reload] = useLoad(() => call('recordRequests.listForPatient', { patientId: patient.id }), version);
  const [logging, setLogging] = useState(false);
  const [showAccounting, setShowAccounting] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (showAccounting) return <AccountingView patient={patient} onClose={() => setShowAccounting(false)} />;

  const done = (request: RecordRequest, text: string) => {
    setMessage(text);
    setOpen(request.id);
    reload();
  };
  const logged = (request: RecordRequest, text: string) => {
    setLogging(false);
    done(request, text);
  };

  return (
    <section aria-labelledby="requests-title" data-testid="record-requests-tab">
      <div className="page-head tab-head">
        <h2 id="requests-title">Record requests</h2>
        <div className="page-actions">
          {mayRelease && !logging && (
            <button type="button" className="primary" onClick={() => setLogging(true)} data-testid="log-request">
              Log a request
            </button>
          )}
          <button type="button" onClick={() => setShowAccounting(true)} data-testid="open-accounting">
            Accounting of disclosures
          </button>
        </div>
      </div>
      {message && (
        <div className="banner banner-info" role="status" data-testid="requests-message">
          {message}
        </div>
      )}
      {logging && <NewRequest patientId={patient.id} onDone={logged} onCancel={() => setLogging(false)} />}
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={['Received', 'Requester', 'Purpose', 'Status', 'Due']}
            actions
            testId="requests-table"
            empty={
              <p className="hint" data-testid="no-requests">
                No record requests for this patient.
              </p>
            }
          >
            {(request) => (
              <RequestRow
                key={request.id}
                request={request}
                open={open === request.id}
                onToggle={() => setOpen(open === request.id ? null : request.id)}
                panel={<RequestPanel request={request} mayRelease={mayRelease} onDone={done} />}
              />
            )}
          </ItemsTable>
        )}
      </Loaded>
    </section>
  );
}

/** The log form, with this chart's documents to link the authorization to (when the user may list them). */
function NewRequest({ patientId, onDone, onCancel }: { patientId: string; onDone(request: RecordRequest, message: string): void; onCancel(): void }) {
  const version = useTableVersion('documents');
  const [documents] = useLoad(() => call('documents.list', { patientId }), version);
  const items: DocumentSummary[] = documents?.ok ? documents.value.items : [];
  return <LogRequestForm patientId={patientId} documents={items} onDone={onDone} onCancel={onCancel} />;
}

function RequestRow({ request, open, onToggle, panel }: { request: RecordRequest; open: boolean; onToggle(): void; panel: ReactNode }) {
  return (
    <ExpandableRow
      data-testid="request-row"
      data-request-id={request.id}
      data-status={request.status}
      className={request.overdue ? 'row-overdue' : request.status === 'open' ? undefined : 'row-muted'}
      open={open}
      onToggle={onToggle}
      toggleLabel="Open"
      toggleTestId="toggle-request"
      colSpan={6}
      panel={panel}
    >
      <td className="nowrap">{formatDate(request.receivedOn)}</td>
      <td>
        <strong>{request.requesterName}</strong>
        <div className="hint">{REQUESTER_KIND_LABELS[request.requesterKind]}</div>
      </td>
      <td>{PURPOSE_RULES[request.purpose].label}</td>
      <td>
        <span className={STATUS_PILLS[request.status]} data-testid="request-status">
          {REQUEST_STATUS_LABELS[request.status]}
        </span>
      </td>
      <td>
        {request.status === 'open' ? (
          <div className="due-cell">
            <DueDate effectiveDueOn={request.effectiveDueOn} extended={request.extendedDueOn !== null} />
            <DueBadge daysLeft={request.daysLeft} overdue={request.overdue} />
          </div>
        ) : (
          <span className="hint">—</span>
        )}
      </td>
    </ExpandableRow>
  );
}

type Action = 'release' | 'extend' | 'deny' | 'withdraw';

function RequestPanel({ request, mayRelease, onDone }: { request: RecordRequest; mayRelease: boolean; onDone(request: RecordRequest, message: string): void }) {
  const [action, setAction] = useState<Action | null>(null);
  const finish = (changed: RecordRequest, message: string) => {
    setAction(null);
    onDone(changed, message);
  };
  const formProps = { request, onDone: finish, onCancel: () => setAction(null) };
  // The extension must be taken by the original due date, and only once.
  const mayExtend = request.extendedDueOn === null && !request.overdue;

  return (
    <div className="request-panel" data-testid="request-panel">
      <dl className="facts facts-compact">
        <Fact label="Records requested" value={request.recordsRequested} />
        <Fact label="Contact" value={request.requesterContact} />
        <Fact label="Authorization" value={request.authorizationOnFile ? 'On file' : 'Not on file'} />
        <Fact label="Due (30 days)" value={formatDate(request.dueOn)} />
        {request.extendedDueOn && <Fact label="Extended to" value={formatDate(request.extendedDueOn)} />}
        {request.extensionReason && <Fact label="Reason for the extension" value={request.extensionReason} />}
        {request.status === 'released' && (
          <>
            <Fact label="Released on" value={request.releasedOn && formatDate(request.releasedOn)} testId="released-on" />
            <Fact label="How it was sent" value={request.releasedVia && RELEASE_METHOD_LABELS[request.releasedVia]} />
            <Fact label="What was sent" value={request.releasedWhat} />
            <Fact label="Released by" value={request.releasedByName} />
          </>
        )}
        {request.status === 'denied' && <Fact label="Reason for the denial" value={request.closingNote} />}
        {request.status === 'withdrawn' && <Fact label="Withdrawal note" value={request.closingNote} />}
      </dl>
      {mayRelease && request.status === 'open' && !action && (
        <div className="actions" data-testid="request-actions">
          <button type="button" className="primary" onClick={() => setAction('release')} data-testid="action-release">
            Record release…
          </button>
          {mayExtend && (
            <button type="button" onClick={() => setAction('extend')} data-testid="action-extend">
              Extend 30 days…
            </button>
          )}
          <button type="button" onClick={() => setAction('deny')} data-testid="action-deny">
            Deny…
          </button>
          <button type="button" onClick={() => setAction('withdraw')} data-testid="action-withdraw">
            Mark withdrawn…
          </button>
        </div>
      )}
      {action === 'release' && <ReleaseForm {...formProps} />}
      {action === 'extend' && <ExtendForm {...formProps} />}
      {action === 'deny' && <DenyForm {...formProps} />}
      {action === 'withdraw' && <WithdrawForm {...formProps} />}
    </div>
  );
}

function Fact({ label, value, testId }: { label: string; value: string | null; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value || <span className="none">not recorded</span>}</dd>
    </div>
  );
}
