/**
 * A payment's receipt as a PDF (jsPDF + jspdf-autotable, in the main process): the clinic's name,
 * the receipt number (the entry id's short form), the patient, when, how much, how and the
 * reference, the visit it paid for; a reversed payment's receipt says it is void.
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { jsPDF } from 'jspdf';
import { autoTable } from 'jspdf-autotable';
import { formatCents } from '../../../src-shared/ledger/money';
import { PAYMENT_METHOD_LABELS, type LedgerEntry, type PaymentMethod } from '../../../src-shared/ledger/schema';
import { providerName } from '../../../src-shared/patients/display';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import { getEntry } from '../ledger/service';
import { pdfText } from '../scheduling/day-pdf';
import type { Db } from '../scheduling/common';
import { readSettings } from '../settings/service';

const MARGIN = 56;
const LABEL_FILL: [number, number, number] = [240, 242, 246];
const VOID_TEXT: [number, number, number] = [170, 40, 30];
const REFERENCE_LABEL: Record<PaymentMethod, string> = { cash: 'Reference', card: 'Card reference', check: 'Check number' };

/** The payment a receipt is for: a payment entry, not a reversal (its own receipt says void instead). */
export async function receiptEntry(db: Db, entryId: string): Promise<LedgerEntry> {
  const entry = await getEntry(db, entryId);
  if (entry.entryType !== 'payment' || entry.reversesId !== null) {
    const message = entry.reversesId !== null ? 'This entry is a reversal: print the receipt of the payment it reverses' : 'A receipt is printed for a payment';
    throw new AppError('VALIDATION', message, { fields: { entryId: message } });
  }
  return entry;
}

interface ReceiptContent {
  clinicName: string;
  entry: LedgerEntry;
  patient: string;
  postedAt: string;
  postedBy: string | null;
  visit: string | null;
  /** When the payment was reversed, if it was. */
  voidedAt: string | null;
}

export async function receiptPdf(db: Db, entry: LedgerEntry): Promise<MethodOutput<'frontDesk.receipt'>> {
  const settings = await readSettings(db);
  // The clinic's time when it is set (always, once anything is booked); else this computer's.
  const when = (iso: string) => format(new Date(iso), 'MM/dd/yyyy h:mm a', settings.timeZone ? { in: tz(settings.timeZone) } : {});
  const patient = await db.selectFrom('patients').select(['givenName', 'familyName', 'mrn']).where('id', '=', entry.patientId).executeTakeFirstOrThrow();
  const reversal = entry.reversedById ? await getEntry(db, entry.reversedById) : null;
  const bytes = renderReceipt({
    clinicName: settings.clinicName || 'Clinic',
    entry,
    patient: `${patient.givenName} ${patient.familyName} (MRN ${patient.mrn})`,
    postedAt: when(entry.postedAt),
    postedBy: entry.postedBy?.displayName ?? null,
    visit: entry.appointmentId ? await visitLine(db, entry.appointmentId, when) : null,
    voidedAt: reversal ? when(reversal.postedAt) : null,
  });
  return { fileName: `receipt-${entry.receiptNumber}.pdf`, contentType: 'application/pdf', base64: Buffer.from(bytes).toString('base64') };
}

async function visitLine(db: Db, appointmentId: string, when: (iso: string) => string): Promise<string | null> {
  const visit = await db
    .selectFrom('appointments as a')
    .innerJoin('providers as p', 'p.id', 'a.providerId')
    .innerJoin('appointmentTypes as t', 't.id', 'a.appointmentTypeId')
    .select(['a.startAt', 't.name as typeName', 'p.givenName', 'p.familyName', 'p.credentials'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirst();
  return visit ? `${when(visit.startAt)} · ${visit.typeName} with ${providerName(visit)}` : null;
}

function renderReceipt({ clinicName, entry, patient, postedAt, postedBy, visit, voidedAt }: ReceiptContent): Uint8Array {
  const doc = new jsPDF({ orientation: 'portrait', unit: 'pt', format: 'letter' });
  doc.setProperties({ title: `Receipt ${entry.receiptNumber}`, creator: 'Clinic Office' });
  doc.setFont('helvetica', 'bold').setFontSize(16).setTextColor(20).text(pdfText(clinicName), MARGIN, 64);
  doc.setFontSize(13).text('Payment receipt', MARGIN, 86);
  doc.setFont('helvetica', 'normal').setFontSize(10).setTextColor(90).text(`Receipt no. ${entry.receiptNumber}`, MARGIN, 104);

  const rows: [string, string][] = [
    ['Patient', patient],
    ['Date', postedAt],
    ['Amount paid', formatCents(-entry.amountCents)],
    ['Method', entry.method ? PAYMENT_METHOD_LABELS[entry.method] : 'Not recorded'],
    ...(entry.reference ? [[REFERENCE_LABEL[entry.method ?? 'cash'], entry.reference] as [string, string]] : []),
    ...(visit ? [['For the visit', visit] as [string, string]] : []),
    ...(postedBy ? [['Received by', postedBy] as [string, string]] : []),
  ];
  autoTable(doc, {
    startY: 124,
    margin: { left: MARGIN, right: MARGIN },
    theme: 'grid',
    body: rows.map(([label, value]) => [label, pdfText(value)]),
    styles: { font: 'helvetica', fontSize: 11, cellPadding: 6, textColor: 20, lineColor: 210, lineWidth: 0.5 },
    columnStyles: { 0: { cellWidth: 120, fontStyle: 'bold', fillColor: LABEL_FILL } },
  });
  let y = (doc as unknown as { lastAutoTable: { finalY: number } }).lastAutoTable.finalY + 28;
  if (voidedAt) {
    doc.setFont('helvetica', 'bold').setFontSize(12).setTextColor(...VOID_TEXT).text(`VOID: this payment was reversed on ${voidedAt}.`, MARGIN, y);
    y += 24;
  }
  doc.setFont('helvetica', 'normal').setFontSize(10).setTextColor(90).text('Thank you. Please keep this receipt for your records.', MARGIN, y);
  return new Uint8Array(doc.output('arraybuffer'));
}
