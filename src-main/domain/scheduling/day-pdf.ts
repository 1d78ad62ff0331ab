/**
 * The day schedule as a PDF, made in the main process with jsPDF and jspdf-autotable: a landscape
 * page headed by the clinic's name and the date, then one table per provider (or per room) of
 * time, patient, type, status and room (or provider). Cancelled and rescheduled appointments are
 * left out; overbooked ones are marked.
 */
import { format, parseISO } from 'date-fns';
import { jsPDF } from 'jspdf';
import { autoTable, type CellHookData } from 'jspdf-autotable';
import type { MethodOutput, ParsedInput } from '../../../src-shared/rpc/contract';
import { clinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { daySheet, type DaySheet, type DayView } from '../../../src-shared/scheduling/day-sheet';
import type { Clock } from '../../clock';
import type { Session } from '../../rpc/session';
import { readSettings } from '../settings/service';
import { localizer, type Db } from './common';
import { daySchedule } from './views';

export interface DayPdf extends MethodOutput<'appointments.dayPdf'> {
  /** Appointments listed (for the audit entry). */
  count: number;
}

export async function dayPdf(db: Db, clock: Clock, session: Session, input: ParsedInput<'appointments.dayPdf'>): Promise<DayPdf> {
  const day = await daySchedule(db, session, { date: input.date });
  const sheet = daySheet(day, input.by);
  const { clinicName } = await readSettings(db);
  const printedAt = localizer(clinicTimeZone(day.timeZone)).wall(clock.now().getTime());
  const bytes = renderDayPdf({
    clinicName: clinicName || 'Clinic',
    date: input.date,
    by: input.by,
    subtitle: `Times in ${day.timeZone} · made ${format(parseISO(printedAt.date), 'MM/dd/yyyy')} ${printedAt.time}`,
    sheet,
  });
  const suffix = input.by === 'rooms' ? '-by-room' : '';
  return { fileName: `day-schedule-${input.date}${suffix}.pdf`, contentType: 'application/pdf', base64: Buffer.from(bytes).toString('base64'), count: sheet.count };
}

const MARGIN = 40;
const FOOTER_SPACE = 44;
const CONTINUED_SPACE = 16;
/** A group heading needs room for itself, the table head and a row or two; less than this left on a page starts a new one. */
const GROUP_MIN_SPACE = 90;
const HEAD_FILL: [number, number, number] = [229, 233, 240];
const OVERBOOKED_TEXT: [number, number, number] = [170, 40, 30];

interface DayPdfContent {
  clinicName: string;
  date: string;
  by: DayView;
  subtitle: string;
  sheet: DaySheet;
}

function renderDayPdf({ clinicName, date, by, subtitle, sheet }: DayPdfContent): Uint8Array {
  const doc = new jsPDF({ orientation: 'landscape', unit: 'pt', format: 'letter' });
  const pageWidth = doc.internal.pageSize.getWidth();
  const pageHeight = doc.internal.pageSize.getHeight();
  const longDate = format(parseISO(date), 'EEEE, MMMM d, yyyy');
  doc.setProperties({ title: `Day schedule, ${longDate}`, creator: 'Clinic Office' });

  doc.setFont('helvetica', 'bold').setFontSize(16).text(pdfText(clinicName), MARGIN, 48);
  doc.setFontSize(12).text(`Day schedule · ${longDate}`, MARGIN, 68);
  const counted = `${sheet.count} appointment${sheet.count === 1 ? '' : 's'}`;
  doc.setFont('helvetica', 'normal').setFontSize(9).setTextColor(90).text(`By ${by === 'rooms' ? 'room' : 'provider'} · ${counted} · ${subtitle}`, MARGIN, 84);

  let y = 112;
  for (const group of sheet.groups) {
    if (y > pageHeight - FOOTER_SPACE - GROUP_MIN_SPACE) {
      doc.addPage();
      y = MARGIN + 8;
    }
    doc.setFont('helvetica', 'bold').setFontSize(11).setTextColor(20).text(pdfText(group.title), MARGIN, y);
    const overbooked = new Set(group.rows.flatMap((row, index) => (row.overbooked ? [index] : [])));
    autoTable(doc, {
      startY: y + 6,
      // On a page the table continues onto, the group's title goes above it.
      margin: { top: MARGIN + CONTINUED_SPACE, left: MARGIN, right: MARGIN, bottom: FOOTER_SPACE },
      willDrawPage: (page) => {
        if (page.pageNumber > 1) doc.setFont('helvetica', 'bold').setFontSize(11).setTextColor(20).text(pdfText(`${group.title} (continued)`), MARGIN, MARGIN + 6);
      },
      theme: 'grid',
      head: [['Time', 'Patient', 'Type', 'Status', sheet.otherLabel]],
      body:
        group.rows.length > 0
          ? group.rows.map((row) => [row.time, row.patient, row.type, row.status, row.other].map(pdfText))
          : [[{ content: 'No appointments.', colSpan: 5, styles: { textColor: 110, fontStyle: 'italic' } }]],
      styles: { font: 'helvetica', fontSize: 9, cellPadding: 4, textColor: 20, lineColor: 200, lineWidth: 0.5 },
      headStyles: { fillColor: HEAD_FILL, fontStyle: 'bold' },
      // Fixed widths (the last column takes the rest), so every group's table lines up with the others.
      columnStyles: { 0: { cellWidth: 80 }, 1: { cellWidth: 200 }, 2: { cellWidth: 170 }, 3: { cellWidth: 140 } },
      rowPageBreak: 'avoid',
      didParseCell: (cell: CellHookData) => {
        if (cell.section === 'body' && overbooked.has(cell.row.index)) {
          cell.cell.styles.textColor = OVERBOOKED_TEXT;
          if (cell.column.index === 3) cell.cell.styles.fontStyle = 'bold';
        }
      },
    });
    y = lastTableEnd(doc) + 26;
  }

  const pages = doc.getNumberOfPages();
  for (let page = 1; page <= pages; page += 1) {
    doc.setPage(page);
    doc.setFont('helvetica', 'normal').setFontSize(8).setTextColor(110);
    doc.text(pdfText(`${clinicName} · Day schedule · ${longDate}`), MARGIN, pageHeight - 24);
    doc.text(`Page ${page} of ${pages}`, pageWidth - MARGIN, pageHeight - 24, { align: 'right' });
  }
  return new Uint8Array(doc.output('arraybuffer'));
}

/** Where the table autoTable just drew ends (the plugin keeps it on the document). */
function lastTableEnd(doc: jsPDF): number {
  return (doc as unknown as { lastAutoTable: { finalY: number } }).lastAutoTable.finalY;
}

/** The characters of Windows-1252 above Latin-1's printable range. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Letters with no decomposition whose plain form is still recognisable. */
const PLAIN_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

function inWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char);
}

/**
 * Text the PDF's built-in Helvetica can show (Windows-1252): jsPDF garbles a whole string holding
 * any other character. Letters outside it lose their accents (Nguyễn → Nguyen); what has no plain
 * form (other scripts) becomes "?".
 */
export function pdfText(text: string): string {
  return Array.from(text.normalize('NFC'), (char) => {
    if (inWinAnsi(char)) return char;
    const plain = PLAIN_LETTERS[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
    if (plain === '') return '';
    return Array.from(plain).every(inWinAnsi) ? plain : '?';
  }).join('');
}
