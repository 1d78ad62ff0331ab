import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support/fixtures';
import { shot } from './support/app';
import { daysAgo, rpcValue, type RunningHost } from './support/host';
import { DAY, setUpClinic } from './support/schedule';

test.use({ viewport: { width: 1366, height: 768 } });

interface Slot {
  providerId: string;
  local: { date: string; start: string; end: string };
}
interface Named {
  id: string;
  name: string;
}
interface Entry {
  id: string;
  status: string;
  bookedAppointmentId: string | null;
}

/** YYYY-MM-DD as the screens show it: MM/DD/YYYY. */
const shownDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

async function clinic(host: RunningHost) {
  const { providerId } = await setUpClinic(host);
  const types = await rpcValue<{ items: Named[] }>(host, 'schedule.types.list', {});
  const typeId = (name: string) => types.items.find((type) => type.name === name)!.id;
  const patient = async (query: string) => (await rpcValue<{ items: { id: string }[] }>(host, 'patients.search', { query })).items[0]!.id;
  const book = (patientId: string, type: string, date: string, time: string) =>
    rpcValue<{ id: string }>(host, 'appointments.book', { patientId, providerId, appointmentTypeId: typeId(type), date, time });
  return { providerId, followUp: typeId('Follow-up'), newPatient: typeId('New patient'), maria: await patient('Lopez'), sam: await patient('Okafor'), patient, book };
}

async function pickPatient(page: Page, query: string): Promise<void> {
  await page.getByTestId('find-patient-input').fill(query);
  await expect(page.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('find-patient')).toContainText(query);
}

