import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { pdfLines, renderPdfPage } from '../../support/pdf-read';
import { shotFile } from './app';
import { expect, openApp } from './fixtures';
import { rpcValue, type RunningHost } from './host';

/** The front desk's morning, shared by the board's specs: a clinic late in its morning, three visits booked today, and the board's rows. */

const HOUR_MS = 3_600_000;
const EVERY_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * A clinic whose clock reads late morning whenever the test runs: a fixed-offset zone (Etc/GMT-N
 * is UTC+N) where it is now 11:00–11:59, so the morning's visits are behind and a walk-in fits.
 */
function lateMorningZone(): { zone: string; today: string; offsetHours: number } {
  const hours = (((11 - new Date().getUTCHours()) % 24) + 24) % 24;
  const offsetHours = hours > 14 ? hours - 24 : hours;
  const zone = offsetHours === 0 ? 'Etc/UTC' : offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`;
  const today = new Date(Date.now() + offsetHours * HOUR_MS).toISOString().slice(0, 10);
  return { zone, today, offsetHours };
}

export interface Morning {
  today: string;
  hopper: string;
  lovelace: string;
  followUp: string;
  maria: string;
  sam: string;
  lee: string;
  visits: { sam: string; maria: string; lee: string };
}

/** Two providers working all day, two exam rooms, two types; Sam (08:30), Maria (09:00, with an earlier visit and a coverage) and Lee (10:00) booked today. */
export async function morning(host: RunningHost): Promise<Morning> {
  const { zone, today } = lateMorningZone();
  const allDay = Object.fromEntries(EVERY_DAY.map((day) => [day, { from: '00:00', to: '24:00' }]));
  await rpcValue(host, 'settings.update', { timeZone: zone, openingHours: allDay });
  const provider = async (givenName: string, familyName: string, npi: string) => {
    const { id } = await rpcValue<{ id: string }>(host, 'providers.create', { givenName, familyName, credentials: 'MD', npi });
    await rpcValue(host, 'schedule.templates.save', { providerId: id, days: Object.fromEntries(EVERY_DAY.map((day) => [day, { hours: [{ from: '00:00', to: '24:00' }] }])) });
    return id;
  };
  const hopper = await provider('Grace', 'Hopper', '1234567893');
  const lovelace = await provider('Ada', 'Lovelace', '1245319599');
  for (const name of ['Exam 1', 'Exam 2']) await rpcValue(host, 'schedule.resources.create', { kind: 'room', name });
  const followUp = (await rpcValue<{ id: string }>(host, 'schedule.types.create', { name: 'Follow-up', durationMinutes: 30, color: '#2f6fdf', overbookRule: 'never' })).id;
  await rpcValue(host, 'schedule.types.create', { name: 'New patient', durationMinutes: 60, color: '#22aa55', overbookRule: 'with_reason' });
  const patient = async (givenName: string, familyName: string, dateOfBirth: string) =>
    (await rpcValue<{ id: string }>(host, 'patients.create', { givenName, familyName, dateOfBirth, confirmNewPatient: true })).id;
  const maria = await patient('Maria', 'Lopez', '1980-04-02');
  const sam = await patient('Sam', 'Okafor', '1975-11-20');
  const lee = await patient('Lee', 'Park', '1991-06-15');
  const payer = await rpcValue<{ id: string }>(host, 'payers.create', { name: 'Blue Harbor Health', ediPayerId: 'BHH01' });
  await rpcValue(host, 'coverages.add', { patientId: maria, payerId: payer.id, rank: 'primary', memberId: 'BHH-4471902' });
  const book = async (patientId: string, providerId: string, date: string, time: string) =>
    (await rpcValue<{ id: string }>(host, 'appointments.book', { patientId, providerId, appointmentTypeId: followUp, date, time })).id;
  const lastMonth = new Date(Date.parse(`${today}T12:00:00Z`) - 28 * 24 * HOUR_MS).toISOString().slice(0, 10);
  await book(maria, hopper, lastMonth, '09:00');
  const visits = { sam: await book(sam, lovelace, today, '08:30'), maria: await book(maria, hopper, today, '09:00'), lee: await book(lee, hopper, today, '10:00') };
  return { today, hopper, lovelace, followUp, maria, sam, lee, visits };
}

export const rows = (page: Page) => page.getByTestId('board-row');
export const row = (page: Page, name: string) => rows(page).filter({ hasText: name });
export const selectedRow = (page: Page) => page.locator('[data-testid="board-row"][aria-selected="true"]');

export async function openBoard(page: Page, host: RunningHost): Promise<void> {
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Front desk/ }).click();
  await expect(page.getByTestId('board-page')).toBeVisible();
}

/** ↓ until the selected row is the patient's (from the first row). */
export async function selectByKeys(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < 20 && !((await selectedRow(page).textContent()) ?? '').includes(name); i++) await page.keyboard.press('ArrowDown');
  await expect(selectedRow(page)).toContainText(name);
}

/**
 * From the check-in's done view (a $25.00 card copay for Maria's 9:00 follow-up with Grace Hopper):
 * saves the receipt as a PDF, checks what it says, and keeps its first page (portrait) beside the
 * screenshots as `shotName`. Returns the receipt's number.
 */
export async function checkCardReceiptPdf(page: Page, dialog: Locator, cardReference: string, shotName: string): Promise<string> {
  const receiptNumber = (await dialog.getByTestId('checkin-done-receipt').textContent())!;
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('checkin-save-receipt').click()]);
  expect(download.suggestedFilename()).toBe(`receipt-${receiptNumber}.pdf`);
  const receipt = new Uint8Array(readFileSync((await download.path())!));
  const [lines] = await pdfLines(receipt);
  expect(lines).toEqual(
    expect.arrayContaining([
      'Riverside Family Practice',
      'Payment receipt',
      `Receipt no. ${receiptNumber}`,
      'Amount paid | $25.00',
      'Method | Card',
      `Card reference | ${cardReference}`,
      expect.stringMatching(/^For the visit \| \d\d\/\d\d\/\d{4} 9:00 AM · Follow-up with Grace Hopper, MD$/),
    ]),
  );
  const page1 = await renderPdfPage(receipt);
  expect(page1.height).toBeGreaterThan(page1.width);
  shotFile(shotName, page1.png);
  return receiptNumber;
}
