import { useState, type ComponentType, type ReactNode } from 'react';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { Loaded } from '../admin/Loaded';
import { ExpandableRow, ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';

interface Registered {
  id: string;
  active: boolean;
}

/** The add / edit form of one record: `item` null adds a new one. */
export type RegistryFormProps<T> = { item: T | null; onSaved(message: string): void; onCancel(): void };

interface RegistryPageProps<T extends Registered> {
  /** Names the page's data-testids: `${testId}-page`, `${testId}-table`, `new-${noun}` … */
  testId: string;
  title: string;
  intro: string;
  /** "provider", "payer" */
  noun: string;
  /** The synced table, to reload when it changes anywhere. */
  table: string;
  load(): Promise<RpcResult<{ items: T[] }>>;
  columns: readonly string[];
  cells(item: T): ReactNode;
  nameOf(item: T): string;
  /** What deactivating means for the people using the app. */
  deactivateMessage(item: T): string;
  update(input: { id: string; active: boolean }): Promise<RpcResult<unknown>>;
  Form: ComponentType<RegistryFormProps<T>>;
}

/**
 * An Admin list of records that are never deleted, only made inactive (other records refer to
 * them): all of them, the inactive ones muted; a form to add one; each row opens its edit form
 * with deactivate / reactivate.
 */
export function RegistryPage<T extends Registered>(props: RegistryPageProps<T>) {
  const { testId, title, intro, noun, Form } = props;
  const version = useTableVersion(props.table);
  const [result, reload] = useLoad(props.load, version);
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const done = (text: string) => {
    setMessage(text);
    reload();
  };

  return (
    <section className="page page-wide registry-page" aria-labelledby={`${testId}-title`} data-testid={`${testId}-page`}>
      <div className="page-head">
        <div>
          <h1 id={`${testId}-title`}>{title}</h1>
          <p className="subtle">{intro}</p>
        </div>
        {!adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)} data-testid={`new-${noun}`}>
            New {noun}
          </button>
        )}
      </div>
      {message && (
        <div className="banner banner-info" role="status" data-testid={`${testId}-message`}>
          {message}
        </div>
      )}
      {adding && (
        <div className="panel registry-new" data-testid={`new-${noun}-panel`}>
          <h2>New {noun}</h2>
          <Form
            item={null}
            onCancel={() => setAdding(false)}
            onSaved={(text) => {
              setAdding(false);
              done(text);
            }}
          />
        </div>
      )}
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={[...props.columns, 'Status']}
            actions
            testId={`${testId}-table`}
            empty={
              <p className="none" data-testid={`${testId}-empty`}>
                No {noun}s yet.
              </p>
            }
          >
            {(item) => (
              <ExpandableRow
                key={item.id}
                data-testid={`${noun}-row`}
                className={item.active ? undefined : 'row-muted'}
                open={open === item.id}
                onToggle={() => setOpen(open === item.id ? null : item.id)}
                toggleLabel="Edit"
                toggleTestId={`edit-${noun}`}
                colSpan={props.columns.length + 2}
                panel={
                  <RegistryEditor
                    {...props}
                    item={item}
                    onClose={() => setOpen(null)}
                    onDone={(text) => {
                      setOpen(null);
                      done(text);
                    }}
                  />
                }
              >
                {props.cells(item)}
                <td>
                  <span className={item.active ? 'pill pill-ok' : 'pill pill-muted'} data-testid={`${noun}-status`}>
                    {item.active ? 'Active' : 'Inactive'}
                  </span>
                </td>
              </ExpandableRow>
            )}
          </ItemsTable>
        )}
      </Loaded>
    </section>
  );
}

function RegistryEditor<T extends Registered>({ item, onDone, onClose, ...props }: RegistryPageProps<T> & { item: T; onDone(message: string): void; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = props.nameOf(item);

  const toggleActive = async () => {
    if (
      item.active &&
      !(await askConfirm({ title: `Deactivate ${name}?`, message: props.deactivateMessage(item), confirmLabel: 'Deactivate', cancelLabel: 'Cancel' }))
    ) {
      return;
    }
    setBusy(true);
    setError(null);
    const result = await props.update({ id: item.id, active: !item.active });
    setBusy(false);
    if (result.ok) onDone(item.active ? `${name} is inactive.` : `${name} is active again.`);
    else setError(result.error.message);
  };

  return (
    <div className="registry-editor" data-testid={`${props.noun}-editor`}>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <props.Form item={item} onSaved={onDone} onCancel={onClose} />
      <div className="registry-active">
        <button type="button" className={item.active ? 'danger-outline' : undefined} onClick={() => void toggleActive()} disabled={busy} data-testid={`toggle-${props.noun}-active`}>
          {item.active ? `Deactivate ${props.noun}` : `Reactivate ${props.noun}`}
        </button>
      </div>
    </div>
  );
}
