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

interface ItemsTableProps<T> {
  items: readonly T[];
  /** Shown instead of the table when there are no items. */
  empty: ReactNode;
  columns: readonly string[];
  /** Adds the column of the rows' buttons. */
  actions?: boolean;
  /** Classes besides `table`. */
  className?: string;
  testId: string;
  /** An item's row (or rows), with its key. */
  children(item: T, index: number): ReactNode;
}

/** A table of items under its column headings, or what to say when there are none. */
export function ItemsTable<T>({ items, empty, columns, actions = false, className, testId, children }: ItemsTableProps<T>) {
  if (items.length === 0) return empty;
  return (
    <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
      <TableHead columns={columns} actions={actions} />
      <tbody>{items.map(children)}</tbody>
    </table>
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
