import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { MethodName } from '../../../src-shared/rpc/contract';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import type { ReorderItem, StockMovement, SupplyItem, SupplyItemCreateInput, SupplyOrder } from '../../../src-shared/supplies/schema';
import { addUser, auditRows, freshAdminAppPerTest, valueOf, type TestAppWithAdmin } from '../../support/test-app';
import { errorOf } from '../scheduling/support';

let opened: TestAppWithAdmin;
let deskSession: string;
freshAdminAppPerTest((o) => {
  opened = o;
});

async function setUp(): Promise<void> {
  deskSession = (await addUser(opened.app, opened.admin.sessionId, 'front_desk')).sessionId;
}

const call = (method: MethodName, input: unknown): Promise<RpcResult<unknown>> => opened.app.dispatch(method, input, deskSession);
const ok = async <T,>(method: MethodName, input: unknown) => valueOf<T>(await call(method, input), method);
const refused = async (method: MethodName, input: unknown) => errorOf(await call(method, input));

const SUPPLY_TABLES = ['supply_items', 'supply_orders', 'supply_order_lines', 'supply_stock_movements', 'sync_ops', 'audit_log'];

/** Every supply row and the op and audit logs: what a refusal must leave as it was. */
function supplyState() {
  const sqlite = opened.app.database.sqlite;
  return Object.fromEntries(SUPPLY_TABLES.map((table) => [table, sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()]));
}

async function refusedUnchanged(method: MethodName, input: unknown): Promise<RpcError> {
  const before = supplyState();
  const error = await refused(method, input);
  expect(supplyState()).toEqual(before);
  return error;
}

const gloves: SupplyItemCreateInput = { name: 'Exam gloves, medium', unit: 'box', reorderLevel: 5, reorderQuantity: 10, vendor: 'MedSupply' };
const createItem = (input: Partial<SupplyItemCreateInput> = {}) => ok<SupplyItem>('supplies.items.create', { ...gloves, ...input });
const count = (itemId: string, counted: number) => ok<{ item: SupplyItem; movement: StockMovement | null }>('supplies.stock.count', { itemId, counted });
const use = (itemId: string, quantity: number) => ok<{ item: SupplyItem; movement: StockMovement | null }>('supplies.stock.use', { itemId, quantity });
const place = (lines: { itemId: string; quantity: number }[], vendor: string | null = 'MedSupply') => ok<SupplyOrder>('supplies.orders.place', { vendor, lines });
const receiveAll = (order: SupplyOrder, received: (ordered: number) => number = (n) => n, confirmOverReceipt = false) =>
  ok<SupplyOrder>('supplies.orders.receive', { orderId: order.id, lines: order.lines.map((line) => ({ lineId: line.id, quantityReceived: received(line.quantityOrdered) })), confirmOverReceipt });
const itemNamed = async (id: string) => (await ok<{ items: SupplyItem[] }>('supplies.items.list', { includeInactive: true })).items.find((item) => item.id === id)!;
const reorder = async () => (await ok<{ items: ReorderItem[] }>('supplies.reorder.list', {})).items;

/** Stock on hand straight from the table: the sum of the item's movements. */
const movementSum = (itemId: string) =>
  opened.app.database.sqlite.prepare('SELECT coalesce(sum(change), 0) FROM supply_stock_movements WHERE item_id = ?').pluck().get(itemId) as number;
const supplyAudits = async () => (await auditRows(opened.app)).filter((row) => row.action.startsWith('supply.'));

