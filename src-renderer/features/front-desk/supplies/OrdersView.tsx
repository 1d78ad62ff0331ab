import { useState, type FormEvent } from 'react';
import { ORDER_STATUS_LABELS, ORDER_STATUSES, type OrderStatus, type SupplyOrder } from '../../../../src-shared/supplies/schema';
import { askConfirm } from '../../../lib/confirm';
import { formKeys } from '../../../lib/forms';
import { formatInstant } from '../../../lib/format';
import { useLeaveGuard } from '../../../lib/navigation';
import { call } from '../../../lib/rpc';
import { Loaded } from '../../admin/Loaded';
import { ExpandableRow, ItemsTable } from '../../admin/table';
import { useLoad } from '../../admin/useLoad';
import { useSuppliesVersion } from './ItemsView';
import { PlaceOrderDialog } from './PlaceOrderDialog';
import { typedQuantity } from './quantity';
import { useLinesSubmit } from './useLinesSubmit';

const STATUS_PILLS: Record<OrderStatus, string> = { placed: 'pill pill-open', received: 'pill pill-ok', cancelled: 'pill pill-muted' };

type Filter = OrderStatus | 'all';

/** Orders, placed ones first by default; a placed order opens its receive form. */
export function OrdersView({ placing, onPlaced, notify }: { placing: boolean; onPlaced(): void; notify(message: string): void }) {
  const version = useSuppliesVersion();
  const [filter, setFilter] = useState<Filter>('placed');
  const [result] = useLoad(() => call('supplies.orders.list', { status: filter }), `${version}|${filter}`);
  const [openId, setOpenId] = useState<string | null>(null);
  const done = (order: SupplyOrder, message: string) => {
    setOpenId(order.id);
    notify(message);
  };
  return (
    <>
      <div className="filter-bar" role="group" aria-label="Orders shown">
        {[...ORDER_STATUSES, 'all' as const].map((value) => (
          <button key={value} type="button" aria-pressed={filter === value} onClick={() => setFilter(value)} data-testid={`orders-filter-${value}`}>
            {value === 'all' ? 'All' : ORDER_STATUS_LABELS[value]}
          </button>
        ))}
      </div>
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={['Placed', 'Vendor', 'Items', 'Status', 'Received']}
            actions
            className="supplies-table"
            testId="orders-table"
            empty={
              <p className="hint" data-testid="orders-empty">
                {filter === 'all' ? 'No orders yet.' : `No ${ORDER_STATUS_LABELS[filter].toLowerCase()} orders.`}
              </p>
            }
          >
            {(order) => (
              <ExpandableRow
                key={order.id}
                data-testid="order-row"
                data-order-id={order.id}
                data-status={order.status}
                open={openId === order.id}
                onToggle={() => setOpenId(openId === order.id ? null : order.id)}
                toggleLabel={order.status === 'placed' ? 'Receive' : 'Open'}
                toggleTestId="toggle-order"
                colSpan={6}
                panel={<OrderPanel order={order} onDone={done} />}
              >
                <td className="nowrap">
                  {formatInstant(order.placedAt)}
                  <div className="hint">{order.placedBy?.displayName}</div>
                </td>
                <td>{order.vendor ?? <span className="none">none</span>}</td>
                <td>{order.lines.map((line) => `${line.itemName} × ${line.quantityOrdered}`).join(', ')}</td>
                <td>
                  <span className={STATUS_PILLS[order.status]} data-testid="order-status">
                    {ORDER_STATUS_LABELS[order.status]}
                  </span>
                </td>
                <td className="nowrap">{order.receivedAt ? formatInstant(order.receivedAt) : '—'}</td>
              </ExpandableRow>
            )}
          </ItemsTable>
        )}
      </Loaded>
      {placing && (
        <PlaceOrderDialog
          onClose={(order) => {
            onPlaced();
            if (order) done(order, 'Order placed.');
          }}
        />
      )}
    </>
  );
}

