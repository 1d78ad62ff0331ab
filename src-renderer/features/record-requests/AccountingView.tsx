import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Patient } from '../../../src-shared/patients/schema';
import { PURPOSE_RULES, RELEASE_METHOD_LABELS, REQUESTER_KIND_LABELS } from '../../../src-shared/record-requests/rules';
import type { Accounting } from '../../../src-shared/record-requests/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { formatDate, formatName } from '../../lib/format';
import { printAudited } from '../../lib/print';
import { call } from '../../lib/rpc';
import { useSession } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { TableHead } from '../admin/table';
import { useLoad } from '../admin/useLoad';

interface Period {
  from: string;
  to: string;
}

/**
 * The accounting of disclosures a patient may ask for (45 CFR 164.528), on screen and printed:
 * the print is written to the audit log first, and only the sheet is printed.
 */
export function AccountingView({ patient, onClose }: { patient: Patient; onClose(): void }) {
  const version = useTableVersion('record_requests');
  const [period, setPeriod] = useState<Period>({ from: '', to: '' });
  const [typed, setTyped] = useState<Period>(period);
  const [printError, setPrintError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [result] = useLoad(
    () =>
      call('recordRequests.accounting', {
        patientId: patient.id,
        ...(period.from ? { from: period.from } : {}),
        ...(period.to ? { to: period.to } : {}),
      }),
    `${version}|${period.from}|${period.to}`,
  );

  useEffect(() => headingRef.current?.focus(), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  const show = (event: FormEvent) => {
    event.preventDefault();
    setPeriod(typed);
  };

  const print = async (disclosures: number) => {
    setPrintError(null);
    const printed = await printAudited('accounting_of_disclosures', patient.id, { count: disclosures });
    if (!printed.ok) setPrintError(`Not printed: ${printed.error.message}`);
  };

  return (
    <section className="accounting" aria-labelledby="accounting-title" data-testid="accounting-view">
      <div className="page-head tab-head">
        <h2 id="accounting-title" ref={headingRef} tabIndex={-1}>
          Accounting of disclosures
        </h2>
        <div className="page-actions">
          <button
            type="button"
            className="primary"
            onClick={() => result?.ok && void print(result.value.items.length)}
            disabled={!result?.ok}
            data-testid="print-accounting"
          >
            Print
          </button>
          <button type="button" onClick={onClose} data-testid="close-accounting">
            Back to requests <kbd>Esc</kbd>
          </button>
        </div>
      </div>
      <form className="filter-bar" onSubmit={show} aria-label="Period">
        <label>
          From
          <input type="date" value={typed.from} onChange={(e) => setTyped({ ...typed, from: e.target.value })} data-testid="accounting-from" />
        </label>
        <label>
          To
          <input type="date" value={typed.to} onChange={(e) => setTyped({ ...typed, to: e.target.value })} data-testid="accounting-to" />
        </label>
        <button type="submit">Show</button>
        <span className="hint">Empty: the last six years</span>
      </form>
      {printError && (
        <p className="banner banner-error" role="alert" data-testid="print-error">
          {printError}
        </p>
      )}
      <Loaded result={result}>{(accounting) => <AccountingSheet patient={patient} accounting={accounting} />}</Loaded>
    </section>
  );
}

function AccountingSheet({ patient, accounting }: { patient: Patient; accounting: Accounting }) {
  const clinicName = useSession((s) => s.info?.clinicName ?? s.clinicName);
  return (
    <div className="print-sheet accounting-sheet" data-testid="accounting-sheet">
      <header className="sheet-head">
        {clinicName && <p className="sheet-clinic">{clinicName}</p>}
        <p className="sheet-title print-only">Accounting of disclosures</p>
        <dl className="sheet-identity">
          <div>
            <dt>Patient</dt>
            <dd data-testid="accounting-patient">{formatName(patient)}</dd>
          </div>
          <div>
            <dt>Date of birth</dt>
            <dd>{formatDate(patient.dateOfBirth)}</dd>
          </div>
          <div>
            <dt>MRN</dt>
            <dd className="mono">{patient.mrn}</dd>
          </div>
          <div>
            <dt>Period</dt>
            <dd data-testid="accounting-period">
              {formatDate(accounting.from)} – {formatDate(accounting.to)}
            </dd>
          </div>
          <div>
            <dt>Printed</dt>
            <dd>{formatDate(localIsoDate())}</dd>
          </div>
        </dl>
      </header>
      {accounting.items.length === 0 ? (
        <p className="sheet-empty" data-testid="accounting-empty">
          No disclosures to list in this period.
        </p>
      ) : (
        <table className="table sheet-table" data-testid="accounting-table">
          <TableHead columns={['Date', 'Recipient', 'Purpose', 'What was disclosed', 'How']} />
          <tbody>
            {accounting.items.map((disclosure) => (
              <tr key={disclosure.requestId} data-testid="disclosure-row">
                <td className="nowrap">{formatDate(disclosure.releasedOn)}</td>
                <td>
                  <strong>{disclosure.recipientName}</strong>
                  <div className="hint">
                    {REQUESTER_KIND_LABELS[disclosure.recipientKind]}
                    {disclosure.recipientContact && ` · ${disclosure.recipientContact}`}
                  </div>
                </td>
                <td>
                  {PURPOSE_RULES[disclosure.purpose].label}
                  <div className="hint">{disclosure.authorizationOnFile ? 'Patient’s authorization on file' : 'Without the patient’s authorization'}</div>
                </td>
                <td className="reason">{disclosure.releasedWhat}</td>
                <td className="nowrap">{RELEASE_METHOD_LABELS[disclosure.releasedVia]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint sheet-note">
        Lists every disclosure of this patient’s health information made for purposes other than treatment, payment, health-care
        operations or to the patient, as the HIPAA accounting of disclosures (45 CFR 164.528) requires.
      </p>
    </div>
  );
}
