import { useState, type ReactNode } from 'react';
import type { Printable } from '../../../src-shared/audit/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { formatDate, formatInstant, formatName } from '../../lib/format';
import { printAudited } from '../../lib/print';
import { useSession } from '../../lib/session';

export interface SheetFact {
  label: string;
  value: ReactNode;
  testId?: string;
  mono?: boolean;
}

/** Who a patient's sheet is about: name, date of birth and MRN. */
export function patientFacts(patient: Patient, nameTestId?: string): SheetFact[] {
  return [
    { label: 'Patient', value: formatName(patient), ...(nameTestId ? { testId: nameTestId } : {}) },
    { label: 'Date of birth', value: formatDate(patient.dateOfBirth) },
    { label: 'MRN', value: patient.mrn, mono: true },
  ];
}

interface SheetHeadProps {
  title: string;
  /** What the sheet is about; "Printed" follows them. */
  facts: SheetFact[];
  /** Shown on screen too (its title only on paper); otherwise only on paper. */
  onScreen?: boolean;
  /** "Printed" names the minute and who printed; otherwise the day only. */
  printedBy?: boolean;
}

/** The head of a printed sheet: the clinic, the sheet's title and what the sheet is about. */
export function SheetHead({ title, facts, onScreen = false, printedBy = false }: SheetHeadProps) {
  const clinicName = useSession((s) => s.info?.clinicName ?? s.clinicName);
  const userName = useSession((s) => s.info?.user.displayName ?? '');
  const printed = printedBy ? `${formatInstant(new Date().toISOString())} by ${userName}` : formatDate(localIsoDate());
  return (
    <header className={onScreen ? 'sheet-head' : 'sheet-head print-only'}>
      {clinicName && <p className="sheet-clinic">{clinicName}</p>}
      <p className={onScreen ? 'sheet-title print-only' : 'sheet-title'}>{title}</p>
      <dl className="sheet-identity">
        {[...facts, { label: 'Printed', value: printed }].map((fact: SheetFact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd className={fact.mono ? 'mono' : undefined} data-testid={fact.testId}>
              {fact.value}
            </dd>
          </div>
        ))}
      </dl>
    </header>
  );
}

/** Printing a sheet of entries: the print is written to the audit log first (what, whose, how many); a refusal is kept for an alert. */
export function useAuditedPrint(what: Printable, patientId: string, onPrinted?: () => void) {
  const [error, setError] = useState<string | null>(null);
  const print = async (count: number) => {
    setError(null);
    const printed = await printAudited(what, patientId, { count });
    if (!printed.ok) return setError(`Not printed: ${printed.error.message}`);
    onPrinted?.();
  };
  return { print, error };
}

/** A sheet's Print button: usable once its entries are loaded (`count` of them). */
export function PrintButton({ count, onPrint, testId }: { count: number | null; onPrint(count: number): void; testId: string }) {
  return (
    <button type="button" className="primary" onClick={() => count !== null && onPrint(count)} disabled={count === null} data-testid={testId}>
      Print
    </button>
  );
}
