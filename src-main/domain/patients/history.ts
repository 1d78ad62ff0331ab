import { sql, type Kysely, type Selectable } from 'kysely';
import type { HistoryChange, HistoryEntry, PatientHistoryPage } from '../../../src-shared/patients/chart-schema';
import {
  CONSENT_CHANNEL_LABELS,
  CONSENT_CHANNELS,
  CONSENT_FIELDS,
  CONSENT_LABELS,
  CONTACT_METHOD_LABELS,
  countryName,
  GENDER_IDENTITY_LABELS,
  LANGUAGE_LABELS,
  PHONE_TYPE_LABELS,
  RELATIONSHIP_LABELS,
} from '../../../src-shared/patients/codes';
import { providerName } from '../../../src-shared/patients/display';
import { RESTRICTION_LABELS, SEX_LABELS } from '../../../src-shared/patients/schema';
import type { Database, SyncOpsTable } from '../../db/schema';
import { parseHlc } from '../../sync/hlc';

/**
 * A chart's edit history, read from the op log (one op per changed column, with its author and
 * HLC): the value before a change is the previous op of the same column.
 *
 * The log does not mark where one save (one transaction) ends and the next begins, so a save is
 * read as a run of ops, newest first, that are next to each other in the log, by the same author
 * on the same device, on the same record (each save of this chart writes one record), less than a
 * second apart, and touching each column once: a record's next save always writes its
 * `updated_at` again, so two saves of one record never read as one.
 */

type ValueKind = HistoryChange['kind'];
type Lookups = { providers: Map<string, string> };

interface FieldSpec {
  field: string;
  label: string;
  kind?: ValueKind;
  /** Code → label; without it, the value as stored. */
  show?: (value: string, lookups: Lookups) => string;
}

const fromLabels =
  (labels: Record<string, string>) =>
  (code: string): string =>
    labels[code] ?? code;

const ADDRESS_SPECS: Record<string, FieldSpec> = {
  address_line1: { field: 'addressLine1', label: 'Address line 1' },
  address_line2: { field: 'addressLine2', label: 'Address line 2' },
  city: { field: 'city', label: 'City' },
  region: { field: 'region', label: 'State / region' },
  postal_code: { field: 'postalCode', label: 'ZIP / postal code' },
  country: { field: 'country', label: 'Country', show: countryName },
};

/** Each channel's consent and its date: consent_sms → consentSms, consent_sms_on → consentSmsOn. */
const CONSENT_SPECS: Record<string, FieldSpec> = Object.fromEntries(
  CONSENT_CHANNELS.flatMap((channel) => {
    const { consent, on } = CONSENT_FIELDS[channel];
    const what = CONSENT_CHANNEL_LABELS[channel].toLowerCase();
    return [
      [`consent_${channel}`, { field: consent, label: `Consent to ${what}`, show: fromLabels(CONSENT_LABELS) }],
      [`consent_${channel}_on`, { field: on, label: `Date of consent to ${what}`, kind: 'date' }],
    ];
  }),
);

/** The patient's columns shown in the history, in the order of the registration form. */
const PATIENT_SPECS: Record<string, FieldSpec> = {
  mrn: { field: 'mrn', label: 'MRN' },
  given_name: { field: 'givenName', label: 'Given name' },
  family_name: { field: 'familyName', label: 'Family name' },
  preferred_name: { field: 'preferredName', label: 'Preferred name' },
  date_of_birth: { field: 'dateOfBirth', label: 'Date of birth', kind: 'date' },
  sex: { field: 'sex', label: 'Sex', show: fromLabels(SEX_LABELS) },
  gender_identity: { field: 'genderIdentity', label: 'Gender identity', show: fromLabels(GENDER_IDENTITY_LABELS) },
  pronouns: { field: 'pronouns', label: 'Pronouns' },
  phone: { field: 'phone', label: 'Phone', kind: 'phone' },
  phone_type: { field: 'phoneType', label: 'Number type', show: fromLabels(PHONE_TYPE_LABELS) },
  alt_phone: { field: 'altPhone', label: 'Second number', kind: 'phone' },
  alt_phone_type: { field: 'altPhoneType', label: 'Second number type', show: fromLabels(PHONE_TYPE_LABELS) },
  email: { field: 'email', label: 'E-mail' },
  ...ADDRESS_SPECS,
  language: { field: 'language', label: 'Language', show: fromLabels(LANGUAGE_LABELS) },
  preferred_contact: { field: 'preferredContact', label: 'Preferred contact', show: fromLabels(CONTACT_METHOD_LABELS) },
  ...CONSENT_SPECS,
  primary_provider_id: {
    field: 'primaryProviderId',
    label: 'Primary provider',
    show: (id, { providers }) => providers.get(id) ?? 'A provider no longer listed',
  },
  front_office_notes: { field: 'frontOfficeNotes', label: 'Front-office notes' },
  restricted: { field: 'restricted', label: 'Restriction', show: fromLabels(RESTRICTION_LABELS) },
};

