import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export interface PatientInput {
  givenName: string;
  familyName: string;
  /** As typed into the form: MM/DD/YYYY, YYYY-MM-DD or MMDDYYYY. */
  dateOfBirth: string;
  sex?: 'Female' | 'Male' | 'Other' | 'Unknown';
  phone?: string;
  email?: string;
  preferredName?: string;
  /** Option labels as shown (e.g. 'Non-binary', 'Mobile', 'Spanish', 'Text message'). */
  genderIdentity?: string;
  pronouns?: string;
  phoneType?: string;
  altPhone?: string;
  altPhoneType?: string;
  memberId?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  language?: string;
  preferredContact?: string;
  /** 'Granted' or 'Refused' (the date defaults to today) or 'Not asked'. */
  consentSms?: string;
  consentEmail?: string;
  consentVoicemail?: string;
  primaryProvider?: string;
  frontOfficeNotes?: string;
}

type Labels = Partial<Record<keyof PatientInput, string>>;

/** The form's labels, in its tab order. */
const TEXT_LABELS: Labels = {
  givenName: 'Given name',
  familyName: 'Family name',
  dateOfBirth: 'Date of birth',
  preferredName: 'Preferred name',
  pronouns: 'Pronouns',
  memberId: 'Insurance member id',
  phone: 'Phone',
  altPhone: 'Second number',
  email: 'E-mail',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'City',
  region: 'State / region',
  postalCode: 'ZIP / postal code',
  frontOfficeNotes: 'Notes for the front desk',
};
const CHOICE_LABELS: Labels = {
  sex: 'Sex',
  genderIdentity: 'Gender identity',
  phoneType: 'Number type',
  altPhoneType: 'Second number type',
  country: 'Country',
  language: 'Language',
  preferredContact: 'Preferred contact',
  consentSms: 'Text messages Answer',
  consentEmail: 'Electronic mail Answer',
  consentVoicemail: 'Voicemail Answer',
  primaryProvider: 'Primary provider',
};

/**
 * The field with exactly this label ("Number type" is not "Second number type"), also when it is
 * named by a row and a column (the consents' table); a required field's label ends in "* (required)".
 */
export function fieldLabelled(page: Page, label: string) {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(\\s*\\*?\\s*\\(required\\))?$`);
  return page.getByLabel(name).or(page.getByRole('combobox', { name })).or(page.getByRole('textbox', { name }));
}

/** Fills the registration / edit form the way a user does (labels, not selectors). */
export async function fillPatientForm(page: Page, p: Partial<PatientInput>): Promise<void> {
  for (const [field, label] of Object.entries(TEXT_LABELS)) {
    const value = p[field as keyof PatientInput];
    if (value !== undefined) await fieldLabelled(page, label).fill(value);
  }
  for (const [field, label] of Object.entries(CHOICE_LABELS)) {
    const value = p[field as keyof PatientInput];
    if (value !== undefined) await fieldLabelled(page, label).selectOption({ label: value });
  }
}

/** Registers a patient through the UI (Alt+N, fill, Enter) and waits for the chart. Returns the new id. */
export async function registerPatient(page: Page, p: PatientInput): Promise<string> {
  await page.keyboard.press('Alt+N');
  await expect(page.getByRole('heading', { name: 'New patient' })).toBeVisible();
  await fillPatientForm(page, p);
  await page.getByLabel('Given name').press('Enter');
  const chart = page.getByTestId('patient-chart');
  await expect(chart).toBeVisible();
  const id = await chart.getAttribute('data-patient-id');
  expect(id).toBeTruthy();
  return id!;
}

/** Goes to Patients and types a query; waits until the results belong to it. */
export async function searchPatients(page: Page, query: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Patients/ }).click();
  const input = page.getByTestId('patient-search-input');
  await input.fill(query);
  await expect(page.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
}

export const resultRows = (page: Page) => page.getByTestId('search-result');

/** Saves a full-page screenshot when E2E_SHOTS_DIR is set (for looking at the screens). */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SHOTS_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Keeps an image made outside the page (a PDF page drawn by pdf.js) beside the screenshots, when E2E_SHOTS_DIR is set. */
export function shotFile(name: string, png: Uint8Array): void {
  const dir = process.env.E2E_SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.png`), png);
}

/** Counts window.print() calls instead of opening the print dialog; read the count with `printed`. */
export async function stubPrint(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.print = () => {
      const w = window as unknown as { printed?: number };
      w.printed = (w.printed ?? 0) + 1;
    };
  });
}

export const printed = (page: Page) => page.evaluate(() => (window as unknown as { printed?: number }).printed ?? 0);
