import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { RESTRICTION_LABELS, type PatientSummary } from '../../../src-shared/patients/schema';
import { formatDateOfBirth, formatName, formatPhone, formatSex } from '../../lib/format';
import type { PatientSearch } from './usePatientSearch';
import { LockIcon } from '../shell/LockIcon';

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/** A result row's height before it is measured (rows wrap on narrow windows). */
const ROW_HEIGHT_ESTIMATE = 37;

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
  const scrollRef = useRef<HTMLDivElement>(null);
  const { items } = search;
  // The React Compiler is not used (vite.config.ts), so nothing is memoized around the virtualizer.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    overscan: 8,
    getItemKey: (index) => items[index]?.id ?? index,
  });

  // The active option must be rendered (aria-activedescendant points at it) and in view.
  useEffect(() => {
    if (items.length > 0) rows.scrollToIndex(active, { align: 'auto' });
  }, [rows, active, items.length]);

  const state = search.searching ? 'searching' : 'done';
  let status: string;
  if (search.query === '') status = emptyHint ?? '';
  else if (search.error) status = search.error;
  else if (search.searching && items.length === 0) status = 'Searching…';
  else if (items.length === 0) status = 'No patients match. Check the spelling, or register a new patient.';
  else if (search.capped) status = `Showing the first ${items.length} patients — refine your search to see others`;
  else status = items.length === 1 ? '1 patient' : `${items.length} patients`;

  return (
    <div className="results" data-testid="search-results" data-state={state}>
      <p className={search.error ? 'results-status error-text' : 'results-status'} role="status" aria-live="polite" data-testid="results-status">
        {status}
      </p>
      {items.length > 0 && (
        <div ref={scrollRef} className={search.searching ? 'result-scroll stale' : 'result-scroll'}>
          <ul id={listId} className="result-list" role="listbox" aria-label="Matching patients" style={{ height: rows.getTotalSize() }}>
            {rows.getVirtualItems().map((row) => {
              const p = items[row.index]!;
              return (
                <li
                  key={row.key}
                  ref={rows.measureElement}
                  data-index={row.index}
                  style={{ transform: `translateY(${row.start}px)` }}
                  id={optionId(listId, row.index)}
                  role="option"
                  aria-selected={row.index === active}
                  aria-setsize={items.length}
                  aria-posinset={row.index + 1}
                  className="result"
                  data-testid="search-result"
                  data-patient-id={p.id}
                  onMouseMove={() => row.index !== active && onHover(row.index)}
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
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
