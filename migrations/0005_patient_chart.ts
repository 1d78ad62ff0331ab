import { sql, type Kysely } from 'kysely';
import { MEMBER_KEY_SQL } from '../src-main/domain/coverages/member-key';
import { installChangeCapture } from '../src-main/sync/capture';

const PATIENT_REF = 'REFERENCES patients (id) DEFERRABLE INITIALLY DEFERRED';
const ADDRESS_COLUMNS = `address_line1 TEXT, address_line2 TEXT, city TEXT, region TEXT, postal_code TEXT, country TEXT`;
const ROW_TIMES = `created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT`;

/**
 * The complete chart: the rest of registration on patients, and the records linked to a patient
 * (contacts, coverages, documents, record requests), with providers, payers and merges.
 * Every new table syncs, so references between them are DEFERRABLE: a sync batch may bring a
 * coverage before its payer, and the check runs at commit. Rows are never deleted (deleted_at).
 * CHECKs look at one column only: sync applies a row's changes one column at a time, so a rule
 * across columns (an extension needs a reason, a range's end after its start) lives in the services.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // First: patients.primary_provider_id references it.
    `CREATE TABLE providers (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       given_name TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
       family_name TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
       credentials TEXT,
       specialty TEXT,
       npi TEXT NOT NULL UNIQUE CHECK (length(npi) = 10),
       active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
       ${ROW_TIMES}
     ) STRICT`,
    ...[
      'preferred_name TEXT',
      `gender_identity TEXT`,
      'pronouns TEXT',
      `phone_type TEXT CHECK (phone_type IN ('mobile', 'home', 'work'))`,
      'alt_phone TEXT',
      `alt_phone_type TEXT CHECK (alt_phone_type IN ('mobile', 'home', 'work'))`,
      ...ADDRESS_COLUMNS.split(', '),
      'language TEXT',
      `preferred_contact TEXT CHECK (preferred_contact IN ('phone', 'sms', 'email', 'mail'))`,
      'primary_provider_id TEXT REFERENCES providers (id) DEFERRABLE INITIALLY DEFERRED',
      ...['sms', 'email', 'voicemail'].flatMap((channel) => [
        `consent_${channel} TEXT CHECK (consent_${channel} IN ('granted', 'refused'))`,
        `consent_${channel}_on TEXT CHECK (consent_${channel}_on IS NULL OR date(consent_${channel}_on) = consent_${channel}_on)`,
      ]),
      'front_office_notes TEXT CHECK (length(front_office_notes) <= 4000)',
      /** Set (with deleted_at) when this chart was merged into another; cleared by unmerge. */
      `merged_into_id TEXT ${PATIENT_REF}`,
    ].map((column) => `ALTER TABLE patients ADD COLUMN ${column}`),
    `CREATE TABLE payers (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
       edi_payer_id TEXT,
       ${ADDRESS_COLUMNS},
       phone TEXT,
       active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX payers_edi ON payers (edi_payer_id) WHERE edi_payer_id IS NOT NULL`,
    `CREATE TABLE patient_contacts (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${PATIENT_REF},
       role TEXT NOT NULL CHECK (role IN ('emergency', 'guarantor')),
       name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
       relationship TEXT NOT NULL,
       phone TEXT,
       email TEXT,
       date_of_birth TEXT CHECK (date_of_birth IS NULL OR date(date_of_birth) = date_of_birth),
       ${ADDRESS_COLUMNS},
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX patient_contacts_patient ON patient_contacts (patient_id)`,
    `CREATE TABLE documents (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${PATIENT_REF},
       kind TEXT NOT NULL,
       title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
       document_date TEXT NOT NULL CHECK (date(document_date) = document_date),
       content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
       byte_size INTEGER NOT NULL CHECK (byte_size > 0),
       sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
       file_name TEXT NOT NULL,
       created_by TEXT,
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX documents_patient ON documents (patient_id, document_date)`,
    `CREATE INDEX documents_sha256 ON documents (sha256)`,
    `CREATE TABLE coverages (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${PATIENT_REF},
       payer_id TEXT NOT NULL REFERENCES payers (id) DEFERRABLE INITIALLY DEFERRED,
       rank TEXT NOT NULL CHECK (rank IN ('primary', 'secondary', 'tertiary')),
       member_id TEXT NOT NULL CHECK (length(member_id) BETWEEN 1 AND 80),
       group_number TEXT,
       plan_name TEXT,
       subscriber_relationship TEXT NOT NULL CHECK (subscriber_relationship IN ('self', 'spouse', 'child', 'other')),
       subscriber_given_name TEXT,
       subscriber_family_name TEXT,
       subscriber_date_of_birth TEXT CHECK (subscriber_date_of_birth IS NULL OR date(subscriber_date_of_birth) = subscriber_date_of_birth),
       effective_from TEXT CHECK (effective_from IS NULL OR date(effective_from) = effective_from),
       effective_to TEXT CHECK (effective_to IS NULL OR date(effective_to) = effective_to),
       card_front_document_id TEXT REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
       card_back_document_id TEXT REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX coverages_patient ON coverages (patient_id)`,
    // Member ids are typed with and without dashes and spaces: the index holds the folded form.
    `CREATE INDEX coverages_member_key ON coverages (${MEMBER_KEY_SQL}) WHERE deleted_at IS NULL`,
    `CREATE TABLE record_requests (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       patient_id TEXT NOT NULL ${PATIENT_REF},
       requester_name TEXT NOT NULL CHECK (length(requester_name) BETWEEN 1 AND 200),
       requester_kind TEXT NOT NULL,
       requester_contact TEXT,
       purpose TEXT NOT NULL,
       records_requested TEXT NOT NULL,
       authorization_on_file INTEGER NOT NULL CHECK (authorization_on_file IN (0, 1)),
       authorization_document_id TEXT REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
       received_on TEXT NOT NULL CHECK (date(received_on) = received_on),
       due_on TEXT NOT NULL CHECK (date(due_on) = due_on),
       extended_due_on TEXT CHECK (extended_due_on IS NULL OR date(extended_due_on) = extended_due_on),
       extension_reason TEXT,
       status TEXT NOT NULL CHECK (status IN ('open', 'released', 'denied', 'withdrawn')),
       released_on TEXT CHECK (released_on IS NULL OR date(released_on) = released_on),
       released_what TEXT,
       released_via TEXT,
       released_by TEXT,
       closing_note TEXT,
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX record_requests_patient ON record_requests (patient_id, received_on)`,
    `CREATE INDEX record_requests_open ON record_requests (due_on) WHERE status = 'open' AND deleted_at IS NULL`,
    `CREATE TABLE patient_merges (
       pk INTEGER PRIMARY KEY,
       id TEXT NOT NULL UNIQUE,
       survivor_id TEXT NOT NULL ${PATIENT_REF},
       merged_id TEXT NOT NULL ${PATIENT_REF},
       merged_at TEXT NOT NULL,
       merged_by TEXT,
       moved TEXT NOT NULL CHECK (json_valid(moved)),
       unmerged_at TEXT,
       unmerged_by TEXT,
       ${ROW_TIMES}
     ) STRICT`,
    `CREATE INDEX patient_merges_survivor ON patient_merges (survivor_id)`,
    `CREATE INDEX patient_merges_merged ON patient_merges (merged_id)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const table of ['patients', 'providers', 'payers', 'patient_contacts', 'documents', 'coverages', 'record_requests', 'patient_merges'] as const) {
    await installChangeCapture(db, table);
  }
}
