import { getCountries } from 'libphonenumber-js/min';

/** The fixed lists of registration, each with the labels people read. Stored values are the codes. */

export const GENDER_IDENTITIES = [
  'woman',
  'man',
  'transgender_woman',
  'transgender_man',
  'non_binary',
  'other',
  'prefer_not_to_say',
] as const;
export type GenderIdentity = (typeof GENDER_IDENTITIES)[number];
export const GENDER_IDENTITY_LABELS: Record<GenderIdentity, string> = {
  woman: 'Woman',
  man: 'Man',
  transgender_woman: 'Transgender woman',
  transgender_man: 'Transgender man',
  non_binary: 'Non-binary',
  other: 'Other',
  prefer_not_to_say: 'Prefers not to say',
};

export const PHONE_TYPES = ['mobile', 'home', 'work'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];
export const PHONE_TYPE_LABELS: Record<PhoneType, string> = { mobile: 'Mobile', home: 'Home', work: 'Work' };

/** The languages a US front desk meets most, as ISO 639 codes (ASL: 639-3 "ase"), and "other". */
export const LANGUAGES = [
  'en',
  'es',
  'zh',
  'vi',
  'tl',
  'ar',
  'fr',
  'ht',
  'pt',
  'ru',
  'ko',
  'hi',
  'bn',
  'ur',
  'fa',
  'pl',
  'de',
  'it',
  'ja',
  'so',
  'ase',
  'other',
] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_LABELS: Record<Language, string> = {
  en: 'English',
  es: 'Spanish',
  zh: 'Chinese',
  vi: 'Vietnamese',
  tl: 'Tagalog',
  ar: 'Arabic',
  fr: 'French',
  ht: 'Haitian Creole',
  pt: 'Portuguese',
  ru: 'Russian',
  ko: 'Korean',
  hi: 'Hindi',
  bn: 'Bengali',
  ur: 'Urdu',
  fa: 'Persian (Farsi)',
  pl: 'Polish',
  de: 'German',
  it: 'Italian',
  ja: 'Japanese',
  so: 'Somali',
  ase: 'American Sign Language',
  other: 'Other',
};

export const CONTACT_METHODS = ['phone', 'sms', 'email', 'mail'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = {
  phone: 'Phone call',
  sms: 'Text message',
  email: 'E-mail',
  mail: 'Letter',
};

export const CONSENT_CHANNELS = ['sms', 'email', 'voicemail'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
/** "Electronic mail", not "E-mail": the consent's label must not read as the patient's e-mail address field. */
export const CONSENT_CHANNEL_LABELS: Record<ConsentChannel, string> = {
  sms: 'Text messages',
  email: 'Electronic mail',
  voicemail: 'Voicemail',
};
export const CONSENTS = ['granted', 'refused'] as const;
export type Consent = (typeof CONSENTS)[number];
export const CONSENT_LABELS: Record<Consent, string> = { granted: 'Granted', refused: 'Refused' };

/** The patient's fields holding a channel's consent and the date it was given or refused. */
export const CONSENT_FIELDS = {
  sms: { consent: 'consentSms', on: 'consentSmsOn' },
  email: { consent: 'consentEmail', on: 'consentEmailOn' },
  voicemail: { consent: 'consentVoicemail', on: 'consentVoicemailOn' },
} as const satisfies Record<ConsentChannel, { consent: string; on: string }>;

export const CONTACT_ROLES = ['emergency', 'guarantor'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = { emergency: 'Emergency contact', guarantor: 'Guarantor' };

export const RELATIONSHIPS = ['spouse', 'partner', 'parent', 'child', 'sibling', 'guardian', 'relative', 'friend', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  spouse: 'Spouse',
  partner: 'Partner',
  parent: 'Parent',
  child: 'Child',
  sibling: 'Sibling',
  guardian: 'Legal guardian',
  relative: 'Other relative',
  friend: 'Friend',
  other: 'Other',
};

/** ISO 3166 region codes (the ones phone numbering knows: every country and a few territories). */
export const COUNTRY_CODES: readonly string[] = getCountries();
export const DEFAULT_COUNTRY = 'US';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** US states, DC, territories and military "states" (USPS codes). */
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
  'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR',
  'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'AS', 'GU', 'MP', 'PR', 'VI', 'UM',
  'AA', 'AE', 'AP',
] as const;
export const CANADIAN_PROVINCES = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'] as const;
