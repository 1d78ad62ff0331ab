import { useState } from 'react';
import type { PatientSummary } from '../../../src-shared/patients/schema';
import { navigate } from '../../lib/navigation';
import { ModalDialog } from '../shell/ModalDialog';
import { PatientSearchBox } from './PatientSearchBox';
import { closeSearchOverlay, useSearchOverlay } from './search-overlay-store';

/** Ctrl+K from anywhere: find a patient and open the chart without leaving the keyboard. */
export function SearchOverlay() {
  const open = useSearchOverlay((s) => s.open);
  return open ? <SearchDialog /> : null;
}

function SearchDialog() {
  const [query, setQuery] = useState('');

  const openChart = (patient: PatientSummary) => {
    closeSearchOverlay();
    navigate(`/patients/${patient.id}`);
  };

  return (
    <ModalDialog
      className="overlay search-overlay"
      aria-label="Find a patient"
      data-testid="search-overlay"
      onEscape={closeSearchOverlay}
      onClick={(e) => {
        // A click on the backdrop (outside the panel) closes.
        if (e.target === e.currentTarget) closeSearchOverlay();
      }}
    >
      <div className="overlay-panel">
        <PatientSearchBox
          label="Find a patient"
          value={query}
          onChange={setQuery}
          onOpen={openChart}
          testId="search-overlay-input"
          onOtherKey={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              closeSearchOverlay();
            }
          }}
        />
        <p className="overlay-keys hint">
          <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> open chart · <kbd>Esc</kbd> close
        </p>
      </div>
    </ModalDialog>
  );
}
