import { useEffect, useRef, type KeyboardEvent } from 'react';
import { RESTRICTION_LABELS, type PatientSummary } from '../../../src-shared/patients/schema';
import { formatDateOfBirth, formatName, formatPhone, formatSex } from '../../lib/format';
import type { PatientSearch } from './usePatientSearch';
import { LockIcon } from '../shell/LockIcon';

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * Keyboard handling for a search box that drives a result list (the ARIA combobox pattern):
 * ↑/↓ move, Home/End jump (with Ctrl), Enter opens. Returns true when it handled the key.
 */
export function handleListKey(
  event: KeyboardEvent,
  count: number,
  active: number,
  setActive: (index: number) => void,
  open: (index: number) => void,
): boolean {
  const last = count - 1;
  switch (event.key) {
    case 'ArrowDown':
      if (count > 0) setActive(active >= last ? 0 : active + 1);
      break;
    case 'ArrowUp':
      if (count > 0) setActive(active <= 0 ? last : active - 1);
      break;
    case 'PageDown':
      if (count > 0) setActive(Math.min(last, active + 10));
      break;
    case 'PageUp':
      if (count > 0) setActive(Math.max(0, active - 10));
      break;
    case 'Enter':
      if (count > 0 && active >= 0) open(active);
      break;
    default:
      return false;
  }
  event.preventDefault();
  return true;
}

interface PatientResultsProps {
  listId: string;
  search: PatientSearch;
  active: number;
  onHover(index: number): void;
  onOpen(patient: PatientSummary): void;
  /** What to say when nothing has been typed yet. */
  emptyHint?: string;
}

export function PatientResults({ listId, search, active, onHover, onOpen, emptyHint }: PatientResultsProps) {
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    listRef.current?.querySelector(`#${CSS.escape(optionId(listId, active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [listId, active]);

  const state = search.searching ? 'searching' : 'done';
  let status: string;
  if (search.query === '') status = emptyHint ?? '';
  else if (search.error) status = search.error;
  else if (search.searching && search.items.length === 0) status = 'Searching…';
  else if (search.items.length === 0) status = 'No patients match. Check the spelling, or register a new patient.';
  else status = search.items.length === 1 ? '1 patient' : `${search.items.length} patients${search.items.length >= 20 ? ' (the first 20; type more to narrow)' : ''}`;

  return (
    <div className="results" data-testid="search-results" data-state={state}>
      <p className={search.error ? 'results-status error-text' : 'results-status'} role="status" aria-live="polite">
        {status}
      </p>
      {search.items.length > 0 && (
        <ul id={listId} ref={listRef} className={search.searching ? 'result-list stale' : 'result-list'} role="listbox" aria-label="Matching patients">
          {search.items.map((p, index) => (
            <li
              key={p.id}
              id={optionId(listId, index)}
              role="option"
              aria-selected={index === active}
              className="result"
              data-testid="search-result"
              data-patient-id={p.id}
              onMouseMove={() => index !== active && onHover(index)}
              onMouseDown={(e) => e.preventDefault() /* keep focus in the search box */}
              onClick={() => onOpen(p)}
            >
              <span className="result-name">
                {formatName(p)}
                {p.restricted && (
                  <span className="result-lock" title={`Restricted chart: ${RESTRICTION_LABELS[p.restricted]}`} data-testid="result-restricted">
                    <LockIcon />
                    <span className="visually-hidden"> (restricted chart: {RESTRICTION_LABELS[p.restricted]})</span>
                  </span>
                )}
              </span>
              <span className="result-dob">{formatDateOfBirth(p.dateOfBirth)}</span>
              <span className="result-sex">{formatSex(p.sex)}</span>
              <span className="result-phone">{formatPhone(p.phone)}</span>
              <span className="result-mrn mono">{p.mrn}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
