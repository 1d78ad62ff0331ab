import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { createPortal } from 'react-dom';
import type { CheckInFor } from '../../../../src-shared/front-desk/schema';
import { formatCents } from '../../../../src-shared/ledger/money';
import { PAYMENT_METHOD_LABELS, type LedgerEntry } from '../../../../src-shared/ledger/schema';
import { printAudited } from '../../../lib/print';
import { SheetHead } from '../../shell/PrintSheet';
import { REFERENCE_LABELS } from './copay-form';

/** An instant as the clinic's clocks showed it, as the receipt PDF prints it: "11/26/2026 8:36 PM". */
export function formatClinicInstant(iso: string, timeZone: string): string {
  return format(new Date(iso), 'MM/dd/yyyy h:mm a', { in: tz(timeZone) });
}

/** While set on the page, printing prints the receipt sheet alone (not the screen's own sheet, e.g. the day schedule). */
const PRINTING_RECEIPT = 'printing-receipt';

/** Prints the receipt sheet (audited first, as every print is). */
export async function printReceipt(patientId: string): ReturnType<typeof printAudited> {
  document.documentElement.classList.add(PRINTING_RECEIPT);
  try {
    return await printAudited('receipt', patientId);
  } finally {
    document.documentElement.classList.remove(PRINTING_RECEIPT);
  }
}

type ReceiptContext = Pick<CheckInFor, 'patient' | 'appointment' | 'providerName' | 'timeZone'>;

/**
 * A copay's receipt on paper (only printed, by printReceipt): the facts of the receipt PDF the
 * service makes. Rendered at the page's root, so it prints from the top of the page rather than
 * where the dialog sits.
 */
export function ReceiptSheet({ entry, context }: { entry: LedgerEntry; context: ReceiptContext }) {
  const { patient, appointment, providerName, timeZone } = context;
  const rows: [string, string][] = [
    ['Patient', `${patient.givenName} ${patient.familyName} (MRN ${patient.mrn})`],
    ['Date', formatClinicInstant(entry.postedAt, timeZone)],
    ['Amount paid', formatCents(-entry.amountCents)],
    ['Method', entry.method ? PAYMENT_METHOD_LABELS[entry.method] : 'Not recorded'],
    ...(entry.reference ? [[REFERENCE_LABELS[entry.method ?? 'cash'], entry.reference] as [string, string]] : []),
    ['For the visit', `${formatClinicInstant(appointment.start, timeZone)} · ${appointment.typeName} with ${providerName}`],
    ...(entry.postedBy ? [['Received by', entry.postedBy.displayName] as [string, string]] : []),
  ];
  return createPortal(
    <section className="print-sheet print-only receipt-print" data-testid="checkin-receipt-sheet">
      <SheetHead title="Payment receipt" facts={[{ label: 'Receipt no.', value: entry.receiptNumber, mono: true }]} />
      <table className="table sheet-table receipt-table">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entry.reversedById && <p className="receipt-void">VOID: this payment was reversed.</p>}
      <p>Thank you. Please keep this receipt for your records.</p>
    </section>,
    document.body,
  );
}
