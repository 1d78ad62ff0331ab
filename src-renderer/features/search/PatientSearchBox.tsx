import { useId, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import { handleListKey, optionId, PatientResults } from './PatientResults';
import { usePatientSearch } from './usePatientSearch';
import { useSearchAudit } from './useSearchAudit';

export const SEARCH_HINT =
  'Type a name (any order, first letters are enough), a date of birth (07/14/1985, 1985-07-14 or 07141985), the last 4+ digits of a phone number, or an MRN.';

interface PatientSearchBoxProps {
  label: string;
  value: string;
  onChange(value: string): void;
  onOpen(patient: PatientSummary): void;
  /** Keys the box does not use (e.g. Escape in the overlay). */
  onOtherKey?(event: ReactKeyboardEvent<HTMLInputElement>): void;
  testId: string;
  /** Where a receptionist starts (the Patients page, the Ctrl+K overlay) the box takes the focus on arrival. */
  autoFocus?: boolean;
  /** The hint under the box; a picker inside a form may leave it out. */
  hint?: string | null;
}

/** A search box and its live results, driven from the keyboard. The search the user settles on is audited. */
export function PatientSearchBox({ label, value, onChange, onOpen, onOtherKey, testId, autoFocus = true, hint = SEARCH_HINT }: PatientSearchBoxProps) {
  const search = usePatientSearch(value);
  const audit = useSearchAudit(search);
  const open = (patient: PatientSummary) => {
    audit.opened(patient.id);
    onOpen(patient);
  };
  const [active, setActive] = useState(0);
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const current = Math.min(active, Math.max(0, search.items.length - 1));

  return (
    <div className="search-box">
      <label htmlFor={inputId} className="search-label">
        {label}
      </label>
      <input
        id={inputId}
        className="search-input"
        type="search"
        role="combobox"
        aria-expanded={search.items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={search.items.length > 0 ? optionId(listId, current) : undefined}
        aria-describedby={hint ? hintId : undefined}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          setActive(0);
          onChange(e.target.value);
        }}
        onKeyDown={(e) => {
          // While a newer query is pending the list is stale: Enter must not open a patient from it.
          const items = search.searching && e.key === 'Enter' ? [] : search.items;
          if (!handleListKey(e, items.length, current, setActive, (i) => items[i] && open(items[i]))) onOtherKey?.(e);
        }}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <PatientResults listId={listId} search={search} active={current} onHover={setActive} onOpen={open} />
    </div>
  );
}
