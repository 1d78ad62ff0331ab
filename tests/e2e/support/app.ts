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
}

/** Fills the registration / edit form the way a user does (labels, not selectors). */
export async function fillPatientForm(page: Page, p: Partial<PatientInput>): Promise<void> {
  if (p.givenName !== undefined) await page.getByLabel('Given name').fill(p.givenName);
  if (p.familyName !== undefined) await page.getByLabel('Family name').fill(p.familyName);
  if (p.dateOfBirth !== undefined) await page.getByLabel('Date of birth').fill(p.dateOfBirth);
  if (p.sex !== undefined) await page.getByLabel('Sex').selectOption({ label: p.sex });
  if (p.phone !== undefined) await page.getByLabel('Phone').fill(p.phone);
  if (p.email !== undefined) await page.getByLabel('E-mail').fill(p.email);
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
