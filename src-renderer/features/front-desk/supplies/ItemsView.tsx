import { useState } from 'react';
import type { SupplyItem } from '../../../../src-shared/supplies/schema';
import { useTableVersion } from '../../../lib/change-feed';
import { call } from '../../../lib/rpc';
import { Loaded } from '../../admin/Loaded';
import { ExpandableRow, ItemsTable } from '../../admin/table';
import { useLoad } from '../../admin/useLoad';
import { CountForm, ItemForm, UseForm } from './ItemForms';

/** The reload key of every supplies list: items, movements and orders all change what they show. */
export function useSuppliesVersion(): string {
  const items = useTableVersion('supply_items');
  const movements = useTableVersion('supply_stock_movements');
  const orders = useTableVersion('supply_orders');
  const lines = useTableVersion('supply_order_lines');
  return `${items}|${movements}|${orders}|${lines}`;
}

/** Items: stock on hand (from the movements), reorder level, on order, a low badge; a row opens count, use and edit. */
export function ItemsView({ adding, onAdded, notify }: { adding: boolean; onAdded(): void; notify(message: string): void }) {
  const version = useSuppliesVersion();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [result] = useLoad(() => call('supplies.items.list', { includeInactive }), `${version}|${includeInactive}`);
  const [openId, setOpenId] = useState<string | null>(null);
  const done = (item: SupplyItem, message: string) => {
    setOpenId(item.id);
    notify(message);
  };
  return (
    <>
      {adding && (
        <ItemForm
          onDone={(item, message) => {
            onAdded();
            done(item, message);
          }}
          onCancel={onAdded}
        />
      )}
      <div className="filter-bar">
        <label>
          <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} data-testid="supplies-show-inactive" />
          Show items no longer stocked
        </label>
        {result?.ok && (
          <span className="hint" data-testid="supplies-low-count">
            {result.value.items.filter((item) => item.low).length} low
          </span>
        )}
      </div>
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={['Item', 'Vendor', 'On hand', 'Reorder level', 'On order', 'Stock']}
            actions
            className="supplies-table"
            testId="supply-items-table"
            empty={
              <p className="hint" data-testid="supplies-empty">
                No supply items yet: add the first one.
              </p>
            }
          >
            {(item) => (
              <ExpandableRow
                key={item.id}
                className={item.active ? undefined : 'row-muted'}
                data-testid="supply-item-row"
                data-item-id={item.id}
                open={openId === item.id}
                onToggle={() => setOpenId(openId === item.id ? null : item.id)}
                toggleLabel="Open"
                toggleTestId="toggle-supply-item"
                colSpan={7}
                panel={<ItemPanel item={item} onDone={done} />}
              >
                <td>
                  <strong>{item.name}</strong>
                  <div className="hint">per {item.unit}</div>
                </td>
                <td>{item.vendor ?? <span className="none">none</span>}</td>
                <td className="number" data-testid="supply-on-hand">
                  {item.onHand}
                </td>
                <td className="number">{item.reorderLevel}</td>
                <td className="number" data-testid="supply-on-order">
                  {item.onOrder || '—'}
                </td>
                <td>
                  {item.low && (
                    <span className="pill pill-warning" data-testid="supply-low">
                      Low
                    </span>
                  )}
                  {!item.active && <span className="pill pill-muted">Not stocked</span>}
                </td>
              </ExpandableRow>
            )}
          </ItemsTable>
        )}
      </Loaded>
    </>
  );
}

type ItemAction = 'count' | 'use' | 'edit';

function ItemPanel({ item, onDone }: { item: SupplyItem; onDone(item: SupplyItem, message: string): void }) {
  const [action, setAction] = useState<ItemAction | null>(null);
  const finish = (changed: SupplyItem, message: string) => {
    setAction(null);
    onDone(changed, message);
  };
  const formProps = { item, onCancel: () => setAction(null) };
  return (
    <div className="supply-panel" data-testid="supply-item-panel">
      {action === null && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setAction('count')} data-testid="supply-action-count">
            Count…
          </button>
          <button type="button" onClick={() => setAction('use')} data-testid="supply-action-use">
            Record use…
          </button>
          <button type="button" onClick={() => setAction('edit')} data-testid="supply-action-edit">
            Change item…
          </button>
        </div>
      )}
      {action === 'count' && <CountForm {...formProps} onDone={(result, message) => finish(result.item, message)} />}
      {action === 'use' && <UseForm {...formProps} onDone={(result, message) => finish(result.item, message)} />}
      {action === 'edit' && <ItemForm {...formProps} onDone={finish} />}
    </div>
  );
}