const CONTACT_SPECS: Record<string, FieldSpec> = {
  name: { field: 'name', label: 'Name' },
  relationship: { field: 'relationship', label: 'Relationship', show: fromLabels(RELATIONSHIP_LABELS) },
  phone: { field: 'phone', label: 'Phone', kind: 'phone' },
  email: { field: 'email', label: 'E-mail' },
  date_of_birth: { field: 'dateOfBirth', label: 'Date of birth', kind: 'date' },
  ...ADDRESS_SPECS,
};

const SPECS_BY_TABLE: Record<string, Record<string, FieldSpec>> = { patients: PATIENT_SPECS, patient_contacts: CONTACT_SPECS };

/** An op of the chart, with the value its column held before (null for the first). */
type OpRow = Pick<Selectable<SyncOpsTable>, 'seq' | 'hlc' | 'deviceId' | 'authorId' | 'tbl' | 'rowId' | 'col' | 'value'> & { previous: string | null };

const OPS_PER_READ = 500;
/** Ops of one save are written within milliseconds; a person's next save comes later than this. */
const SAVE_GAP_MS = 1000;

/** Ops of the patient's row and of its contacts' rows before `before`, newest first, each with the column's previous value. */
async function readOps(db: Kysely<Database>, patientId: string, before: number): Promise<OpRow[]> {
  const result = await sql<OpRow>`
    SELECT o.seq AS "seq", o.hlc AS "hlc", o.device_id AS "deviceId", o.author_id AS "authorId", o.tbl AS "tbl",
           o.row_id AS "rowId", o.col AS "col", o.value AS "value",
           (SELECT p.value FROM sync_ops p
             WHERE p.tbl = o.tbl AND p.row_id = o.row_id AND p.col = o.col AND p.seq < o.seq
             ORDER BY p.seq DESC LIMIT 1) AS "previous"
    FROM sync_ops o
    WHERE o.seq < ${before}
      AND ((o.tbl = 'patients' AND o.row_id = ${patientId})
        OR (o.tbl = 'patient_contacts' AND o.row_id IN (SELECT id FROM patient_contacts WHERE patient_id = ${patientId})))
    ORDER BY o.seq DESC
    LIMIT ${OPS_PER_READ}`.execute(db);
  return result.rows;
}

/** Whether `op` (older) belongs to an earlier save than the run `save` (newest first) it follows. */
function startsEarlierSave(save: readonly OpRow[], op: OpRow): boolean {
  const next = save[save.length - 1]!;
  return (
    op.authorId !== next.authorId ||
    op.deviceId !== next.deviceId ||
    op.tbl !== next.tbl ||
    op.rowId !== next.rowId ||
    next.seq - op.seq !== 1 ||
    parseHlc(next.hlc).ms - parseHlc(op.hlc).ms > SAVE_GAP_MS ||
    save.some((other) => other.col === op.col)
  );
}

const parseValue = (json: string | null): string | null => {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return value === null ? null : String(value);
};

interface SaveRead {
  ops: OpRow[];
  action: HistoryEntry['action'];
  changes: { spec: FieldSpec; from: string | null; to: string | null }[];
}

