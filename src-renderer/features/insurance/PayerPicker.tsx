import { useId, useState, type KeyboardEvent } from 'react';
import type { Payer } from '../../../src-shared/insurance/schema';
import { FieldShell } from '../auth/fields';
import { matchingPayers } from './payer-matching';

interface PayerPickerProps {
  id: string;
  /** The chosen payer's id ('' for none). */
  value: string;
  onChange(payerId: string): void;
  onBlur(): void;
  /** Active payers, and the one chosen before even if it is inactive now. */
  payers: readonly Payer[];
  error?: string | undefined;
  autoFocus?: boolean;
}

const MAX_OPTIONS = 8;

/**
 * Type-ahead payer picker (an ARIA combobox): typing filters by name or EDI payer id, ↓/↑ move,
 * Enter, Tab or a click chooses, Esc closes the list (a second Esc cancels the form). Leaving the
 * box without choosing puts the chosen payer's name back.
 */
export function PayerPicker({ id, value, onChange, onBlur, payers, error, autoFocus }: PayerPickerProps) {
  const chosen = payers.find((p) => p.id === value) ?? null;
  const [text, setText] = useState(chosen?.name ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const options = matchingPayers(payers, open && text !== chosen?.name ? text : '').slice(0, MAX_OPTIONS);

  const choose = (payer: Payer) => {
    setText(payer.name);
    setOpen(false);
    onChange(payer.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + options.length) % Math.max(options.length, 1));
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Tab' && open && text.trim() !== '' && text !== chosen?.name && options[active]) {
      // Tab takes the highlighted payer and moves on, as in most pickers.
      choose(options[active]);
    } else if (event.key === 'Escape' && open) {
      // Only closes the list; the form's Escape (cancel) waits for the next press.
      event.preventDefault();
      setOpen(false);
    }
  };

  return (
    <FieldShell id={id} label="Payer" required error={error} hint={chosen?.ediPayerId ? `EDI payer id ${chosen.ediPayerId}` : 'Type part of the name or payer id'}>
      <div className="combobox">
        <input
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && options[active] ? `${listId}-${options[active].id}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-error ${id}-hint`}
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
            setOpen(true);
            if (event.target.value.trim() === '') onChange('');
          }}
          // Offers the list at once only while no payer is chosen; editing a coverage keeps its payer quiet.
          onFocus={() => setOpen(chosen === null)}
          onBlur={() => {
            setOpen(false);
            setText(chosen?.name ?? '');
            onBlur();
          }}
          onKeyDown={onKeyDown}
          data-testid="payer-picker"
        />
        {open && (
          <ul id={listId} role="listbox" className="combobox-options" aria-label="Payers" data-testid="payer-options">
            {options.length === 0 && <li className="combobox-empty">No active payer matches: an administrator adds payers under Admin → Payers.</li>}
            {options.map((payer, index) => (
              <li
                key={payer.id}
                id={`${listId}-${payer.id}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'combobox-option active' : 'combobox-option'}
                // Chosen before the input's blur puts the old name back.
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(payer);
                }}
                data-testid="payer-option"
              >
                <span>{payer.name}</span>
                {payer.ediPayerId && <span className="mono subtle">{payer.ediPayerId}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </FieldShell>
  );
}