function OrderPanel({ order, onDone }: { order: SupplyOrder; onDone(order: SupplyOrder, message: string): void }) {
  if (order.status === 'placed') return <ReceiveForm order={order} onDone={onDone} />;
  return (
    <div className="supply-panel" data-testid="order-panel">
      <table className="table order-lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Ordered</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.itemName}</td>
              <td className="number">{line.quantityOrdered}</td>
              <td className="number">{line.quantityReceived ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {order.receivedBy && <p className="hint">Received by {order.receivedBy.displayName}.</p>}
    </div>
  );
}

/** What came for each line (the ordered quantity to start with): receiving posts it to stock, once. */
function ReceiveForm({ order, onDone }: { order: SupplyOrder; onDone(order: SupplyOrder, message: string): void }) {
  const initial = () => Object.fromEntries(order.lines.map((line) => [line.id, String(line.quantityOrdered)]));
  const [received, setReceived] = useState<Record<string, string>>(initial);
  const lines = useLinesSubmit<SupplyOrder>();
  const dirty = order.lines.some((line) => received[line.id] !== String(line.quantityOrdered));
  useLeaveGuard(dirty, 'What came for this order has not been saved.');

  const send = (confirmOverReceipt: boolean) =>
    lines.submit(() =>
      call('supplies.orders.receive', {
        orderId: order.id,
        lines: order.lines.map((line) => ({ lineId: line.id, quantityReceived: typedQuantity(received[line.id]) })),
        confirmOverReceipt,
      }),
    );

  const receive = async (event: FormEvent) => {
    event.preventDefault();
    let result = await send(false);
    const overOrdered = result && !result.ok && (result.error.details as { reason?: string } | undefined)?.reason === 'more_than_ordered';
    if (overOrdered) {
      const keep = await askConfirm({ title: 'More came than was ordered', message: 'Keep the extra in stock? The quantities received are recorded as entered.', confirmLabel: 'Keep the extra', cancelLabel: 'Check the quantities' });
      if (keep) result = await send(true);
    }
    if (result?.ok) onDone(result.value, 'Order received: the stock is updated.');
  };

  const cancelOrder = async () => {
    if (!(await askConfirm({ title: 'Cancel this order?', message: 'Cancel it only if it will not come.', confirmLabel: 'Cancel the order', cancelLabel: 'Keep it' }))) return;
    const result = await lines.submit(() => call('supplies.orders.cancel', { orderId: order.id }));
    if (result?.ok) onDone(result.value, 'Order cancelled.');
  };

  return (
    <form className="supply-panel receive-form" noValidate onSubmit={(e) => void receive(e)} onKeyDown={formKeys(() => setReceived(initial()))} aria-label="Receive the order" data-testid="receive-form">
      {lines.summary && (
        <p className="banner banner-error" role="alert" data-testid="receive-error">
          {lines.summary}
        </p>
      )}
      <table className="table order-lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Ordered</th>
            <th scope="col">Came</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line, index) => {
            const id = `receive-${line.id}`;
            const error = lines.byLine.get(index);
            return (
              <tr key={line.id} data-testid="receive-line">
                <td>
                  <label htmlFor={id}>{line.itemName}</label>
                  <div className="hint">per {line.unit}</div>
                </td>
                <td className="number">{line.quantityOrdered}</td>
                <td>
                  <input
                    id={id}
                    className="quantity-input"
                    inputMode="numeric"
                    value={received[line.id] ?? ''}
                    onChange={(e) => setReceived({ ...received, [line.id]: e.target.value })}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`${id}-error`}
                    autoFocus={index === 0}
                    data-testid="receive-quantity"
                  />
                  <div id={`${id}-error`} className="field-error">
                    {error}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        <button type="submit" className="primary" disabled={lines.busy} data-testid="receive-submit">
          {lines.busy ? 'Receiving…' : 'Receive order'}
        </button>
        <button type="button" className="danger-outline" onClick={() => void cancelOrder()} disabled={lines.busy} data-testid="cancel-order">
          Cancel the order…
        </button>
        <span className="hint">
          <kbd>Enter</kbd> receive · <kbd>Esc</kbd> undo edits. Enter 0 for a line that did not come; a short line is recorded as it came.
        </span>
      </div>
    </form>
  );
}
