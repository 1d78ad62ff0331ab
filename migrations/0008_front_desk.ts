import { sql, type Kysely } from 'kysely';
import { installChangeCapture } from '../src-main/sync/capture';

const ROW_TIMES = `created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT`;
const ref = (table: string) => `REFERENCES ${table} (id) DEFERRABLE INITIALLY DEFERRED`;
/**
 * `IS`, not `=`: date() and strftime() give NULL for text that is no date at all, and a CHECK whose
 * value is NULL passes.
 */
const localDate = (column: string) => `date(${column}) IS ${column}`;
/** A UTC instant exactly as the services write it, so text order is time order. */
const instant = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}) IS ${column}`;
const text = (column: string, max: number) => `length(${column}) BETWEEN 1 AND ${max}`;
const optionalText = (column: string, max: number) => `${column} IS NULL OR ${text(column, max)}`;
const jsonList = (column: string) => `json_valid(${column}) AND json_type(${column}) = 'array'`;
/** A trigger pair that makes a table insert-only: corrections are new rows that reference what they correct. */
const insertOnly = (table: string, what: string) => [
  `CREATE TRIGGER ${table}_insert_only_update BEFORE UPDATE ON ${table}
   BEGIN SELECT RAISE(ABORT, '${what} cannot be changed: post a correcting entry instead'); END`,
  `CREATE TRIGGER ${table}_insert_only_delete BEFORE DELETE ON ${table}
   BEGIN SELECT RAISE(ABORT, '${what} cannot be deleted: post a correcting entry instead'); END`,
];

/**
 * The front desk (issue 6): the clinic's ledger (started by copays, extended by billing), check-ins,
 * phone messages and tasks, referrals, and supplies. Conventions as in 0005 and 0007: every table
 * syncs (pk + UUIDv7 id + row times), references are DEFERRABLE, CHECKs look at one column, rules
 * across columns live in src-main/domain/front-desk (and src-main/domain/ledger).
 *
 * A check-in carries the client's `idempotency_key` too: a retried check-in finds the one it made.
 *
 * Insert-only tables (no UPDATE, no DELETE, enforced by triggers; `updated_at` always equals
 * `created_at`, `deleted_at` stays null):
 * - `ledger_entries`: money in integer cents, signed by its effect on what the bucket is owed
 *   (a charge is positive, a payment negative). A correction is a new entry with the opposite
 *   amount whose `reverses_id` names the original (at most one reversal each) and a reason.
 *   Balances are sums, never stored. `idempotency_key` is unique, so a retried or synced request
 *   never posts twice. `encounter_id` is for billing's encounters (no table yet, so no reference).
 *   A merge cannot move these rows: they keep the chart they were posted on, and a chart's ledger
 *   is its own entries and those of every chart merged into it (`patients_merged_into` finds them).
 * - `supply_stock_movements`: stock on hand is the sum of an item's movements (a count sets it
 *   through a movement of the difference), so two workstations receiving orders offline both
 *   count after sync instead of one overwriting the other's total.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE ledger_entries (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${ref('patients')},
       appointment_id TEXT ${ref('appointments')},
       encounter_id TEXT,
       entry_type TEXT NOT NULL CHECK (entry_type IN ('charge', 'payment', 'adjustment', 'refund')),
       bucket TEXT NOT NULL CHECK (bucket IN ('patient', 'insurance')),
       amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0 AND amount_cents BETWEEN -100000000 AND 100000000),
       method TEXT CHECK (method IS NULL OR method IN ('cash', 'card', 'check')),
       reference TEXT CHECK (${optionalText('reference', 60)}),
       reverses_id TEXT ${ref('ledger_entries')},
       reason TEXT CHECK (${optionalText('reason', 500)}),
       idempotency_key TEXT NOT NULL UNIQUE CHECK (${text('idempotency_key', 100)}),
       posted_at TEXT NOT NULL CHECK (${instant('posted_at')}),
       posted_by TEXT,
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX ledger_entries_patient ON ledger_entries (patient_id, bucket, posted_at)`,
    `CREATE INDEX ledger_entries_appointment ON ledger_entries (appointment_id) WHERE appointment_id IS NOT NULL`,
    `CREATE UNIQUE INDEX ledger_entries_reverses ON ledger_entries (reverses_id) WHERE reverses_id IS NOT NULL`,
    ...insertOnly('ledger_entries', 'A ledger entry'),
    // A merge cannot move insert-only rows: a chart's ledger is its own entries and those of every chart merged into it.
    `CREATE INDEX patients_merged_into ON patients (merged_into_id) WHERE merged_into_id IS NOT NULL`,
    `CREATE TABLE check_ins (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       appointment_id TEXT NOT NULL ${ref('appointments')},
       patient_id TEXT NOT NULL ${ref('patients')},
       insurance TEXT NOT NULL CHECK (insurance IN ('coverage_confirmed', 'self_pay')),
       coverage_id TEXT ${ref('coverages')},
       identity_checked INTEGER NOT NULL CHECK (identity_checked IN (0, 1)),
       consents_signed TEXT NOT NULL DEFAULT '[]' CHECK (${jsonList('consents_signed')}),
       copay_entry_id TEXT ${ref('ledger_entries')},
       idempotency_key TEXT NOT NULL UNIQUE CHECK (${text('idempotency_key', 100)}),
       checked_in_at TEXT NOT NULL CHECK (${instant('checked_in_at')}),
       checked_in_by TEXT,
       undone_at TEXT CHECK (undone_at IS NULL OR ${instant('undone_at')}),
       undone_by TEXT,
       undo_reason TEXT CHECK (${optionalText('undo_reason', 500)}),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX check_ins_appointment ON check_ins (appointment_id)`,
    `CREATE INDEX check_ins_patient ON check_ins (patient_id)`,
    `CREATE TABLE messages (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       kind TEXT NOT NULL CHECK (kind IN ('phone_message', 'task')),
       patient_id TEXT ${ref('patients')},
       caller_name TEXT CHECK (${optionalText('caller_name', 100)}),
       callback_phone TEXT CHECK (${optionalText('callback_phone', 20)}),
       subject TEXT NOT NULL CHECK (${text('subject', 200)}),
       body TEXT CHECK (${optionalText('body', 4000)}),
       urgency TEXT NOT NULL CHECK (urgency IN ('routine', 'soon', 'urgent')),
       recipient_user_id TEXT ${ref('users')},
       recipient_provider_id TEXT ${ref('providers')},
       status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
       due_date TEXT CHECK (due_date IS NULL OR ${localDate('due_date')}),
       taken_by TEXT,
       done_at TEXT CHECK (done_at IS NULL OR ${instant('done_at')}),
       done_by TEXT,
       outcome TEXT CHECK (${optionalText('outcome', 1000)}),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX messages_user_inbox ON messages (recipient_user_id, status, due_date) WHERE deleted_at IS NULL`,
    `CREATE INDEX messages_provider_inbox ON messages (recipient_provider_id, status, due_date) WHERE deleted_at IS NULL`,
    `CREATE INDEX messages_taken_by ON messages (taken_by, status) WHERE deleted_at IS NULL`,
    `CREATE INDEX messages_patient ON messages (patient_id) WHERE patient_id IS NOT NULL`,
    `CREATE TABLE referrals (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       direction TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
       patient_id TEXT NOT NULL ${ref('patients')},
       provider_id TEXT ${ref('providers')},
       other_name TEXT NOT NULL CHECK (${text('other_name', 200)}),
       other_organization TEXT CHECK (${optionalText('other_organization', 200)}),
       other_phone TEXT CHECK (${optionalText('other_phone', 20)}),
       other_fax TEXT CHECK (${optionalText('other_fax', 20)}),
       reason TEXT NOT NULL CHECK (${text('reason', 1000)}),
       diagnoses TEXT NOT NULL DEFAULT '[]' CHECK (${jsonList('diagnoses')}),
       documents_sent TEXT NOT NULL DEFAULT '[]' CHECK (${jsonList('documents_sent')}),
       status TEXT NOT NULL CHECK (status IN ('open', 'sent', 'scheduled', 'report_received', 'closed', 'cancelled')),
       referred_on TEXT NOT NULL CHECK (${localDate('referred_on')}),
       sent_at TEXT CHECK (sent_at IS NULL OR ${instant('sent_at')}),
       appointment_date TEXT CHECK (appointment_date IS NULL OR ${localDate('appointment_date')}),
       report_received_on TEXT CHECK (report_received_on IS NULL OR ${localDate('report_received_on')}),
       report_document_id TEXT ${ref('documents')},
       note TEXT CHECK (${optionalText('note', 2000)}),
       cancel_reason TEXT CHECK (${optionalText('cancel_reason', 500)}),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX referrals_patient ON referrals (patient_id)`,
    `CREATE INDEX referrals_open ON referrals (direction, referred_on) WHERE deleted_at IS NULL AND status NOT IN ('report_received', 'closed', 'cancelled')`,
    `CREATE TABLE supply_items (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       name TEXT NOT NULL CHECK (${text('name', 120)}),
       unit TEXT NOT NULL CHECK (${text('unit', 30)}),
       reorder_level INTEGER NOT NULL CHECK (reorder_level BETWEEN 0 AND 1000000),
       reorder_quantity INTEGER NOT NULL CHECK (reorder_quantity BETWEEN 1 AND 1000000),
       vendor TEXT CHECK (${optionalText('vendor', 120)}),
       active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE TABLE supply_orders (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       vendor TEXT CHECK (${optionalText('vendor', 120)}),
       status TEXT NOT NULL CHECK (status IN ('placed', 'received', 'cancelled')),
       placed_at TEXT NOT NULL CHECK (${instant('placed_at')}),
       placed_by TEXT,
       received_at TEXT CHECK (received_at IS NULL OR ${instant('received_at')}),
       received_by TEXT,
       note TEXT CHECK (${optionalText('note', 500)}),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE TABLE supply_order_lines (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       order_id TEXT NOT NULL ${ref('supply_orders')},
       item_id TEXT NOT NULL ${ref('supply_items')},
       quantity_ordered INTEGER NOT NULL CHECK (quantity_ordered BETWEEN 1 AND 1000000),
       quantity_received INTEGER CHECK (quantity_received IS NULL OR quantity_received BETWEEN 0 AND 1000000),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX supply_order_lines_order ON supply_order_lines (order_id)`,
    `CREATE INDEX supply_order_lines_item ON supply_order_lines (item_id)`,
    `CREATE TABLE supply_stock_movements (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       item_id TEXT NOT NULL ${ref('supply_items')},
       change INTEGER NOT NULL CHECK (change <> 0 AND change BETWEEN -1000000 AND 1000000),
       reason TEXT NOT NULL CHECK (reason IN ('count', 'received', 'used')),
       order_line_id TEXT ${ref('supply_order_lines')},
       at TEXT NOT NULL CHECK (${instant('at')}),
       by_user TEXT,
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX supply_stock_movements_item ON supply_stock_movements (item_id)`,
    ...insertOnly('supply_stock_movements', 'A stock movement'),
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  const synced = ['ledger_entries', 'check_ins', 'messages', 'referrals', 'supply_items', 'supply_orders', 'supply_order_lines', 'supply_stock_movements'] as const;
  for (const table of synced) await installChangeCapture(db, table);
}
