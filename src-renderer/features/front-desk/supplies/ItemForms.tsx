import { stockCountInput, stockUseInput, supplyItemCreateInput, supplyItemUpdateInput, type SupplyItem, type SupplyItemCreateInput } from '../../../../src-shared/supplies/schema';
import { call } from '../../../lib/rpc';
import { FieldShell } from '../../auth/fields';
import { FormFrame } from '../../record-requests/RequestForms';
import { useRequestForm } from '../../record-requests/useRequestForm';
import { typedQuantity } from './quantity';

interface FormProps<T> {
  onDone(result: T, message: string): void;
  onCancel(): void;
}

const ITEM_FIELDS = ['name', 'unit', 'reorderLevel', 'reorderQuantity', 'vendor', 'active'] as const;
const asQuantity = { setValueAs: typedQuantity };

/** A new item, or the item's details changed (and whether it is still stocked). */
export function ItemForm({ item, onDone, onCancel }: FormProps<SupplyItem> & { item?: SupplyItem }) {
  const form = useRequestForm({
    schema: item ? supplyItemUpdateInput : supplyItemCreateInput,
    defaultValues: {
      ...(item ? { id: item.id, active: item.active } : {}),
      name: item?.name ?? '',
      unit: item?.unit ?? '',
      reorderLevel: item?.reorderLevel ?? '',
      reorderQuantity: item?.reorderQuantity ?? '',
      vendor: item?.vendor ?? '',
    },
    fields: ITEM_FIELDS,
    idPrefix: item ? `supply-edit-${item.id}` : 'supply-new',
    unsavedMessage: item ? 'The changes to this item have not been saved.' : 'This item has not been added yet.',
    // The schema chosen above validated the values: the create schema's when there is no item.
    send: (values) => (item ? call('supplies.items.update', { ...values, id: item.id }) : call('supplies.items.create', values as SupplyItemCreateInput)),
    onDone: (saved: SupplyItem) => onDone(saved, item ? 'Item saved.' : `${saved.name} added: count the shelf to record what is on hand.`),
    onCancel,
  });
  const { register } = form.form;
  const f = form.field;
  return (
    <FormFrame form={form.chrome} title={item ? 'Change the item' : 'Add a supply item'} submitLabel={item ? 'Save item' : 'Add item'} testId={item ? 'supply-edit-form' : 'supply-new-form'}>
      <div className="form-grid form-grid-3 supply-item-grid">
        <FieldShell {...f('name').shell} label="Item" required testId="supply-name">
          <input {...f('name').control} {...register('name')} autoComplete="off" maxLength={120} autoFocus />
        </FieldShell>
        <FieldShell {...f('unit').shell} label="Unit" required hint="box, case, pack, each" testId="supply-unit">
          <input {...f('unit').control} {...register('unit')} autoComplete="off" maxLength={30} />
        </FieldShell>
        <FieldShell {...f('vendor').shell} label="Vendor" testId="supply-vendor">
          <input {...f('vendor').control} {...register('vendor')} autoComplete="off" maxLength={120} />
        </FieldShell>
        <FieldShell {...f('reorderLevel').shell} label="Reorder level" required hint="Low at or below this many" testId="supply-reorderLevel">
          <input {...f('reorderLevel').control} {...register('reorderLevel', asQuantity)} inputMode="numeric" autoComplete="off" />
        </FieldShell>
        <FieldShell {...f('reorderQuantity').shell} label="Reorder quantity" required hint="How many to order at a time" testId="supply-reorderQuantity">
          <input {...f('reorderQuantity').control} {...register('reorderQuantity', asQuantity)} inputMode="numeric" autoComplete="off" />
        </FieldShell>
        {item && (
          <label className="checkbox-line supply-active">
            <input type="checkbox" {...register('active')} data-testid="supply-active" />
            Still stocked (unticked: off the reorder list, kept for its history)
          </label>
        )}
      </div>
    </FormFrame>
  );
}

/** A shelf count: what is there now (the difference is posted). */
export function CountForm({ item, onDone, onCancel }: FormProps<{ item: SupplyItem }> & { item: SupplyItem }) {
  const form = useRequestForm({
    schema: stockCountInput,
    defaultValues: { itemId: item.id, counted: '' },
    fields: ['counted'],
    idPrefix: `supply-count-${item.id}`,
    unsavedMessage: 'This count has not been saved.',
    send: (values) => call('supplies.stock.count', values),
    onDone: (result) => onDone(result, `Counted: ${result.item.onHand} on hand.`),
    onCancel,
  });
  const f = form.field('counted');
  return (
    <FormFrame form={form.chrome} title="Count the shelf" submitLabel="Save count" testId="supply-count-form">
      <FieldShell {...f.shell} label={`On the shelf now (${item.unit})`} required hint={`The records say ${item.onHand}`} testId="supply-counted">
        <input {...f.control} {...form.form.register('counted', asQuantity)} inputMode="numeric" autoComplete="off" autoFocus />
      </FieldShell>
    </FormFrame>
  );
}

/** Units taken from stock. */
export function UseForm({ item, onDone, onCancel }: FormProps<{ item: SupplyItem }> & { item: SupplyItem }) {
  const form = useRequestForm({
    schema: stockUseInput,
    defaultValues: { itemId: item.id, quantity: '' },
    fields: ['quantity'],
    idPrefix: `supply-use-${item.id}`,
    unsavedMessage: 'This use has not been recorded.',
    send: (values) => call('supplies.stock.use', values),
    onDone: (result) => onDone(result, `Recorded: ${result.item.onHand} left.`),
    onCancel,
  });
  const f = form.field('quantity');
  return (
    <FormFrame form={form.chrome} title="Record use" submitLabel="Record use" testId="supply-use-form">
      <FieldShell {...f.shell} label={`Used (${item.unit})`} required hint={`${item.onHand} on hand`} testId="supply-used">
        <input {...f.control} {...form.form.register('quantity', asQuantity)} inputMode="numeric" autoComplete="off" autoFocus />
      </FieldShell>
    </FormFrame>
  );
}
