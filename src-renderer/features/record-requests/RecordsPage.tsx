import { useState } from 'react';
import { Link } from 'wouter';
import { PURPOSE_RULES, REQUESTER_KIND_LABELS } from '../../../src-shared/record-requests/rules';
import type { OpenRecordRequest } from '../../../src-shared/record-requests/schema';
import { useTableVersion } from '../../lib/change-feed';
import { formatDate, formatName } from '../../lib/format';
import { call } from '../../lib/rpc';
import { Loaded } from '../admin/Loaded';
import { RequirePermission } from '../auth/Forbidden';
import { ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { LockIcon } from '../shell/LockIcon';
import { DueBadge, DueDate } from './due';

/** The Records area: the work list, for users who answer record requests (typed addresses included). */
export function RecordsArea() {
  return (
    <RequirePermission permission="records.release" title="Record requests">
      <RecordsPage />
    </RequirePermission>
  );
}

/** Records: every open record request of the clinic, the most overdue first; each leads to its chart's requests. */
function RecordsPage() {
  const version = useTableVersion('record_requests');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [result] = useLoad(() => call('recordRequests.listOpen', { overdueOnly }), `${version}|${overdueOnly}`);

  return (
    <section className="page page-wide" aria-labelledby="records-title" data-testid="records-page">
      <div className="page-head">
        <div>
          <h1 id="records-title">Record requests</h1>
          <p className="subtle">Open requests of every patient. Each is due 30 days after receipt (60 once extended).</p>
        </div>
      </div>
      <div className="filter-bar">
        <label>
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="overdue-only" />
          Overdue only
        </label>
        {result?.ok && <Summary items={result.value.items} overdueOnly={overdueOnly} />}
      </div>
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={['Patient', 'Requester', 'Purpose', 'Received', 'Due', 'Days']}
            testId="open-requests-table"
            empty={
              <p className="hint" data-testid="no-open-requests">
                {overdueOnly ? 'No request is overdue.' : 'No open record requests.'}
              </p>
            }
          >
            {(request) => (
              <OpenRequestRow key={request.id} request={request} />
            )}
          </ItemsTable>
        )}
      </Loaded>
    </section>
  );
}

function Summary({ items, overdueOnly }: { items: OpenRecordRequest[]; overdueOnly: boolean }) {
  const overdue = items.filter((r) => r.overdue).length;
  return (
    <span className="hint" data-testid="open-summary">
      {overdueOnly ? `${overdue} overdue` : `${items.length} open · ${overdue} overdue`}
    </span>
  );
}

function OpenRequestRow({ request }: { request: OpenRecordRequest }) {
  const href = `/patients/${request.patientId}/requests`;
  return (
    <tr className={request.overdue ? 'row-overdue' : undefined} data-testid="open-request-row" data-request-id={request.id} data-overdue={request.overdue}>
      <td>
        {request.patient ? (
          <>
            <Link href={href} data-testid="open-request-patient">
              {formatName(request.patient)}
            </Link>
            {request.restricted && <LockIcon className="result-lock" />}
            <div className="hint">
              <span className="mono">{request.patient.mrn}</span> · born {formatDate(request.patient.dateOfBirth)}
            </div>
          </>
        ) : (
          <Link href={href} data-testid="open-request-patient">
            <LockIcon /> Restricted chart
          </Link>
        )}
      </td>
      <td>
        {request.requesterName ? <strong>{request.requesterName}</strong> : <span className="none">hidden</span>}
        <div className="hint">{REQUESTER_KIND_LABELS[request.requesterKind]}</div>
      </td>
      <td>{PURPOSE_RULES[request.purpose].label}</td>
      <td className="nowrap">{formatDate(request.receivedOn)}</td>
      <td>
        <DueDate effectiveDueOn={request.effectiveDueOn} extended={request.extended} />
      </td>
      <td>
        <DueBadge daysLeft={request.daysLeft} overdue={request.overdue} />
      </td>
    </tr>
  );
}
