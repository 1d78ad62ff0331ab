import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Contact } from '../../../src-shared/patients/chart-schema';
import { ADDRESS_FIELDS } from '../../../src-shared/patients/registration-rules';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Clock } from '../../clock';
import type { Database } from '../../db/schema';

/** The fields a save may change (the role stays: an emergency contact does not become the guarantor by an edit). */
const EDITABLE_COLUMNS = ['name', 'relationship', 'phone', 'email', 'dateOfBirth', ...ADDRESS_FIELDS] as const;
const CONTACT_COLUMNS = ['id', 'patientId', 'role', ...EDITABLE_COLUMNS, 'createdAt', 'updatedAt'] as const;

/** Relationship codes outside the list (a newer version, through sync) are refused by the output check. */
const toContact = (row: Record<(typeof CONTACT_COLUMNS)[number], unknown>): Contact => row as Contact;

function activeContacts(db: Kysely<Database>, patientId: string) {
  return db.selectFrom('patientContacts').select(CONTACT_COLUMNS).where('patientId', '=', patientId).where('deletedAt', 'is', null);
}

/** The chart's emergency contacts and guarantor, oldest first. */
export async function listContacts(db: Kysely<Database>, patientId: string): Promise<Contact[]> {
  const rows = await activeContacts(db, patientId).orderBy('createdAt').orderBy('id').execute();
  return rows.map(toContact);
}

async function findContact(db: Kysely<Database>, patientId: string, id: string): Promise<Contact> {
  const row = await activeContacts(db, patientId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such contact on this chart');
  return toContact(row);
}

export type ContactChange = 'add' | 'edit' | 'unchanged';

/** Adds a contact, or writes the changed fields of one; a patient has at most one guarantor. Call inside a transaction. */
export async function saveContact(
  db: Kysely<Database>,
  clock: Clock,
  input: ParsedInput<'patients.contacts.save'>,
): Promise<{ contact: Contact; change: ContactChange }> {
  const { id, patientId, role, ...fields } = input;
  const now = clock.now().toISOString();
  if (id === undefined) {
    if (role === 'guarantor' && (await activeContacts(db, patientId).where('role', '=', 'guarantor').executeTakeFirst())) {
      throw new AppError('CONFLICT', 'This patient already has a guarantor: edit or remove that one first');
    }
    const row = await db
      .insertInto('patientContacts')
      .values({ id: uuidv7(), patientId, role, ...fields, createdAt: now, updatedAt: now, deletedAt: null })
      .returning(CONTACT_COLUMNS)
      .executeTakeFirstOrThrow();
    return { contact: toContact(row), change: 'add' };
  }
  const current = await findContact(db, patientId, id);
  if (current.role !== role) {
    throw new AppError('VALIDATION', 'Please check: role', { fields: { role: 'A contact’s role does not change: remove it and add it again' } });
  }
  const changes = Object.fromEntries(EDITABLE_COLUMNS.filter((column) => fields[column] !== current[column]).map((column) => [column, fields[column]]));
  if (Object.keys(changes).length === 0) return { contact: current, change: 'unchanged' };
  const row = await db
    .updateTable('patientContacts')
    .set({ ...changes, updatedAt: now })
    .where('id', '=', id)
    .returning(CONTACT_COLUMNS)
    .executeTakeFirstOrThrow();
  return { contact: toContact(row), change: 'edit' };
}

/** Marks a contact removed (rows of synced tables stay, for sync and the history). Call inside a transaction. */
export async function removeContact(db: Kysely<Database>, clock: Clock, { patientId, id }: { patientId: string; id: string }): Promise<Contact> {
  const contact = await findContact(db, patientId, id);
  const now = clock.now().toISOString();
  await db.updateTable('patientContacts').set({ deletedAt: now, updatedAt: now }).where('id', '=', id).execute();
  return { ...contact, updatedAt: now };
}
