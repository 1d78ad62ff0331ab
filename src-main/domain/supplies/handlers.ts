import type { supplyMethods } from '../../../src-shared/supplies/contract';
import type { SupplyOrder } from '../../../src-shared/supplies/schema';
import type { HandlerContext, Handlers } from '../../rpc/router';
import type { AuditAction, AuditDetail } from '../audit/log';
import { countStock, createItem, listItems, updateItem, useStock, type StockChange } from './items';
import { cancelOrder, listOrders, orderFromReorderList, placeOrder, receiveOrder, reorderList } from './orders';

/** Supplies are the clinic's, not a chart's: entries are recorded on the item or order, with ids and numbers only. */
async function audit(ctx: HandlerContext, action: AuditAction, entity: { type: 'supply_item' | 'supply_order'; id: string }, detail: AuditDetail = {}): Promise<void> {
  await ctx.services.audit.record(ctx.db, { action, userId: ctx.session.userId, entityType: entity.type, entityId: entity.id, detail });
}

const itemOf = (id: string) => ({ type: 'supply_item' as const, id });
const orderOf = (order: SupplyOrder) => ({ type: 'supply_order' as const, id: order.id });

/** A count that matched changed nothing and leaves no entry. */
async function auditStock(ctx: HandlerContext, action: AuditAction, change: StockChange): Promise<StockChange> {
  if (change.movement) await audit(ctx, action, itemOf(change.item.id), { movementId: change.movement.id, change: change.movement.change, onHandBefore: change.before, onHandAfter: change.item.onHand });
  return change;
}

async function auditPlaced(ctx: HandlerContext, order: SupplyOrder, fromReorderList: boolean): Promise<SupplyOrder> {
  const units = order.lines.reduce((sum, line) => sum + line.quantityOrdered, 0);
  await audit(ctx, 'supply.order.place', orderOf(order), { lines: order.lines.length, units, fromReorderList });
  return order;
}

export const supplyHandlers: Pick<Handlers, keyof typeof supplyMethods> = {
  'supplies.items.list': async (input, { db }) => ({ items: await listItems(db, input) }),
  'supplies.items.create': async (input, ctx) => {
    const item = await createItem(ctx.db, ctx.clock, input);
    await audit(ctx, 'supply.item.create', itemOf(item.id), { reorderLevel: item.reorderLevel, reorderQuantity: item.reorderQuantity });
    return item;
  },
  'supplies.items.update': async (input, ctx) => {
    const { item, changed } = await updateItem(ctx.db, ctx.clock, input);
    if (changed.length > 0) await audit(ctx, 'supply.item.update', itemOf(item.id), { fields: changed.join(','), active: item.active });
    return item;
  },
  'supplies.stock.count': async (input, ctx) => {
    const { item, movement } = await auditStock(ctx, 'supply.stock.count', await countStock(ctx.db, ctx.clock, ctx.session.userId, input));
    return { item, movement };
  },
  'supplies.stock.use': async (input, ctx) => {
    const { item, movement } = await auditStock(ctx, 'supply.stock.use', await useStock(ctx.db, ctx.clock, ctx.session.userId, input));
    return { item, movement };
  },
  'supplies.orders.list': async ({ status }, { db }) => ({ items: await listOrders(db, status) }),
  'supplies.orders.place': async (input, ctx) => auditPlaced(ctx, await placeOrder(ctx.db, ctx.clock, ctx.session.userId, input), false),
  'supplies.orders.receive': async (input, ctx) => {
    const received = await receiveOrder(ctx.db, ctx.clock, ctx.session.userId, input);
    const { order, unitsReceived, overReceipt, short } = received;
    await audit(ctx, 'supply.order.receive', orderOf(order), { lines: order.lines.length, unitsReceived, overReceipt, short });
    return order;
  },
  'supplies.orders.cancel': async ({ orderId }, ctx) => {
    const order = await cancelOrder(ctx.db, ctx.clock, orderId);
    await audit(ctx, 'supply.order.cancel', orderOf(order));
    return order;
  },
  'supplies.reorder.list': async (_input, { db }) => ({ items: await reorderList(db) }),
  'supplies.reorder.order': async ({ lines }, ctx) => {
    const orders = await orderFromReorderList(ctx.db, ctx.clock, ctx.session.userId, lines);
    for (const order of orders) await auditPlaced(ctx, order, true);
    return { orders };
  },
};
