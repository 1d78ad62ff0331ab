import {
  CANADIAN_PROVINCES,
  CONSENT_CHANNELS,
  CONSENT_FIELDS,
  US_STATES,
  type Consent,
  type ContactMethod,
  type PhoneType,
} from './codes';

/**
 * Rules across fields of a registration (a postal address, phones, consents, preferred contact).
 * One column at a time is checked by the schemas; these need the whole record, so the create
 * schema runs them on its input and the update service on the stored patient merged with the
 * change (a partial update alone cannot tell whether SMS is possible).
 */
export interface Problem {
  field: string;
  message: string;
  /** The fields the rule reads: when one of them is already invalid, the rule says nothing. */
  uses: readonly string[];
}

export interface AddressFields {
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

const ADDRESS_PARTS = ['addressLine1', 'addressLine2', 'city', 'region', 'postalCode'] as const;
/** The fields of a postal address, in the order forms show them. */
export const ADDRESS_FIELDS = [...ADDRESS_PARTS, 'country'] as const;

interface CountryAddressRule {
  regions: readonly string[];
  regionMessage: string;
  postalCode: RegExp;
  postalMessage: string;
  normalizePostalCode(text: string): string;
}

const COUNTRY_ADDRESS_RULES: Record<string, CountryAddressRule> = {
  US: {
    regions: US_STATES,
    regionMessage: 'Enter the state as its 2-letter code, e.g. MA',
    postalCode: /^\d{5}(-\d{4})?$/,
    postalMessage: 'Not a ZIP code: 5 digits, or ZIP+4 (02139-4307)',
    normalizePostalCode: (text) => {
      const digits = text.replace(/[\s-]/g, '');
      return /^\d{9}$/.test(digits) ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
    },
  },
  CA: {
    regions: CANADIAN_PROVINCES,
    regionMessage: 'Enter the province as its 2-letter code, e.g. ON',
    postalCode: /^[A-Z]\d[A-Z] \d[A-Z]\d$/,
    postalMessage: 'Not a Canadian postal code, e.g. K1A 0B1',
    normalizePostalCode: (text) => {
      const compact = text.replace(/[\s-]/g, '').toUpperCase();
      return compact.length === 6 ? `${compact.slice(0, 3)} ${compact.slice(3)}` : compact;
    },
  },
};
const ANY_POSTAL_CODE = /^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,10}[A-Za-z0-9])?$/;

export function hasAddress(address: AddressFields): boolean {
  return ADDRESS_PARTS.some((part) => address[part] !== null);
}

/** Region and postal code in their usual form; no country without an address. */
export function normalizeAddress<T extends AddressFields>(address: T): T {
  if (!hasAddress(address)) return { ...address, country: null };
  const rule = address.country ? COUNTRY_ADDRESS_RULES[address.country] : undefined;
  if (!rule) return address;
  return {
    ...address,
    region: address.region?.toUpperCase() ?? null,
    postalCode: address.postalCode === null ? null : rule.normalizePostalCode(address.postalCode),
  };
}

/** A (normalized) postal address is either absent or complete enough to send a letter to. */
export function addressProblems(address: AddressFields): Problem[] {
  if (!hasAddress(address)) return [];
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message, uses: ADDRESS_FIELDS });
  if (!address.addressLine1) add('addressLine1', 'Required for an address');
  if (!address.city) add('city', 'Required for an address');
  if (!address.country) {
    add('country', 'Choose the country');
    return problems;
  }
  const rule = COUNTRY_ADDRESS_RULES[address.country];
  if (rule) {
    if (!address.region) add('region', 'Required for an address in this country');
    else if (!rule.regions.includes(address.region)) add('region', rule.regionMessage);
    if (!address.postalCode) add('postalCode', 'Required for an address in this country');
    else if (!rule.postalCode.test(address.postalCode)) add('postalCode', rule.postalMessage);
  } else if (address.postalCode && !ANY_POSTAL_CODE.test(address.postalCode)) {
    add('postalCode', 'Not a postal code: letters, digits, spaces and dashes only');
  }
  return problems;
}

export interface RegistrationFields extends AddressFields {
  phone: string | null;
  phoneType: PhoneType | null;
  altPhone: string | null;
  altPhoneType: PhoneType | null;
  email: string | null;
  preferredContact: ContactMethod | null;
  consentSms: Consent | null;
  consentSmsOn: string | null;
  consentEmail: Consent | null;
  consentEmailOn: string | null;
  consentVoicemail: Consent | null;
  consentVoicemailOn: string | null;
}

/** Drops what has nothing to describe: a phone type without its phone, a consent date without a consent. */
export function normalizeRegistration<T extends RegistrationFields>(fields: T): T {
  const normalized: T = {
    ...normalizeAddress(fields),
    phoneType: fields.phone === null ? null : fields.phoneType,
    altPhoneType: fields.altPhone === null ? null : fields.altPhoneType,
  };
  for (const channel of CONSENT_CHANNELS) {
    const { consent, on } = CONSENT_FIELDS[channel];
    if (normalized[consent] === null) normalized[on] = null;
  }
  return normalized;
}

function hasMobile(fields: RegistrationFields): boolean {
  return (fields.phone !== null && fields.phoneType === 'mobile') || (fields.altPhone !== null && fields.altPhoneType === 'mobile');
}

function preferredContactProblem(fields: RegistrationFields): string | null {
  switch (fields.preferredContact) {
    case 'phone':
      return fields.phone || fields.altPhone ? null : 'Calls need a phone number: add one first';
    case 'sms':
      if (!hasMobile(fields)) return 'Text messages need a mobile number: add one (type Mobile) first';
      return fields.consentSms === 'refused' ? 'The patient refused text messages' : null;
    case 'email':
      if (!fields.email) return 'E-mail needs an e-mail address: add one first';
      return fields.consentEmail === 'refused' ? 'The patient refused e-mail' : null;
    case 'mail':
      return hasAddress(fields) ? null : 'Letters need a postal address: add one first';
    default:
      return null;
  }
}

/** The rules across fields of a (normalized) registration; empty when it holds together. */
export function registrationProblems(fields: RegistrationFields): Problem[] {
  const problems = addressProblems(fields);
  if (fields.altPhone !== null && fields.altPhone === fields.phone) {
    problems.push({ field: 'altPhone', message: 'Same as the main phone', uses: ['phone', 'altPhone'] });
  }
  for (const channel of CONSENT_CHANNELS) {
    const { consent, on } = CONSENT_FIELDS[channel];
    const answer = fields[consent];
    if (answer !== null && fields[on] === null) {
      problems.push({ field: on, message: `Enter the date it was ${answer}`, uses: [consent, on] });
    }
  }
  const contact = preferredContactProblem(fields);
  if (contact) {
    problems.push({
      field: 'preferredContact',
      message: contact,
      uses: ['preferredContact', 'phone', 'phoneType', 'altPhone', 'altPhoneType', 'email', 'consentSms', 'consentEmail', ...ADDRESS_FIELDS],
    });
  }
  return problems;
}

/** Field → message, the shape of a VALIDATION error's `fields`. */
export function problemFields(problems: readonly Pick<Problem, 'field' | 'message'>[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const { field, message } of problems) fields[field] ??= message;
  return fields;
}
