import { useId, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import { handleListKey, optionId, PatientResults } from './PatientResults';
import { usePatientSearch } from './usePatientSearch';

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
}

/** A search box and its live results, driven from the keyboard. */
export function PatientSearchBox({ label, value, onChange, onOpen, onOtherKey, testId }: PatientSearchBoxProps) {
  const search = usePatientSearch(value);
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
        aria-describedby={hintId}
        autoComplete="off"
        spellCheck={false}
        // The search box is where a receptionist starts: focus it on arrival.
        autoFocus
        value={value}
        data-testid={testId}
        onChange={(e) => {
          setActive(0);
          onChange(e.target.value);
        }}
        onKeyDown={(e) => {
          // While a newer query is pending the list is stale: Enter must not open a patient from it.
          const items = search.searching && e.key === 'Enter' ? [] : search.items;
          if (!handleListKey(e, items.length, current, setActive, (i) => items[i] && onOpen(items[i]))) onOtherKey?.(e);
        }}
      />
      <p id={hintId} className="hint">
        {SEARCH_HINT}
      </p>
      <PatientResults listId={listId} search={search} active={current} onHover={setActive} onOpen={onOpen} />
    </div>
  );
}
