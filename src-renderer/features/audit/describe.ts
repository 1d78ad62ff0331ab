import { format, parseISO } from 'date-fns';
import { PRINTABLE_LABELS, PRINTABLES, type AuditEntryView, type Printable } from '../../../src-shared/audit/schema';

/** "familyName" → "family name" */
export function fieldWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
}

const counted = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

const isPrintable = (value: unknown): value is Printable => typeof value === 'string' && (PRINTABLES as readonly string[]).includes(value);

/** Any detail as "key: value" pairs (the audit log holds scalars only). */
function genericDetail(detail: AuditEntryView['detail']): string {
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${fieldWords(key)}: ${String(value)}`)
    .join('; ');
}

/** A merge from one chart's side (each chart has its own entry); the other chart's id stays out of sight. */
function describeMerge(action: string, detail: AuditEntryView['detail']): string {
  const survivor = detail.role === 'survivor';
  const what =
    action === 'patient.merge'
      ? survivor
        ? 'Another chart merged into this one'
        : 'This chart merged into another'
      : survivor
        ? 'A chart merged into this one taken out again'
        : 'This chart restored from a merge';
  return typeof detail.movedRecords === 'number' ? `${what}; ${counted(detail.movedRecords, 'record')} moved` : what;
}

/** What an entry's detail says, in words. */
export function describeDetail(entry: AuditEntryView): string {
  const { detail } = entry;
  switch (entry.action) {
    case 'patient.search': {
      const found = `“${String(detail.query ?? '')}”, ${counted(Number(detail.resultCount ?? 0), 'result')}`;
      return entry.record ? `${found}; led to this chart` : found;
    }
    case 'patient.update':
      return typeof detail.fields === 'string' ? `Changed: ${detail.fields.split(',').map(fieldWords).join(', ')}` : genericDetail(detail);
    case 'patient.create':
      return detail.afterDuplicateWarning === true ? 'Registered after a possible-duplicate warning' : '';
    case 'patient.merge':
    case 'patient.unmerge':
      return describeMerge(entry.action, detail);
    case 'print':
    case 'export': {
      const what = isPrintable(detail.what) ? PRINTABLE_LABELS[detail.what] : String(detail.what ?? '');
      const as = typeof detail.format === 'string' ? ` as ${detail.format.toUpperCase()}` : '';
      const count = typeof detail.count === 'number' ? `, ${counted(detail.count, 'entry', 'entries')}` : '';
      return `${what}${as}${count}`;
    }
    default:
      return genericDetail(detail);
  }
}

/** The record an entry is about, in words: a patient's name and MRN, a user's name. */
export function describeRecord(entry: AuditEntryView): string {
  const record = entry.record;
  if (!record) return '';
  if (record.type === 'patient') return `${record.label ?? 'Unknown patient'}${record.mrn ? ` (${record.mrn})` : ''}`;
  const type = fieldWords(record.type);
  const kind = type.charAt(0).toUpperCase() + type.slice(1);
  return record.label ? `${kind}: ${record.label}` : kind;
}

/** A spreadsheet must not run a cell as a formula (=, +, -, @ first): such a cell is quoted as text. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const CSV_COLUMNS = ['Time', 'User', 'Action', 'Record', 'Details', 'Workstation', 'Flagged'] as const;

/** The entries as CSV (local times), one line per entry, with a header line. */
export function entriesToCsv(entries: readonly AuditEntryView[]): string {
  const lines = entries.map((entry) =>
    [
      format(parseISO(entry.at), 'yyyy-MM-dd HH:mm:ss'),
      entry.userName ?? '',
      entry.actionLabel,
      describeRecord(entry),
      describeDetail(entry),
      entry.workstation,
      entry.flagged ? 'yes' : '',
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
