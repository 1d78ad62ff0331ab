/**
 * Supply items and their stock (migration 0008). Stock on hand is the sum of an item's insert-only
 * movements, read inside the write's transaction: a count posts the difference from that sum, use
 * posts a negative movement and is refused rather than going below zero. Two workstations that
 * post movements offline both count once synced, where a stored total would lose one of them.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import type { MovementReason, StockMovement, SupplyItem } from '../../../src-shared/supplies/schema';
import type { Clock } from '../../clock';
import type { Database, SupplyItemsTable } from '../../db/schema';
import { fieldError } from '../scheduling/common';

export type Db = Kysely<Database>;
type ItemRow = Selectable<SupplyItemsTable>;

/** Items with what is on hand (sum of movements) and on order (lines of placed orders), each read through its item index. */
const itemsQuery = (db: Db) =>
  db
    .selectFrom('supplyItems as i')
    .selectAll('i')
    .select((eb) => [
      eb
        .selectFrom('supplyStockMovements as m')
        .select(sql<number>`coalesce(sum(m.change), 0)`.as('total'))
        .whereRef('m.itemId', '=', 'i.id')
        .as('onHand'),
      eb
        .selectFrom('supplyOrderLines as l')
        .innerJoin('supplyOrders as o', 'o.id', 'l.orderId')
        .select(sql<number>`coalesce(sum(l.quantity_ordered), 0)`.as('total'))
        .whereRef('l.itemId', '=', 'i.id')
        .where('o.status', '=', 'placed')
        .where('l.deletedAt', 'is', null)
        .as('onOrder'),
    ])
    .where('i.deletedAt', 'is', null);

type LoadedItem = ItemRow & { onHand: number | null; onOrder: number | null };

function toItem(row: LoadedItem): SupplyItem {
  const onHand = Number(row.onHand ?? 0);
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    reorderLevel: row.reorderLevel,
    reorderQuantity: row.reorderQuantity,
    vendor: row.vendor,
    active: row.active === 1,
    onHand,
    onOrder: Number(row.onOrder ?? 0),
    low: row.active === 1 && onHand <= row.reorderLevel,
    updatedAt: row.updatedAt,
  };
}

/** Active items by name (every item with includeInactive). */
export async function listItems(db: Db, options: { includeInactive: boolean }): Promise<SupplyItem[]> {
  let query = itemsQuery(db);
  if (!options.includeInactive) query = query.where('i.active', '=', 1);
  const rows = await query.orderBy(sql`i.name COLLATE NOCASE`).orderBy('i.id').execute();
  return rows.map(toItem);
}

/** One item; NOT_FOUND on `field` (`details.reason = 'unknown_item'`) when there is none. */
export async function getItem(db: Db, id: string, field = 'id'): Promise<SupplyItem> {
  const row = await itemsQuery(db).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw fieldError(field, 'No such supply item', 'NOT_FOUND', { reason: 'unknown_item' });
  return toItem(row);
}

export async function createItem(db: Db, clock: Clock, input: ParsedInput<'supplies.items.create'>): Promise<SupplyItem> {
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('supplyItems')
    .values({ id, ...input, active: 1, createdAt: now, updatedAt: now, deletedAt: null })
    .execute();
  return getItem(db, id);
}

/** Changes the fields sent; returns the item and the names of the fields that changed. */
export async function updateItem(db: Db, clock: Clock, input: ParsedInput<'supplies.items.update'>): Promise<{ item: SupplyItem; changed: string[] }> {
  const { id, active, ...fields } = input;
  const before = await getItem(db, id);
  const wanted = { ...fields, ...(active === undefined ? {} : { active }) };
  const changed = Object.entries(wanted)
    .filter(([name, value]) => value !== undefined && value !== before[name as keyof SupplyItem])
    .map(([name]) => name);
  if (changed.length === 0) return { item: before, changed };
  const columnValue = (name: string) => (name === 'active' ? (active ? 1 : 0) : wanted[name as keyof typeof wanted]);
  await db
    .updateTable('supplyItems')
    .set({ ...Object.fromEntries(changed.map((name) => [name, columnValue(name)])), updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
  return { item: await getItem(db, id), changed };
}

/** Posts one movement (never zero: the table refuses it). Call inside a transaction. */
export async function postMovement(
  db: Db,
  clock: Clock,
  movement: { itemId: string; change: number; reason: MovementReason; orderLineId: string | null; byUser: string | null },
): Promise<StockMovement> {
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('supplyStockMovements')
    .values({ id, ...movement, at: now, createdAt: now, updatedAt: now, deletedAt: null })
    .execute();
  return { id, itemId: movement.itemId, change: movement.change, reason: movement.reason, at: now };
}

export interface StockChange {
  item: SupplyItem;
  movement: StockMovement | null;
  /** On hand before the change. */
  before: number;
}

/** A stock count: posts the difference between what was counted and what the movements say; nothing when they agree. */
export async function countStock(db: Db, clock: Clock, userId: string | null, input: ParsedInput<'supplies.stock.count'>): Promise<StockChange> {
  const item = await getItem(db, input.itemId, 'itemId');
  const change = input.counted - item.onHand;
  if (change === 0) return { item, movement: null, before: item.onHand };
  const movement = await postMovement(db, clock, { itemId: item.id, change, reason: 'count', orderLineId: null, byUser: userId });
  return { item: await getItem(db, item.id), movement, before: item.onHand };
}

/** Units taken from stock; refused (CONFLICT, nothing posted) when fewer are on hand. */
export async function useStock(db: Db, clock: Clock, userId: string | null, input: ParsedInput<'supplies.stock.use'>): Promise<StockChange> {
  const item = await getItem(db, input.itemId, 'itemId');
  if (input.quantity > item.onHand) {
    throw fieldError(
      'quantity',
      `Only ${item.onHand} on hand: stock cannot go below zero (count the shelf first if it holds more)`,
      'CONFLICT',
      { reason: 'not_enough_stock', onHand: item.onHand },
    );
  }
  const movement = await postMovement(db, clock, { itemId: item.id, change: -input.quantity, reason: 'used', orderLineId: null, byUser: userId });
  return { item: await getItem(db, item.id), movement, before: item.onHand };
}