test('find next available books the first suggestion, refreshes after a conflict and says when nothing is free', async ({ page, host }) => {
  const c = await clinic(host);
  const lee = (await rpcValue<{ id: string }>(host, 'patients.create', { givenName: 'Lee', familyName: 'Chen', dateOfBirth: '1990-01-15' })).id;
  // 08:00–09:30 is taken on DAY, so the first free half hour is not the start of the day.
  await c.book(c.sam, 'New patient', DAY, '08:00');
  await c.book(lee, 'Follow-up', DAY, '09:00');

  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Schedule/ }).click();
  await page.getByTestId('schedule-find').click();
  await expect(page).toHaveURL(/#\/schedule\/find$/);
  await page.getByTestId('find-submit').click();
  await expect(page.getByTestId('error-find-patient')).toHaveText('Choose the patient');

  await pickPatient(page, 'Lopez');
  await expect(page.getByLabel('Type', { exact: true })).toBeFocused();
  await page.getByLabel('Not before').fill(DAY);
  await page.getByLabel('Afternoon').check();
  await page.getByLabel('Afternoon').press('Enter');
  const rows = page.getByTestId('find-slot');
  await expect(rows.first()).toContainText('13:00–13:30');

  // Any time of day: the earliest free time is what the service computes, after the booked 08:00–09:30.
  await page.getByLabel('Any', { exact: true }).check();
  await page.getByTestId('find-submit').click();
  const expected = await rpcValue<{ slots: Slot[] }>(host, 'appointments.findNext', { appointmentTypeId: c.followUp, patientId: c.maria, earliestDate: DAY });
  const first = expected.slots[0]!;
  expect(first.local).toEqual({ date: DAY, start: '09:30', end: '10:00' });
  await expect(rows).toHaveCount(expected.slots.length);
  await expect(rows.first()).toContainText(shownDate(first.local.date));
  await expect(rows.first()).toContainText(`${first.local.start}–${first.local.end}`);
  await expect(rows.first()).toContainText('Grace Hopper, MD');
  await expect(rows.first().getByTestId('find-slot-book')).toBeFocused();
  await shot(page, 'schedule-find-01-suggestions');

  // Someone takes 09:30 meanwhile: Enter on it is refused in the usual words, and the list is fresh.
  await c.book(c.sam, 'Follow-up', DAY, '09:30');
  await page.keyboard.press('Enter');
  const conflict = page.getByTestId('find-conflict');
  await expect(conflict).toContainText('Cannot book: Grace Hopper, MD already has an appointment');
  await expect(conflict).toContainText('The provider has another appointment 09:30–10:00');
  await expect(conflict).not.toContainText('overbook');
  await expect(rows.first()).toContainText('10:00–10:30');
  await expect(rows.first().getByTestId('find-slot-book')).toBeFocused();
  await shot(page, 'schedule-find-02-conflict');

  // ↓ then ↑ come back to the first; Enter books it, and the day view shows it.
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1).getByTestId('find-slot-book')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const outcome = page.getByTestId('find-outcome');
  await expect(outcome).toContainText(`Booked Lopez, Maria: Follow-up with Grace Hopper, MD`);
  await expect(outcome).toContainText('10:00–10:30');
  await expect(page.getByTestId('find-open-day')).toBeFocused();
  await shot(page, 'schedule-find-03-booked');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/schedule/${DAY}$`));
  await expect(page.getByTestId('schedule-appointment').filter({ hasText: 'Lopez, Maria' })).toContainText('10:00');
  const day = await rpcValue<{ appointments: { patientId: string; local: { start: string } }[] }>(host, 'appointments.day', { date: DAY });
  expect(day.appointments.filter((a) => a.patientId === c.maria).map((a) => a.local.start)).toEqual(['10:00']);

  // A provider without hours has nothing to offer: the screen says so and what to try.
  await rpcValue(host, 'providers.create', { givenName: 'Alan', familyName: 'Turing', credentials: 'MD', npi: '1245319599' });
  await page.getByTestId('schedule-find').click();
  await pickPatient(page, 'Okafor');
  await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Alan Turing, MD' });
  await page.getByLabel('Provider', { exact: true }).press('Enter');
  const none = page.getByTestId('find-none');
  await expect(none).toContainText('No free time within 90 days for Follow-up with Alan Turing, MD.');
  await expect(none).toContainText('Try another provider or fewer preferences, look further ahead, or put the patient on the waitlist.');
  await shot(page, 'schedule-find-04-none');
  await page.getByTestId('find-longer').click();
  await expect(none).toContainText('No free time within 366 days');
  await expect(page.getByTestId('find-longer')).toHaveCount(0);
});

test('cancelling an appointment offers its time to the waitlist and books the chosen patient in two clicks', async ({ page, host }) => {
  const c = await clinic(host);
  const lee = (await rpcValue<{ id: string }>(host, 'patients.create', { givenName: 'Lee', familyName: 'Chen', dateOfBirth: '1990-01-15' })).id;
  const ana = (await rpcValue<{ id: string }>(host, 'patients.create', { givenName: 'Ana', familyName: 'Diaz', dateOfBirth: '1968-06-30' })).id;
  await c.book(c.maria, 'Follow-up', DAY, '10:00');
  await c.book(lee, 'Follow-up', DAY, '11:00');

  await openApp(page, host);
  await page.goto(`${host.url.split('#')[0]}#/schedule/${DAY}`);
  const blocks = page.getByTestId('schedule-appointment');
  const panel = page.getByTestId('appointment-panel');
  const cancel = async (who: string) => {
    await blocks.filter({ hasText: who }).click();
    await panel.getByTestId('appointment-cancel').click();
    await panel.getByTestId('appointment-cancel-reason').fill('Patient called');
    await panel.getByTestId('appointment-cancel-confirm').click();
    await expect(panel.getByTestId('appointment-status')).toHaveText('Cancelled');
  };

  // Nobody waiting: the panel says so, and no dialog opens.
  await cancel('Chen, Lee');
  await expect(panel.getByTestId('waitlist-fill-note')).toHaveText('No one on the waitlist fits this time.');
  await expect(page.getByTestId('freed-slot-dialog')).toHaveCount(0);
  await shot(page, 'schedule-find-05-nobody-waiting');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // Lee (waiting longest, any time), Sam (mornings), Ana (afternoons only: 10:00 does not suit her).
  await rpcValue(host, 'waitlist.add', { patientId: lee, appointmentTypeId: c.followUp });
  const samEntry = await rpcValue<Entry>(host, 'waitlist.add', { patientId: c.sam, appointmentTypeId: c.followUp, partOfDay: 'morning' });
  await rpcValue(host, 'waitlist.add', { patientId: ana, appointmentTypeId: c.followUp, partOfDay: 'afternoon' });

  await cancel('Lopez, Maria');
  const dialog = page.getByTestId('freed-slot-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText(`This time is free: ${shortWeekday(DAY)} ${shownDate(DAY)}, 10:00–10:30 with Grace Hopper, MD`);
  const entries = dialog.getByTestId('freed-slot-entry');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('Chen, Lee');
  await expect(entries.nth(1)).toContainText('Okafor, Sam');
  await expect(entries.nth(1)).toContainText('Follow-up (30 min) · Any provider · mornings · waiting since');
  await shot(page, 'schedule-find-07-freed-slot');

  // Not now (Escape) closes only the offer; the panel offers it again.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(panel).toBeVisible();
  await panel.getByTestId('appointment-fill-waitlist').click();
  await expect(entries).toHaveCount(2);

  // Two clicks: pick Sam, Book.
  await entries.nth(1).click();
  await dialog.getByTestId('freed-slot-book').click();
  await expect(dialog).toBeHidden();
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('waitlist-fill-note')).toHaveText('Booked Okafor, Sam into this time: Follow-up, 10:00–10:30.');
  await shot(page, 'schedule-find-06-filled');
  await page.keyboard.press('Escape');
  await expect(blocks.filter({ hasText: 'Okafor, Sam' })).toContainText('10:00');

  const waiting = await rpcValue<{ items: Entry[] }>(host, 'waitlist.list', {});
  expect(waiting.items.map((e) => e.id)).not.toContain(samEntry.id);
  expect(waiting.items).toHaveLength(2);
  const day = await rpcValue<{ appointments: { id: string; patientId: string; status: string; local: { start: string } }[] }>(host, 'appointments.day', { date: DAY });
  const samBooked = day.appointments.find((a) => a.patientId === c.sam && a.status === 'booked');
  expect(samBooked?.local.start).toBe('10:00');
  const audit = await rpcValue<{ items: { action: string; detail: Record<string, unknown> }[] }>(host, 'audit.search', { patientId: c.sam });
  expect(audit.items.find((e) => e.action === 'appointment.book')?.detail).toMatchObject({ appointmentId: samBooked!.id, waitlistEntryId: samEntry.id });
});

