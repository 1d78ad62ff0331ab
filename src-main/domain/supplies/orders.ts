/**
 * Supply orders (migration 0008): placed with lines of item and quantity, received once (what came
 * per line, possibly less than ordered, posted as `received` movements in the same transaction),
 * or cancelled. The reorder list is the active items at or below their reorder level; "Order
 * these" places one order per vendor.
 */
import { sql, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import type { AppError } from '../../../src-shared/rpc/errors';
import type { OrderStatus, ReorderItem, SupplyOrder } from '../../../src-shared/supplies/schema';
import type { Clock } from '../../clock';
import type { SupplyOrdersTable } from '../../db/schema';
import { fieldError } from '../scheduling/common';
import { getItem, listItems, postMovement, type Db } from './items';

type OrderRow = Selectable<SupplyOrdersTable>;
type OrderLinesInput = ParsedInput<'supplies.orders.place'>['lines'];

async function toOrders(db: Db, rows: readonly OrderRow[]): Promise<SupplyOrder[]> {
  if (rows.length === 0) return [];
  const orderIds = JSON.stringify(rows.map((row) => row.id));
  const userIds = JSON.stringify([...new Set(rows.flatMap((row) => [row.placedBy, row.receivedBy].filter((id): id is string => id !== null)))]);
  const [lines, users] = await Promise.all([
    db
      .selectFrom('supplyOrderLines as l')
      .innerJoin('supplyItems as i', 'i.id', 'l.itemId')
      .select(['l.id', 'l.orderId', 'l.itemId', 'i.name as itemName', 'i.unit', 'l.quantityOrdered', 'l.quantityReceived'])
      .where('l.orderId', 'in', sql<string>`(SELECT value FROM json_each(${orderIds}))`)
      .where('l.deletedAt', 'is', null)
      .orderBy('l.pk')
      .execute(),
    db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', sql<string>`(SELECT value FROM json_each(${userIds}))`).execute(),
  ]);
  const names = new Map(users.map((user) => [user.id, user]));
  const userRef = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return rows.map((row) => ({
    id: row.id,
    vendor: row.vendor,
    status: row.status,
    placedAt: row.placedAt,
    placedBy: userRef(row.placedBy),
    receivedAt: row.receivedAt,
    receivedBy: userRef(row.receivedBy),
    note: row.note,
    lines: lines.filter((line) => line.orderId === row.id).map(({ orderId: _orderId, ...line }) => line),
  }));
}

async function findOrder(db: Db, id: string): Promise<OrderRow> {
  const row = await db.selectFrom('supplyOrders').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError('orderId', 'No such order', 'NOT_FOUND', { reason: 'unknown_order' });
  return row;
}

export async function getOrder(db: Db, id: string): Promise<SupplyOrder> {
  const [order] = await toOrders(db, [await findOrder(db, id)]);
  return order!;
}

/** Newest first. */
export async function listOrders(db: Db, status: OrderStatus | 'all'): Promise<SupplyOrder[]> {
  let query = db.selectFrom('supplyOrders').selectAll().where('deletedAt', 'is', null);
  if (status !== 'all') query = query.where('status', '=', status);
  return toOrders(db, await query.orderBy('placedAt', 'desc').orderBy('pk', 'desc').execute());
}

/** Every line's item must exist and still be stocked. */
async function checkOrderable(db: Db, lines: OrderLinesInput): Promise<void> {
  for (const [index, line] of lines.entries()) {
    const field = `lines.${index}.itemId`;
    const item = await getItem(db, line.itemId, field);
    if (!item.active) throw fieldError(field, 'This item is no longer stocked: make it active again to order it', 'CONFLICT', { reason: 'item_inactive', itemId: item.id });
  }
}

/** Places an order. Call inside a transaction. */
export async function placeOrder(db: Db, clock: Clock, userId: string | null, input: ParsedInput<'supplies.orders.place'>): Promise<SupplyOrder> {
  await checkOrderable(db, input.lines);
  const now = clock.now().toISOString();
  const orderId = uuidv7();
  await db
    .insertInto('supplyOrders')
    .values({ id: orderId, vendor: input.vendor, status: 'placed', placedAt: now, placedBy: userId, receivedAt: null, receivedBy: null, note: input.note, createdAt: now, updatedAt: now, deletedAt: null })
    .execute();
  await db
    .insertInto('supplyOrderLines')
    .values(input.lines.map((line) => ({ id: uuidv7(), orderId, itemId: line.itemId, quantityOrdered: line.quantity, quantityReceived: null, createdAt: now, updatedAt: now, deletedAt: null })))
    .execute();
  return getOrder(db, orderId);
}

/** Why an order that is not placed cannot be received or cancelled. */
function notPlaced(row: OrderRow, doing: 'receive' | 'cancel'): AppError {
  if (row.status === 'received') {
    const message = doing === 'receive' ? 'This order was already received: its stock is in' : 'This order was received: it cannot be cancelled';
    return fieldError('orderId', message, 'CONFLICT', { reason: 'already_received' });
  }
  const message = doing === 'receive' ? 'This order was cancelled: place a new one for what came' : 'This order is already cancelled';
  return fieldError('orderId', message, 'CONFLICT', { reason: 'order_cancelled' });
}

export interface Received {
  order: SupplyOrder;
  unitsReceived: number;
  /** Some line came with more than was ordered (the user confirmed it). */
  overReceipt: boolean;
  /** Some line came with less than was ordered. */
  short: boolean;
}

/**
 * Receives an order once: what came for every line, posted as `received` movements, and the order
 * marked received, in the caller's transaction. More than ordered needs `confirmOverReceipt`.
 */
export async function receiveOrder(db: Db, clock: Clock, userId: string | null, input: ParsedInput<'supplies.orders.receive'>): Promise<Received> {
  const row = await findOrder(db, input.orderId);
  if (row.status !== 'placed') throw notPlaced(row, 'receive');
  const lines = await db.selectFrom('supplyOrderLines').select(['id', 'itemId', 'quantityOrdered']).where('orderId', '=', row.id).where('deletedAt', 'is', null).execute();
  const byId = new Map(lines.map((line) => [line.id, line]));
  const given = new Set<string>();
  for (const [index, entry] of input.lines.entries()) {
    const field = `lines.${index}.lineId`;
    if (!byId.has(entry.lineId)) throw fieldError(field, 'This line is not on this order', 'VALIDATION', { reason: 'unknown_line' });
    if (given.has(entry.lineId)) throw fieldError(field, 'This line is listed twice', 'VALIDATION', { reason: 'unknown_line' });
    given.add(entry.lineId);
  }
  const missing = lines.filter((line) => !given.has(line.id));
  if (missing.length > 0) {
    throw fieldError('lines', 'Enter what came for every line of the order (0 when nothing came)', 'VALIDATION', { reason: 'missing_line', lineIds: missing.map((line) => line.id) });
  }
  const over = input.lines.filter((entry) => entry.quantityReceived > byId.get(entry.lineId)!.quantityOrdered);
  if (over.length > 0 && !input.confirmOverReceipt) {
    const index = input.lines.indexOf(over[0]!);
    throw fieldError(`lines.${index}.quantityReceived`, 'More came than was ordered: confirm to keep the extra in stock', 'CONFLICT', {
      reason: 'more_than_ordered',
      lines: over.map((entry) => ({ lineId: entry.lineId, ordered: byId.get(entry.lineId)!.quantityOrdered, received: entry.quantityReceived })),
    });
  }
  const now = clock.now().toISOString();
  for (const entry of input.lines) {
    await db.updateTable('supplyOrderLines').set({ quantityReceived: entry.quantityReceived, updatedAt: now }).where('id', '=', entry.lineId).execute();
    if (entry.quantityReceived > 0) {
      await postMovement(db, clock, { itemId: byId.get(entry.lineId)!.itemId, change: entry.quantityReceived, reason: 'received', orderLineId: entry.lineId, byUser: userId });
    }
  }
  await db.updateTable('supplyOrders').set({ status: 'received', receivedAt: now, receivedBy: userId, updatedAt: now }).where('id', '=', row.id).execute();
  return {
    order: await getOrder(db, row.id),
    unitsReceived: input.lines.reduce((sum, entry) => sum + entry.quantityReceived, 0),
    overReceipt: over.length > 0,
    short: input.lines.some((entry) => entry.quantityReceived < byId.get(entry.lineId)!.quantityOrdered),
  };
}

export async function cancelOrder(db: Db, clock: Clock, orderId: string): Promise<SupplyOrder> {
  const row = await findOrder(db, orderId);
  if (row.status !== 'placed') throw notPlaced(row, 'cancel');
  await db.updateTable('supplyOrders').set({ status: 'cancelled', updatedAt: clock.now().toISOString() }).where('id', '=', row.id).execute();
  return getOrder(db, row.id);
}

/** Active items at or below their reorder level, by vendor then name (an item without a vendor last). */
export async function reorderList(db: Db): Promise<ReorderItem[]> {
  const low = (await listItems(db, { includeInactive: false })).filter((item) => item.low);
  low.sort((a, b) => Number(a.vendor === null) - Number(b.vendor === null) || (a.vendor ?? '').localeCompare(b.vendor ?? '', 'en', { sensitivity: 'base' }));
  return low.map((item) => ({
    item,
    suggestedQuantity: Math.max(item.reorderQuantity, item.reorderLevel - item.onHand + 1),
    covered: item.onHand + item.onOrder > item.reorderLevel,
  }));
}

/** "Order these": one order per vendor of the chosen items (vendors told apart regardless of case), in the caller's transaction. */
export async function orderFromReorderList(db: Db, clock: Clock, userId: string | null, lines: OrderLinesInput): Promise<SupplyOrder[]> {
  await checkOrderable(db, lines);
  const groups = new Map<string, { vendor: string | null; lines: OrderLinesInput }>();
  for (const line of lines) {
    const { vendor } = await getItem(db, line.itemId);
    const key = vendor?.toLowerCase() ?? '';
    const group = groups.get(key) ?? { vendor, lines: [] };
    group.lines.push(line);
    groups.set(key, group);
  }
  const orders: SupplyOrder[] = [];
  for (const group of groups.values()) orders.push(await placeOrder(db, clock, userId, { vendor: group.vendor, lines: group.lines, note: null }));
  return orders;
}