/** What a save (newest op first) did to its record; null when it changed nothing shown. */
function readSave(ops: OpRow[]): SaveRead | null {
  const specs = SPECS_BY_TABLE[ops[0]!.tbl] ?? {};
  const created = ops.some((op) => op.col === 'created_at');
  const removed = ops.some((op) => op.col === 'deleted_at' && parseValue(op.value) !== null);
  const order = Object.keys(specs);
  const changes = ops
    .filter((op) => specs[op.col] !== undefined)
    .sort((a, b) => order.indexOf(a.col) - order.indexOf(b.col))
    .map((op) => ({ spec: specs[op.col]!, from: created ? null : parseValue(op.previous), to: parseValue(op.value) }))
    .filter((change) => change.from !== change.to);
  if (!created && !removed && changes.length === 0) return null;
  return { ops, action: created ? 'created' : removed ? 'removed' : 'changed', changes: removed ? [] : changes };
}

async function lookups(db: Kysely<Database>, saves: readonly SaveRead[]): Promise<Lookups> {
  const providerIds = [
    ...new Set(saves.flatMap((save) => save.changes.filter((c) => c.spec.field === 'primaryProviderId').flatMap((c) => [c.from, c.to]))),
  ].filter((id): id is string => id !== null);
  const rows =
    providerIds.length === 0
      ? []
      : await db.selectFrom('providers').select(['id', 'givenName', 'familyName', 'credentials']).where('id', 'in', providerIds).execute();
  const providers = new Map(rows.map((p) => [p.id, providerName(p)]));
  return { providers };
}

async function authorNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((u) => [u.id, u.displayName]));
}

async function contactsOf(db: Kysely<Database>, patientId: string): Promise<Map<string, { role: 'emergency' | 'guarantor'; name: string }>> {
  const rows = await db.selectFrom('patientContacts').select(['id', 'role', 'name']).where('patientId', '=', patientId).execute();
  return new Map(rows.map((c) => [c.id, { role: c.role, name: c.name }]));
}

/** The saves of a chart, newest first, `limit` at a time; `before` continues from a previous page. */
export async function patientHistory(
  db: Kysely<Database>,
  { patientId, limit, before }: { patientId: string; limit: number; before?: number | undefined },
): Promise<PatientHistoryPage> {
  const saves: SaveRead[] = [];
  let open: OpRow[] = [];
  let cursor = before ?? Number.MAX_SAFE_INTEGER;
  let exhausted = false;
  const close = () => {
    const save = open.length > 0 ? readSave(open) : null;
    if (save) saves.push(save);
    open = [];
  };
  // A save is complete once an op of an earlier one is seen (or the log has no more); one more
  // than the page tells whether there are older ones.
  while (!exhausted && saves.length <= limit) {
    const ops = await readOps(db, patientId, cursor);
    exhausted = ops.length < OPS_PER_READ;
    for (const op of ops) {
      if (open.length > 0 && startsEarlierSave(open, op)) close();
      open.push(op);
    }
    cursor = ops.at(-1)?.seq ?? cursor;
    if (exhausted) close();
  }
  const page = saves.slice(0, limit);
  const more = saves.length > limit || open.length > 0 || !exhausted;
  const [found, authors, contacts] = await Promise.all([
    lookups(db, page),
    authorNames(db, page.flatMap((save) => (save.ops[0]?.authorId ? [save.ops[0].authorId] : []))),
    contactsOf(db, patientId),
  ]);
  const show = (spec: FieldSpec, value: string | null) => (value === null || !spec.show ? value : spec.show(value, found));
  const items = page.map(({ ops, action, changes }): HistoryEntry => {
    const first = ops[ops.length - 1]!;
    const contact = first.tbl === 'patient_contacts' ? contacts.get(first.rowId) : undefined;
    return {
      id: String(first.seq),
      at: new Date(parseHlc(first.hlc).ms).toISOString(),
      author: first.authorId ? { id: first.authorId, name: authors.get(first.authorId) ?? 'A user of another workstation' } : null,
      subject: contact?.role ?? 'patient',
      contactName: contact?.name ?? null,
      action,
      changes: changes.map(({ spec, from, to }) => ({
        field: spec.field,
        label: spec.label,
        kind: spec.kind ?? 'text',
        from: show(spec, from),
        to: show(spec, to),
      })),
    };
  });
  const last = page.at(-1)?.ops.at(-1);
  return { items, nextBefore: more && last ? last.seq : null };
}