describe('supply items and stock', () => {
  it('adds an item with nothing on hand (so low), and changes it, audited by id and numbers only', async () => {
    await setUp();
    const item = await createItem();
    expect(item).toMatchObject({ ...gloves, active: true, onHand: 0, onOrder: 0, low: true });
    const changed = await ok<SupplyItem>('supplies.items.update', { id: item.id, reorderLevel: 8, vendor: ' ', active: false });
    expect(changed).toMatchObject({ reorderLevel: 8, vendor: null, active: false, low: false });
    // Nothing to change: no entry.
    await ok('supplies.items.update', { id: item.id, reorderLevel: 8 });
    const audits = await supplyAudits();
    expect(audits.map((a) => [a.action, a.entityType, a.entityId])).toEqual([
      ['supply.item.create', 'supply_item', item.id],
      ['supply.item.update', 'supply_item', item.id],
    ]);
    expect(JSON.parse(audits[1]!.detail)).toEqual({ fields: 'reorderLevel,vendor,active', active: false });
    expect(audits.map((a) => a.detail).join()).not.toContain('gloves');
    expect((await ok<{ items: SupplyItem[] }>('supplies.items.list', {})).items).toEqual([]);
    expect((await ok<{ items: SupplyItem[] }>('supplies.items.list', { includeInactive: true })).items.map((i) => i.id)).toEqual([item.id]);
  });

  it('derives stock on hand from movements: a count posts the difference, use a negative movement', async () => {
    await setUp();
    const { id } = await createItem();
    const first = await count(id, 12);
    expect(first.movement).toMatchObject({ change: 12, reason: 'count' });
    expect(first.item).toMatchObject({ onHand: 12, low: false });
    expect((await use(id, 5)).item.onHand).toBe(7);
    const recount = await count(id, 10);
    expect(recount.movement).toMatchObject({ change: 3, reason: 'count' });
    expect(recount.item.onHand).toBe(10);
    expect(movementSum(id)).toBe(10);
    // A count that matches posts nothing and leaves no audit entry.
    const audits = (await supplyAudits()).length;
    expect(await count(id, 10)).toMatchObject({ movement: null, item: { onHand: 10 } });
    expect((await supplyAudits()).length).toBe(audits);
    expect((await use(id, 6)).item).toMatchObject({ onHand: 4, low: true });
    const changes = opened.app.database.sqlite.prepare('SELECT change, reason FROM supply_stock_movements WHERE item_id = ? ORDER BY pk').all(id);
    expect(changes).toEqual([
      { change: 12, reason: 'count' },
      { change: -5, reason: 'used' },
      { change: 3, reason: 'count' },
      { change: -6, reason: 'used' },
    ]);
    expect(JSON.parse((await supplyAudits()).at(-1)!.detail)).toMatchObject({ change: -6, onHandBefore: 10, onHandAfter: 4 });
  });

  it('refuses use below zero, bad quantities and unknown items with specific errors, changing nothing', async () => {
    await setUp();
    const { id } = await createItem();
    await count(id, 3);
    const below = await refusedUnchanged('supplies.stock.use', { itemId: id, quantity: 4 });
    expect(below).toMatchObject({ code: 'CONFLICT', details: { reason: 'not_enough_stock', onHand: 3 } });
    expect(below.fields?.quantity).toBe('Only 3 on hand: stock cannot go below zero (count the shelf first if it holds more)');
    expect((await refusedUnchanged('supplies.stock.use', { itemId: id, quantity: -2 })).fields?.quantity).toBe('Enter at least 1');
    expect((await refusedUnchanged('supplies.stock.use', { itemId: id, quantity: 0 })).fields?.quantity).toBe('Enter at least 1');
    expect((await refusedUnchanged('supplies.stock.use', { itemId: id, quantity: 1.5 })).fields?.quantity).toBe('Enter a whole number (no fractions of a unit)');
    expect((await refusedUnchanged('supplies.stock.count', { itemId: id, counted: -1 })).fields?.counted).toBe('Cannot be negative');
    expect((await refusedUnchanged('supplies.stock.count', { itemId: id, counted: '7' })).fields?.counted).toBe('Enter the count as a number');
    const unknown = await refusedUnchanged('supplies.stock.count', { itemId: uuidv7(), counted: 4 });
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', fields: { itemId: 'No such supply item' }, details: { reason: 'unknown_item' } });
    expect((await refusedUnchanged('supplies.items.create', { ...gloves, reorderQuantity: 0 })).fields?.reorderQuantity).toBe('Enter at least 1');
    expect((await refusedUnchanged('supplies.items.create', { ...gloves, reorderLevel: -1 })).fields?.reorderLevel).toBe('Cannot be negative');
    expect((await refusedUnchanged('supplies.items.update', { id: uuidv7(), unit: 'case' })).code).toBe('NOT_FOUND');
    expect(movementSum(id)).toBe(3);
  });

  it('keeps stock from going below zero when two uses race (movements are read inside the write)', async () => {
    await setUp();
    const { id } = await createItem();
    await count(id, 5);
    const results = await Promise.all([call('supplies.stock.use', { itemId: id, quantity: 4 }), call('supplies.stock.use', { itemId: id, quantity: 3 })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r as { error: RpcError }).error.details)).toEqual([expect.objectContaining({ reason: 'not_enough_stock' })]);
    expect(movementSum(id)).toBeGreaterThanOrEqual(0);
    expect([1, 2]).toContain(movementSum(id));
  });
});

