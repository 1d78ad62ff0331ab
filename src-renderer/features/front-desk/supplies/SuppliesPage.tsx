import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { plainKey, useScreenKeys } from '../../schedule/schedule-keys';
import { ItemsView } from './ItemsView';
import { OrdersView } from './OrdersView';
import { ReorderView } from './ReorderView';

type View = 'items' | 'reorder' | 'orders';

const VIEWS: { path: string; view: View; label: string }[] = [
  { path: '/', view: 'items', label: 'Items' },
  { path: '/reorder', view: 'reorder', label: 'Reorder list' },
  { path: '/orders', view: 'orders', label: 'Orders' },
];

/** Supplies: items and their stock, the reorder list, orders placed and received. A adds an item, O places an order. */
export function SuppliesPage() {
  const [location] = useLocation();
  const tab = VIEWS.find((v) => v.path === location) ?? VIEWS[0]!;
  const [message, setMessage] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [, navigate] = useLocation();

  const addItem = () => {
    navigate('/');
    setAdding(true);
  };
  const placeOrder = () => {
    navigate('/orders');
    setPlacing(true);
  };
  useScreenKeys((event) => {
    if (!plainKey(event)) return false;
    const key = event.key.toLowerCase();
    if (key === 'a') addItem();
    else if (key === 'o') placeOrder();
    else return false;
    return true;
  });

  return (
    <section className="page page-wide supplies-page" aria-labelledby="supplies-title" data-testid="supplies-page">
      <div className="page-head">
        <div>
          <h1 id="supplies-title">Supplies</h1>
          <p className="subtle">Stock on hand is what was counted, received and used. An item at or below its reorder level is low.</p>
        </div>
        <div className="page-actions">
          <button type="button" onClick={addItem} data-testid="supplies-add-item">
            Add an item <kbd>A</kbd>
          </button>
          <button type="button" className="primary" onClick={placeOrder} data-testid="supplies-place-order">
            Place an order <kbd>O</kbd>
          </button>
        </div>
      </div>
      <nav className="tabs" aria-label="Supplies">
        {VIEWS.map((v) => (
          <Link key={v.view} href={v.path} className={v === tab ? 'tab current' : 'tab'} aria-current={v === tab ? 'page' : undefined} data-testid={`supplies-view-${v.view}`}>
            {v.label}
          </Link>
        ))}
      </nav>
      {message && (
        <div className="banner banner-info" role="status" data-testid="supplies-message">
          {message}
        </div>
      )}
      {tab.view === 'items' && <ItemsView adding={adding} onAdded={() => setAdding(false)} notify={setMessage} />}
      {tab.view === 'reorder' && <ReorderView notify={setMessage} />}
      {tab.view === 'orders' && <OrdersView placing={placing} onPlaced={() => setPlacing(false)} notify={setMessage} />}
    </section>
  );
}