test('the waitlist lists who waits longest first, adds from find next available, finds a time for an entry and removes', async ({ page, host }) => {
  const c = await clinic(host);
  const older = await rpcValue<Entry>(host, 'waitlist.add', { patientId: c.sam, appointmentTypeId: c.newPatient, weekdays: ['tue', 'thu'], partOfDay: 'morning' });

  await openApp(page, host);
  await page.goto(`${host.url.split('#')[0]}#/schedule/find`);
  await pickPatient(page, 'Lopez');
  await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Grace Hopper, MD' });
  await page.getByLabel('Mon').check();
  await page.getByLabel('Fri').check();
  await page.getByLabel('Afternoon').check();
  await page.getByLabel('Not before').fill(DAY);
  await page.getByTestId('find-add-waitlist').click();
  await expect(page.getByTestId('find-outcome')).toHaveText(
    `Lopez, Maria is on the waitlist for Follow-up with Grace Hopper, MD (Mon, Fri · afternoons · from ${shownDate(DAY)}).Open the waitlist`,
  );
  // The same wish twice is refused.
  await pickPatient(page, 'Lopez');
  await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Grace Hopper, MD' });
  await page.getByTestId('find-add-waitlist').click();
  await expect(page.getByTestId('error-find-appointmentTypeId')).toHaveText('This patient is already waiting for this type of appointment');
  await page.getByTestId('find-patient-change').click();

  await page.getByTestId('find-to-waitlist').click();
  await expect(page).toHaveURL(/#\/schedule\/waitlist$/);
  const rows = page.getByTestId('waitlist-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Okafor, Sam');
  await expect(rows.nth(0)).toContainText('New patient');
  await expect(rows.nth(0)).toContainText('Any provider');
  await expect(rows.nth(0)).toContainText('Tue, Thu · mornings');
  await expect(rows.nth(1)).toContainText('Lopez, Maria');
  await expect(rows.nth(1)).toContainText('Grace Hopper, MD');
  await expect(rows.nth(1)).toContainText(`Mon, Fri · afternoons · from ${shownDate(DAY)}`);
  await expect(rows.nth(1)).toContainText(`${shownDate(daysAgo(0))} (0 days)`);
  await shot(page, 'schedule-find-08-waitlist');

  // Find a time for Sam: the search is filled in from his entry; booking takes him off the list.
  await rows.nth(0).getByTestId('waitlist-find').click();
  await expect(page).toHaveURL(new RegExp(`#/schedule/find/${older.id}$`));
  await expect(page.getByTestId('find-patient')).toContainText('Okafor, Sam');
  await expect(page.getByLabel('Type', { exact: true })).toHaveValue(c.newPatient);
  await expect(page.getByLabel('Tue')).toBeChecked();
  await expect(page.getByLabel('Morning')).toBeChecked();
  await expect(page.getByTestId('find-on-waitlist')).toBeVisible();
  await page.getByTestId('find-submit').click();
  const slots = page.getByTestId('find-slot');
  const forSam = await rpcValue<{ slots: Slot[] }>(host, 'appointments.findNext', { appointmentTypeId: c.newPatient, patientId: c.sam, weekdays: ['tue', 'thu'], partOfDay: 'morning' });
  const soonest = forSam.slots[0]!;
  await expect(slots.first()).toContainText(shownDate(soonest.local.date));
  await expect(slots.first()).toContainText(`${soonest.local.start}–${soonest.local.end}`);
  await expect(slots.first()).toContainText(/Tuesday|Thursday/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('find-outcome')).toContainText('Taken off the waitlist.');
  const entries = await rpcValue<{ items: Entry[] }>(host, 'waitlist.list', { patientId: c.sam });
  expect(entries.items).toEqual([]);

  await page.goto(`${host.url.split('#')[0]}#/schedule/waitlist`);
  await expect(rows).toHaveCount(1);
  await rows.first().getByTestId('waitlist-remove').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Keep waiting' }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().getByTestId('waitlist-remove').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('waitlist-message')).toHaveText('Lopez, Maria is off the waitlist.');
  await expect(page.getByTestId('waitlist-empty')).toBeVisible();
  expect((await rpcValue<{ items: Entry[] }>(host, 'waitlist.list', {})).items).toEqual([]);
});

/** "Tue" for a YYYY-MM-DD date. */
function shortWeekday(iso: string): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', timeZone: 'UTC' });
}