describe('supply orders', () => {
  it('receives an order once: partial lines post received movements and update stock in the same write', async () => {
    await setUp();
    const a = await createItem();
    const b = await createItem({ name: 'Syringes 3 ml', unit: 'pack', reorderLevel: 2, reorderQuantity: 4 });
    await count(a.id, 2);
    const order = await place([
      { itemId: a.id, quantity: 10 },
      { itemId: b.id, quantity: 4 },
    ]);
    expect(order).toMatchObject({ vendor: 'MedSupply', status: 'placed', receivedAt: null, lines: [{ itemId: a.id, itemName: 'Exam gloves, medium', quantityOrdered: 10, quantityReceived: null }, { itemId: b.id, quantityOrdered: 4 }] });
    expect(await itemNamed(a.id)).toMatchObject({ onHand: 2, onOrder: 10 });

    const received = await ok<SupplyOrder>('supplies.orders.receive', {
      orderId: order.id,
      lines: [
        { lineId: order.lines[0]!.id, quantityReceived: 8 },
        { lineId: order.lines[1]!.id, quantityReceived: 0 },
      ],
    });
    expect(received).toMatchObject({ status: 'received', receivedAt: opened.clock.now().toISOString(), lines: [{ quantityReceived: 8 }, { quantityReceived: 0 }] });
    expect(received.receivedBy?.displayName).toBe('Test front.desk');
    expect(await itemNamed(a.id)).toMatchObject({ onHand: 10, onOrder: 0 });
    expect(await itemNamed(b.id)).toMatchObject({ onHand: 0, onOrder: 0 });
    const movements = opened.app.database.sqlite.prepare(`SELECT item_id AS itemId, change, order_line_id AS lineId FROM supply_stock_movements WHERE reason = 'received'`).all();
    expect(movements).toEqual([{ itemId: a.id, change: 8, lineId: order.lines[0]!.id }]);
    expect(JSON.parse((await supplyAudits()).at(-1)!.detail)).toEqual({ lines: 2, unitsReceived: 8, overReceipt: false, short: true });

    const twice = await refusedUnchanged('supplies.orders.receive', { orderId: order.id, lines: received.lines.map((line) => ({ lineId: line.id, quantityReceived: line.quantityOrdered })) });
    expect(twice).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_received' } });
    expect(movementSum(a.id)).toBe(10);
  });

  it('posts a concurrent second receipt of the same order never: stock counts it once', async () => {
    await setUp();
    const { id } = await createItem();
    const order = await place([{ itemId: id, quantity: 6 }]);
    const input = { orderId: order.id, lines: [{ lineId: order.lines[0]!.id, quantityReceived: 6 }] };
    const results = await Promise.all([call('supplies.orders.receive', input), call('supplies.orders.receive', input)]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(movementSum(id)).toBe(6);
  });

  it('asks before keeping more than was ordered, and refuses lines that do not match the order', async () => {
    await setUp();
    const { id } = await createItem();
    const other = await createItem({ name: 'Masks' });
    const order = await place([
      { itemId: id, quantity: 5 },
      { itemId: other.id, quantity: 5 },
    ]);
    const [first, second] = order.lines;
    const over = await refusedUnchanged('supplies.orders.receive', {
      orderId: order.id,
      lines: [
        { lineId: first!.id, quantityReceived: 5 },
        { lineId: second!.id, quantityReceived: 7 },
      ],
    });
    expect(over).toMatchObject({ code: 'CONFLICT', details: { reason: 'more_than_ordered', lines: [{ lineId: second!.id, ordered: 5, received: 7 }] } });
    expect(over.fields?.['lines.1.quantityReceived']).toBe('More came than was ordered: confirm to keep the extra in stock');
    const missing = await refusedUnchanged('supplies.orders.receive', { orderId: order.id, lines: [{ lineId: first!.id, quantityReceived: 5 }] });
    expect(missing).toMatchObject({ code: 'VALIDATION', details: { reason: 'missing_line', lineIds: [second!.id] } });
    const foreign = await refusedUnchanged('supplies.orders.receive', { orderId: order.id, lines: [{ lineId: uuidv7(), quantityReceived: 5 }] });
    expect(foreign).toMatchObject({ code: 'VALIDATION', details: { reason: 'unknown_line' }, fields: { 'lines.0.lineId': 'This line is not on this order' } });
    expect((await refusedUnchanged('supplies.orders.receive', { orderId: order.id, lines: [{ lineId: first!.id, quantityReceived: -1 }] })).fields?.['lines.0.quantityReceived']).toBe('Cannot be negative');
    expect((await refusedUnchanged('supplies.orders.receive', { orderId: uuidv7(), lines: [{ lineId: first!.id, quantityReceived: 1 }] })).code).toBe('NOT_FOUND');

    await receiveAll(order, (ordered) => ordered + 2, true);
    expect((await itemNamed(other.id)).onHand).toBe(7);
    expect(JSON.parse((await supplyAudits()).at(-1)!.detail)).toMatchObject({ overReceipt: true, short: false });
  });

  it('refuses orders of unknown or retired items, empty orders and bad quantities; cancels a placed order only', async () => {
    await setUp();
    const { id } = await createItem();
    const retired = await createItem({ name: 'Old tape' });
    await ok('supplies.items.update', { id: retired.id, active: false });
    expect((await refusedUnchanged('supplies.orders.place', { vendor: null, lines: [] })).fields?.lines).toBe('Add at least one item to order');
    expect((await refusedUnchanged('supplies.orders.place', { vendor: null, lines: [{ itemId: uuidv7(), quantity: 1 }] })).details).toEqual({ reason: 'unknown_item' });
    expect((await refusedUnchanged('supplies.orders.place', { vendor: null, lines: [{ itemId: retired.id, quantity: 1 }] })).details).toMatchObject({ reason: 'item_inactive' });
    expect((await refusedUnchanged('supplies.orders.place', { vendor: null, lines: [{ itemId: id, quantity: 2.5 }] })).fields?.['lines.0.quantity']).toBe('Enter a whole number (no fractions of a unit)');
    const twice = await refusedUnchanged('supplies.orders.place', { vendor: null, lines: [{ itemId: id, quantity: 1 }, { itemId: id, quantity: 2 }] });
    expect(twice.fields?.['lines.1.itemId']).toBe('This item is already on the order: change its quantity instead');

    const order = await place([{ itemId: id, quantity: 3 }]);
    expect((await ok<SupplyOrder>('supplies.orders.cancel', { orderId: order.id })).status).toBe('cancelled');
    expect((await refusedUnchanged('supplies.orders.cancel', { orderId: order.id })).details).toEqual({ reason: 'order_cancelled' });
    expect((await refusedUnchanged('supplies.orders.receive', { orderId: order.id, lines: [{ lineId: order.lines[0]!.id, quantityReceived: 3 }] })).details).toEqual({ reason: 'order_cancelled' });
    const received = await receiveAll(await place([{ itemId: id, quantity: 1 }]));
    expect((await refusedUnchanged('supplies.orders.cancel', { orderId: received.id })).details).toEqual({ reason: 'already_received' });
    const statuses = async (status: string) => (await ok<{ items: SupplyOrder[] }>('supplies.orders.list', { status })).items.map((o) => o.id);
    expect(await statuses('all')).toEqual([received.id, order.id]);
    expect(await statuses('cancelled')).toEqual([order.id]);
    expect(await statuses('placed')).toEqual([]);
  });
});

describe('the reorder list', () => {
  it('lists low active items with a suggested quantity, says when placed orders cover them, and empties as orders are received', async () => {
    await setUp();
    const a = await createItem({ name: 'Gauze', reorderLevel: 5, reorderQuantity: 10 });
    const b = await createItem({ name: 'Alcohol pads', vendor: 'CleanCo', reorderLevel: 20, reorderQuantity: 10 });
    const c = await createItem({ name: 'Tongue depressors', vendor: null, reorderLevel: 1, reorderQuantity: 3 });
    const fine = await createItem({ name: 'Cotton balls' });
    await count(a.id, 5);
    await count(b.id, 2);
    await count(c.id, 1);
    await count(fine.id, 50);
    const list = await reorder();
    // By vendor (no vendor last), then name.
    expect(list.map((r) => [r.item.name, r.suggestedQuantity, r.covered])).toEqual([
      ['Alcohol pads', 19, false],
      ['Gauze', 10, false],
      ['Tongue depressors', 3, false],
    ]);

    const { orders } = await ok<{ orders: SupplyOrder[] }>('supplies.reorder.order', {
      lines: list.map((r) => ({ itemId: r.item.id, quantity: r.suggestedQuantity })),
    });
    expect(orders.map((o) => [o.vendor, o.lines.map((l) => [l.itemName, l.quantityOrdered])])).toEqual([
      ['CleanCo', [['Alcohol pads', 19]]],
      ['MedSupply', [['Gauze', 10]]],
      [null, [['Tongue depressors', 3]]],
    ]);
    expect((await supplyAudits()).filter((a) => a.action === 'supply.order.place').map((a) => JSON.parse(a.detail) as unknown)).toEqual([
      { lines: 1, units: 19, fromReorderList: true },
      { lines: 1, units: 10, fromReorderList: true },
      { lines: 1, units: 3, fromReorderList: true },
    ]);
    expect((await reorder()).map((r) => [r.item.name, r.covered, r.item.onOrder])).toEqual([
      ['Alcohol pads', true, 19],
      ['Gauze', true, 10],
      ['Tongue depressors', true, 3],
    ]);

    await receiveAll(orders[1]!);
    expect((await reorder()).map((r) => r.item.name)).toEqual(['Alcohol pads', 'Tongue depressors']);
    expect(await itemNamed(a.id)).toMatchObject({ onHand: 15, low: false });
  });
});

describe('permissions', () => {
  it('keeps supplies to users with supplies.manage', async () => {
    await setUp();
    const provider = await addUser(opened.app, opened.admin.sessionId, 'provider');
    expect(errorOf(await opened.app.dispatch('supplies.items.list', {}, provider.sessionId)).code).toBe('FORBIDDEN');
    expect(errorOf(await opened.app.dispatch('supplies.items.create', gloves, provider.sessionId)).code).toBe('FORBIDDEN');
  });
});
