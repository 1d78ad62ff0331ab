import { useEffect, useRef } from 'react';
import type { Patient } from '../../../src-shared/patients/schema';
import { PURPOSE_RULES, RELEASE_METHOD_LABELS, REQUESTER_KIND_LABELS } from '../../../src-shared/record-requests/rules';
import type { Accounting } from '../../../src-shared/record-requests/schema';
import { useTableVersion } from '../../lib/change-feed';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { Loaded } from '../admin/Loaded';
import { ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { PeriodFilter, periodInput, usePeriod } from '../shell/PeriodFilter';
import { patientFacts, PrintButton, SheetHead, useAuditedPrint } from '../shell/PrintSheet';

/**
 * The accounting of disclosures a patient may ask for (45 CFR 164.528), on screen and printed:
 * the print is written to the audit log first, and only the sheet is printed.
 */
export function AccountingView({ patient, onClose }: { patient: Patient; onClose(): void }) {
  const version = useTableVersion('record_requests');
  const periodFilter = usePeriod();
  const { period } = periodFilter;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [result] = useLoad(
    () => call('recordRequests.accounting', { patientId: patient.id, ...periodInput(period) }),
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

  const printing = useAuditedPrint('accounting_of_disclosures', patient.id);

  return (
    <section className="accounting" aria-labelledby="accounting-title" data-testid="accounting-view">
      <div className="page-head tab-head">
        <h2 id="accounting-title" ref={headingRef} tabIndex={-1}>
          Accounting of disclosures
        </h2>
        <div className="page-actions">
          <PrintButton count={result?.ok ? result.value.items.length : null} onPrint={(count) => void printing.print(count)} testId="print-accounting" />
          <button type="button" onClick={onClose} data-testid="close-accounting">
            Back to requests <kbd>Esc</kbd>
          </button>
        </div>
      </div>
      <PeriodFilter filter={periodFilter} hint="Empty: the last six years" testIdPrefix="accounting" />
      {printing.error && (
        <p className="banner banner-error" role="alert" data-testid="print-error">
          {printing.error}
        </p>
      )}
      <Loaded result={result}>{(accounting) => <AccountingSheet patient={patient} accounting={accounting} />}</Loaded>
    </section>
  );
}

function AccountingSheet({ patient, accounting }: { patient: Patient; accounting: Accounting }) {
  return (
    <div className="print-sheet panel accounting-sheet" data-testid="accounting-sheet">
      <SheetHead
        title="Accounting of disclosures"
        facts={[
          ...patientFacts(patient, 'accounting-patient'),
          { label: 'Period', value: `${formatDate(accounting.from)} – ${formatDate(accounting.to)}`, testId: 'accounting-period' },
        ]}
        onScreen
      />
      <ItemsTable
        items={accounting.items}
        columns={['Date', 'Recipient', 'Purpose', 'What was disclosed', 'How']}
        className="sheet-table"
        testId="accounting-table"
        empty={
          <p className="sheet-empty" data-testid="accounting-empty">
            No disclosures to list in this period.
          </p>
        }
      >
        {(disclosure) => (
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
        )}
      </ItemsTable>
      <p className="hint sheet-note">
        Lists every disclosure of this patient’s health information made for purposes other than treatment, payment, health-care
        operations or to the patient, as the HIPAA accounting of disclosures (45 CFR 164.528) requires.
      </p>
    </div>
  );
}
