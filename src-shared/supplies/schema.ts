import { z } from 'zod';
import { optionalText } from '../patients/schema';

/**
 * Supplies (migration 0008): items, stock movements, orders and their lines. Stock on hand is the
 * sum of an item's movements, never a stored number: a count posts the difference, use posts a
 * negative movement, receiving an order posts what came.
 */
export const MAX_QUANTITY = 1_000_000;
export const MAX_ORDER_LINES = 100;

const itemIdSchema = z.uuid({ error: 'Not a valid supply item id' });
const orderIdSchema = z.uuid({ error: 'Not a valid order id' });

const requiredText = (max: number) => z.string({ error: 'Required' }).trim().min(1, 'Required').max(max, `At most ${max} characters`);

/** A number of units: whole, within the range, with a message saying which rule it broke. */
const quantity = (min: 0 | 1, what = 'quantity') =>
  z
    .number({ error: `Enter the ${what} as a number` })
    .int(`Enter a whole number (no fractions of a unit)`)
    .min(min, min === 0 ? 'Cannot be negative' : 'Enter at least 1')
    .max(MAX_QUANTITY, `At most ${MAX_QUANTITY.toLocaleString('en-US')}`);

export const supplyItemFields = {
  name: requiredText(120),
  /** How it is counted: box, case, each, pack. */
  unit: requiredText(30),
  /** At or below this many on hand, the item is low and joins the reorder list. */
  reorderLevel: quantity(0, 'reorder level'),
  /** How many to order at a time. */
  reorderQuantity: quantity(1, 'reorder quantity'),
  vendor: optionalText(120).default(null),
};

export const supplyItemCreateInput = z.object(supplyItemFields);
export type SupplyItemCreateInput = z.input<typeof supplyItemCreateInput>;

export const supplyItemUpdateInput = z.object({
  id: itemIdSchema,
  name: supplyItemFields.name.optional(),
  unit: supplyItemFields.unit.optional(),
  reorderLevel: supplyItemFields.reorderLevel.optional(),
  reorderQuantity: supplyItemFields.reorderQuantity.optional(),
  vendor: optionalText(120).optional(),
  /** false: no longer stocked (kept for its history, off the reorder list). */
  active: z.boolean().optional(),
});
export type SupplyItemUpdateInput = z.input<typeof supplyItemUpdateInput>;

export const supplyItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  reorderLevel: z.number().int(),
  reorderQuantity: z.number().int(),
  vendor: z.string().nullable(),
  active: z.boolean(),
  /** The sum of the item's movements. */
  onHand: z.number().int(),
  /** Still to come on placed orders. */
  onOrder: z.number().int(),
  /** Active and at or below its reorder level. */
  low: z.boolean(),
  updatedAt: z.string(),
});
export type SupplyItem = z.infer<typeof supplyItemSchema>;

export const supplyItemListInput = z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false });
export const supplyItemListOutput = z.object({ items: z.array(supplyItemSchema) });

export const MOVEMENT_REASONS = ['count', 'received', 'used'] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

export const movementSchema = z.object({ id: z.string(), itemId: z.string(), change: z.number().int(), reason: z.enum(MOVEMENT_REASONS), at: z.string() });
export type StockMovement = z.infer<typeof movementSchema>;

export const stockCountInput = z.object({ itemId: itemIdSchema, counted: quantity(0, 'count') });
export const stockUseInput = z.object({ itemId: itemIdSchema, quantity: quantity(1) });
/** `movement` is null for a count that matched what was on hand (nothing to post). */
export const stockChangeOutput = z.object({ item: supplyItemSchema, movement: movementSchema.nullable() });

export const ORDER_STATUSES = ['placed', 'received', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = { placed: 'Placed', received: 'Received', cancelled: 'Cancelled' };

const orderLineInput = z.object({ itemId: z.uuid({ error: 'Choose an item' }), quantity: quantity(1) });

const orderLinesInput = z
  .array(orderLineInput, { error: 'List what to order' })
  .min(1, 'Add at least one item to order')
  .max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES} lines in one order`)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    lines.forEach((line, index) => {
      if (seen.has(line.itemId)) ctx.addIssue({ code: 'custom', path: [index, 'itemId'], message: 'This item is already on the order: change its quantity instead' });
      seen.add(line.itemId);
    });
  });

export const orderPlaceInput = z.object({ vendor: optionalText(120).default(null), lines: orderLinesInput, note: optionalText(500).default(null) });
export type OrderPlaceInput = z.input<typeof orderPlaceInput>;

export const orderReceiveInput = z.object({
  orderId: orderIdSchema,
  /** What came for each line of the order (0: nothing came); every line once. */
  lines: z
    .array(z.object({ lineId: z.uuid({ error: 'Not a valid order line id' }), quantityReceived: quantity(0, 'quantity received') }), { error: 'Enter what came for each line' })
    .min(1, 'Enter what came for each line')
    .max(MAX_ORDER_LINES),
  /** More than ordered came and the user confirmed keeping it. */
  confirmOverReceipt: z.boolean().default(false),
});
export type OrderReceiveInput = z.input<typeof orderReceiveInput>;

export const orderIdInput = z.object({ orderId: orderIdSchema });

const userRefSchema = z.object({ id: z.string(), displayName: z.string() });

export const orderLineSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  unit: z.string(),
  quantityOrdered: z.number().int(),
  /** Null until the order is received. */
  quantityReceived: z.number().int().nullable(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderSchema = z.object({
  id: z.string(),
  vendor: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  placedAt: z.string(),
  placedBy: userRefSchema.nullable(),
  receivedAt: z.string().nullable(),
  receivedBy: userRefSchema.nullable(),
  note: z.string().nullable(),
  lines: z.array(orderLineSchema),
});
export type SupplyOrder = z.infer<typeof orderSchema>;

export const orderListInput = z.object({ status: z.enum([...ORDER_STATUSES, 'all']).default('all') }).default({ status: 'all' });
export const orderListOutput = z.object({ items: z.array(orderSchema) });

export const reorderItemSchema = z.object({
  item: supplyItemSchema,
  /** The item's reorder quantity, or more when that would still leave it at or below its level. */
  suggestedQuantity: z.number().int(),
  /** What is on hand and on order together is above the reorder level. */
  covered: z.boolean(),
});
export type ReorderItem = z.infer<typeof reorderItemSchema>;

export const reorderListOutput = z.object({ items: z.array(reorderItemSchema) });

/** "Order these": the chosen lines become one order per vendor (the items' own vendors). */
export const reorderOrderInput = z.object({ lines: orderLinesInput });
export const reorderOrderOutput = z.object({ orders: z.array(orderSchema) });
