import type { ComponentPropsWithoutRef, ReactNode } from 'react';

/** A table's column headings; `actions` adds a last column, for row buttons, named only for screen readers. */
export function TableHead({ columns, actions = false }: { columns: readonly string[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

type ExpandableRowProps = ComponentPropsWithoutRef<'tr'> & {
  open: boolean;
  onToggle(): void;
  /** The button's text while closed ("Close" while open). */
  toggleLabel: string;
  toggleTestId: string;
  /** Every column of the table, the actions column included. */
  colSpan: number;
  /** Shown in a row of its own under this one while open. */
  panel: ReactNode;
};

/** A table row whose last cell opens and closes a panel (an editor, a restore) under it. */
export function ExpandableRow({ open, onToggle, toggleLabel, toggleTestId, colSpan, panel, children, ...row }: ExpandableRowProps) {
  return (
    <>
      <tr {...row}>
        {children}
        <td className="cell-actions">
          <button type="button" onClick={onToggle} aria-expanded={open} data-testid={toggleTestId}>
            {open ? 'Close' : toggleLabel}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="row-editor">
          <td colSpan={colSpan}>{panel}</td>
        </tr>
      )}
    </>
  );
}
