import { useState, type FormEvent } from 'react';
import type { ReorderItem, SupplyOrder } from '../../../../src-shared/supplies/schema';
import { useLeaveGuard } from '../../../lib/navigation';
import { call } from '../../../lib/rpc';
import { Loaded } from '../../admin/Loaded';
import { ItemsTable } from '../../admin/table';
import { useLoad } from '../../admin/useLoad';
import { useSuppliesVersion } from './ItemsView';
import { typedQuantity } from './quantity';
import { useLinesSubmit } from './useLinesSubmit';

interface Choice {
  on: boolean;
  quantity: string;
}

/** What to order of an item until the user changes it: the suggestion, ticked unless placed orders already cover it. */
const suggested = (row: ReorderItem): Choice => ({ on: !row.covered, quantity: String(row.suggestedQuantity) });

/** Low items with a suggested quantity and whether placed orders cover them; "Order these" places one order per vendor. */
export function ReorderView({ notify }: { notify(message: string): void }) {
  const version = useSuppliesVersion();
  const [result] = useLoad(() => call('supplies.reorder.list', {}), version);
  const [edits, setEdits] = useState<ReadonlyMap<string, Choice>>(new Map());
  const lines = useLinesSubmit<{ orders: SupplyOrder[] }>();
  useLeaveGuard(edits.size > 0, 'The quantities chosen on the reorder list have not been ordered.');

  const items = result?.ok ? result.value.items : [];
  const choiceOf = (row: ReorderItem) => edits.get(row.item.id) ?? suggested(row);
  const change = (row: ReorderItem, update: Partial<Choice>) => setEdits(new Map(edits).set(row.item.id, { ...choiceOf(row), ...update }));
  const chosen = items.filter((row) => choiceOf(row).on);
  const errorOf = (row: ReorderItem) => lines.byLine.get(chosen.indexOf(row));

  const order = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return;
    const sent = await lines.submit(() => call('supplies.reorder.order', { lines: chosen.map((row) => ({ itemId: row.item.id, quantity: typedQuantity(choiceOf(row).quantity) })) }));
    if (!sent?.ok) return;
    setEdits(new Map());
    const vendors = sent.value.orders.map((o) => o.vendor ?? 'no vendor');
    notify(`${sent.value.orders.length === 1 ? 'Order placed' : `${sent.value.orders.length} orders placed`}: ${vendors.join(', ')}.`);
  };

  return (
    <form noValidate onSubmit={(e) => void order(e)} data-testid="reorder-form">
      {lines.summary && (
        <p className="banner banner-error" role="alert" data-testid="reorder-error">
          {lines.summary}
        </p>
      )}
      <Loaded result={result}>
        {() => (
          <ItemsTable
            items={items}
            columns={['Order', 'Item', 'Vendor', 'On hand', 'Reorder level', 'On order', 'Quantity']}
            className="supplies-table reorder-table"
            testId="reorder-table"
            empty={
              <p className="hint" data-testid="reorder-empty">
                Nothing is at or below its reorder level.
              </p>
            }
          >
            {(row) => {
              const choice = choiceOf(row);
              const error = errorOf(row);
              const id = `reorder-${row.item.id}`;
              return (
                <tr key={row.item.id} data-testid="reorder-row" data-item-id={row.item.id} data-covered={row.covered}>
                  <td>
                    <input id={`${id}-on`} type="checkbox" checked={choice.on} onChange={(e) => change(row, { on: e.target.checked })} aria-label={`Order ${row.item.name}`} data-testid="reorder-choose" />
                  </td>
                  <td>
                    <label htmlFor={`${id}-on`}>
                      <strong>{row.item.name}</strong>
                    </label>
                    <div className="hint">per {row.item.unit}</div>
                  </td>
                  <td>{row.item.vendor ?? <span className="none">none</span>}</td>
                  <td className="number">{row.item.onHand}</td>
                  <td className="number">{row.item.reorderLevel}</td>
                  <td>
                    {row.item.onOrder > 0 ? <span className="nowrap">{row.item.onOrder}</span> : '—'}
                    {row.covered && (
                      <div>
                        <span className="pill pill-ok" data-testid="reorder-covered">
                          Covered
                        </span>
                      </div>
                    )}
                  </td>
                  <td>
                    <input
                      id={`${id}-quantity`}
                      className="quantity-input"
                      inputMode="numeric"
                      value={choice.quantity}
                      disabled={!choice.on}
                      onChange={(e) => change(row, { quantity: e.target.value })}
                      aria-label={`Quantity of ${row.item.name}`}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={`${id}-error`}
                      data-testid="reorder-quantity"
                    />
                    <div id={`${id}-error`} className="field-error">
                      {error}
                    </div>
                  </td>
                </tr>
              );
            }}
          </ItemsTable>
        )}
      </Loaded>
      {items.length > 0 && (
        <div className="actions">
          <button type="submit" className="primary" disabled={lines.busy || chosen.length === 0} data-testid="reorder-order">
            {lines.busy ? 'Ordering…' : `Order these (${chosen.length})`}
          </button>
          <span className="hint">One order per vendor. Items that no placed order covers yet are ticked for you.</span>
        </div>
      )}
    </form>
  );
}
