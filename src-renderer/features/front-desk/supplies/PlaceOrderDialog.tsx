import { useRef, useState, type FormEvent } from 'react';
import type { SupplyOrder } from '../../../../src-shared/supplies/schema';
import { askConfirm } from '../../../lib/confirm';
import { formKeys } from '../../../lib/forms';
import { useLeaveGuard } from '../../../lib/navigation';
import { call } from '../../../lib/rpc';
import { useLoad } from '../../admin/useLoad';
import { FormActions } from '../../shell/FormActions';
import { ModalDialog } from '../../shell/ModalDialog';
import { useSuppliesVersion } from './ItemsView';
import { typedQuantity } from './quantity';
import { useLinesSubmit } from './useLinesSubmit';

interface Line {
  key: number;
  itemId: string;
  quantity: string;
}

const UNSAVED = 'This order has not been placed.';

/** Place an order: a vendor and lines of item and quantity. Enter places it; Esc asks before discarding. */
export function PlaceOrderDialog({ onClose }: { onClose(order: SupplyOrder | null): void }) {
  const version = useSuppliesVersion();
  const [items] = useLoad(() => call('supplies.items.list', {}), version);
  const [vendor, setVendor] = useState('');
  const [lines, setLines] = useState<Line[]>([{ key: 0, itemId: '', quantity: '' }]);
  const sending = useLinesSubmit<SupplyOrder>();
  const firstItem = useRef<HTMLSelectElement>(null);
  const dirty = vendor !== '' || lines.some((line) => line.itemId !== '' || line.quantity !== '');
  useLeaveGuard(dirty, UNSAVED);
  const stocked = items?.ok ? items.value.items : [];

  const update = (key: number, change: Partial<Line>) => setLines(lines.map((line) => (line.key === key ? { ...line, ...change } : line)));
  const chooseItem = (line: Line, itemId: string) => {
    const item = stocked.find((candidate) => candidate.id === itemId);
    update(line.key, { itemId, quantity: line.quantity || String(item?.reorderQuantity ?? '') });
    if (!vendor && item?.vendor) setVendor(item.vendor);
  };
  const place = async (event: FormEvent) => {
    event.preventDefault();
    const result = await sending.submit(() =>
      call('supplies.orders.place', { vendor, lines: lines.map((line) => ({ itemId: line.itemId, quantity: typedQuantity(line.quantity) })), note: null }),
    );
    if (result?.ok) onClose(result.value);
  };
  const leave = async () => {
    if (dirty && !(await askConfirm({ title: 'Discard this order?', message: UNSAVED, confirmLabel: 'Discard', cancelLabel: 'Keep editing' }))) return;
    onClose(null);
  };

  return (
    <ModalDialog className="overlay place-order-dialog" aria-labelledby="place-order-title" data-testid="place-order-dialog" initialFocus={firstItem} onEscape={() => void leave()}>
      <form className="overlay-panel" noValidate onSubmit={(e) => void place(e)} onKeyDown={formKeys(() => void leave())}>
        <h2 id="place-order-title">Place an order</h2>
        {sending.summary && (
          <p className="banner banner-error" role="alert" data-testid="place-order-error">
            {sending.summary}
          </p>
        )}
        <div className="field">
          <label htmlFor="order-vendor">Vendor</label>
          <input id="order-vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} autoComplete="off" maxLength={120} data-testid="order-vendor" />
        </div>
        <table className="table order-lines">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => {
              const id = `order-line-${line.key}`;
              const error = sending.byLine.get(index);
              const unit = stocked.find((item) => item.id === line.itemId)?.unit;
              return (
                <tr key={line.key} data-testid="order-line">
                  <td>
                    <select id={`${id}-item`} value={line.itemId} onChange={(e) => chooseItem(line, e.target.value)} aria-label={`Item ${index + 1}`} ref={index === 0 ? firstItem : undefined} data-testid="order-line-item">
                      <option value="">Choose an item…</option>
                      {stocked.map((item) => (
                        <option key={item.id} value={item.id}>
                          {item.name}
                          {item.vendor ? ` (${item.vendor})` : ''}
                        </option>
                      ))}
                    </select>
                    <div id={`${id}-error`} className="field-error">
                      {error}
                    </div>
                  </td>
                  <td className="nowrap">
                    <input
                      className="quantity-input"
                      inputMode="numeric"
                      value={line.quantity}
                      onChange={(e) => update(line.key, { quantity: e.target.value })}
                      aria-label={`Quantity ${index + 1}`}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={`${id}-error`}
                      data-testid="order-line-quantity"
                    />{' '}
                    <span className="hint">{unit}</span>
                  </td>
                  <td className="cell-actions">
                    {lines.length > 1 && (
                      <button type="button" onClick={() => setLines(lines.filter((other) => other.key !== line.key))} aria-label={`Remove line ${index + 1}`}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" onClick={() => setLines([...lines, { key: Math.max(...lines.map((l) => l.key)) + 1, itemId: '', quantity: '' }])} data-testid="order-add-line">
          Add a line
        </button>
        <FormActions submitLabel="Place order" busyLabel="Placing…" enterAction="place" submitting={sending.busy} onCancel={() => void leave()} testId="place-order-submit" />
      </form>
    </ModalDialog>
  );
}
