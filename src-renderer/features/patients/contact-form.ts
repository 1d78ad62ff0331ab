import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { contactSaveInput, type Contact } from '../../../src-shared/patients/chart-schema';
import { DEFAULT_COUNTRY, type ContactRole } from '../../../src-shared/patients/codes';
import { ADDRESS_FIELDS } from '../../../src-shared/patients/registration-rules';
import { formatDate, formatPhone } from '../../lib/format';
import { readingTypedDates } from './patient-form';

export const CONTACT_FORM_FIELDS = ['name', 'relationship', 'phone', 'email', 'dateOfBirth', ...ADDRESS_FIELDS] as const;
export type ContactFormField = (typeof CONTACT_FORM_FIELDS)[number];

/** Text as typed; the patient and the role come with the form, not from its inputs. */
export type ContactFormValues = Record<ContactFormField, string> & { patientId: string; role: ContactRole; id?: string };
export type ContactFormOutput = z.output<typeof contactSaveInput>;

export function newContactForm(patientId: string, role: ContactRole): ContactFormValues {
  return {
    ...(Object.fromEntries(CONTACT_FORM_FIELDS.map((name) => [name, ''])) as Record<ContactFormField, string>),
    country: DEFAULT_COUNTRY,
    patientId,
    role,
  };
}

export function contactToFormValues(contact: Contact): ContactFormValues {
  const values = newContactForm(contact.patientId, contact.role);
  for (const name of CONTACT_FORM_FIELDS) values[name] = contact[name] ?? values[name];
  return {
    ...values,
    id: contact.id,
    phone: formatPhone(contact.phone),
    dateOfBirth: contact.dateOfBirth ? formatDate(contact.dateOfBirth) : '',
  };
}

export const contactFormResolver = readingTypedDates(
  zodResolver(contactSaveInput) as unknown as Resolver<ContactFormValues, unknown, ContactFormOutput>,
  ['dateOfBirth'],
);
