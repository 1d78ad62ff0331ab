import { z } from 'zod';
import { defineMethod } from '../rpc/define';
import {
  orderIdInput,
  orderListInput,
  orderListOutput,
  orderPlaceInput,
  orderReceiveInput,
  orderSchema,
  reorderListOutput,
  reorderOrderInput,
  reorderOrderOutput,
  stockChangeOutput,
  stockCountInput,
  stockUseInput,
  supplyItemCreateInput,
  supplyItemListInput,
  supplyItemListOutput,
  supplyItemSchema,
  supplyItemUpdateInput,
} from './schema';

/**
 * RPC methods of supplies (issue 6). Spread into the one contract (src-shared/rpc/contract.ts).
 * Every method needs `supplies.manage`; every write is audited on its item or order.
 *
 * Stock on hand is the sum of an item's insert-only movements. Refusals say why in
 * `details.reason`: `not_enough_stock` (with `onHand`), `more_than_ordered` (with the `lines` over,
 * until `confirmOverReceipt`), `already_received`, `order_cancelled`, `not_placed`,
 * `item_inactive`, `unknown_item`, `unknown_line`, `missing_line`.
 */
export const supplyMethods = {
  'supplies.items.list': defineMethod({ input: supplyItemListInput, output: supplyItemListOutput, permission: 'supplies.manage', kind: 'read' }),
  'supplies.items.create': defineMethod({ input: supplyItemCreateInput, output: supplyItemSchema, permission: 'supplies.manage', kind: 'write' }),
  /** Changes the fields sent; `active: false` retires the item (kept for its history). */
  'supplies.items.update': defineMethod({ input: supplyItemUpdateInput, output: supplyItemSchema, permission: 'supplies.manage', kind: 'write' }),
  /** A stock count: posts the difference from what the movements say is on hand (nothing when they agree). */
  'supplies.stock.count': defineMethod({ input: stockCountInput, output: stockChangeOutput, permission: 'supplies.manage', kind: 'write' }),
  /** Units taken from stock; refused (CONFLICT `not_enough_stock`) rather than going below zero. */
  'supplies.stock.use': defineMethod({ input: stockUseInput, output: stockChangeOutput, permission: 'supplies.manage', kind: 'write' }),
  /** Newest first. */
  'supplies.orders.list': defineMethod({ input: orderListInput, output: orderListOutput, permission: 'supplies.manage', kind: 'read' }),
  'supplies.orders.place': defineMethod({ input: orderPlaceInput, output: orderSchema, permission: 'supplies.manage', kind: 'write' }),
  /**
   * What came for every line (possibly less than ordered), posted as `received` movements in the
   * same transaction; the order is then received (once: a second time is refused).
   */
  'supplies.orders.receive': defineMethod({ input: orderReceiveInput, output: orderSchema, permission: 'supplies.manage', kind: 'write' }),
  /** A placed order that will not come. */
  'supplies.orders.cancel': defineMethod({ input: orderIdInput, output: orderSchema, permission: 'supplies.manage', kind: 'write' }),
  /** Active items at or below their reorder level, with a suggested quantity and whether placed orders already cover them. */
  'supplies.reorder.list': defineMethod({ input: z.object({}).default({}), output: reorderListOutput, permission: 'supplies.manage', kind: 'read' }),
  /** "Order these": one order per vendor of the chosen items. */
  'supplies.reorder.order': defineMethod({ input: reorderOrderInput, output: reorderOrderOutput, permission: 'supplies.manage', kind: 'write' }),
} as const;
