import type { Page } from '@playwright/test';
import { format, parseISO } from 'date-fns';
import { expect, openApp, test } from './support/fixtures';
import { shot } from './support/app';
import { daysAgo, rpcValue, type RunningHost } from './support/host';
import { choosePatient, DAY, setUpClinic, slot } from './support/schedule';

test.use({ viewport: { width: 1366, height: 768 } });

/** DAY and the same weekday in the weeks after it. */
const week = (weeks: number, extraDays = 0) => daysAgo(-14 - 7 * weeks - extraDays);
/** As the series screens show a visit's date: "Tue 03/17/2026". */
const shownDate = (iso: string) => format(parseISO(iso), 'EEE MM/dd/yyyy');

interface Listed {
  status: string;
  overbookReason: string | null;
  patient: { familyName: string } | null;
  local: { date: string; start: string };
}

/** The appointments from DAY to four weeks on that still hold their time, as "date time family-name". */
async function booked(host: RunningHost): Promise<string[]> {
  const list = await rpcValue<{ items: Listed[] }>(host, 'appointments.list', { from: DAY, to: week(4) });
  return list.items
    .filter((a) => !['cancelled', 'rescheduled'].includes(a.status))
    .map((a) => `${a.local.date} ${a.local.start} ${a.patient?.familyName}`)
    .sort();
}

async function openDay(page: Page, date: string): Promise<void> {
  await page.getByTestId('schedule-date-input').fill(date);
  await expect(page).toHaveURL(new RegExp(`#/schedule/${date}`));
  await expect(page.getByTestId('schedule-grid')).toBeVisible();
}

async function openSchedule(page: Page, host: RunningHost): Promise<void> {
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Schedule/ }).click();
  await openDay(page, DAY);
}

/** From the booking dialog of the 10:00 slot: Maria Lopez, repeating weekly. */
async function startWeeklyBooking(page: Page) {
  await slot(page, '10:00').click();
  const dialog = page.getByTestId('booking-dialog');
  await choosePatient(page, 'Lopez');
  await dialog.getByTestId('booking-repeat').check();
  return dialog;
}

test('a weekly series books from the day view, shows on the following weeks, and one visit moves through the series dialog', async ({ page, host }) => {
  await setUpClinic(host);
  await openSchedule(page, host);

  const dialog = await startWeeklyBooking(page);
  // The start's weekday is chosen; an end is required before anything is sent.
  const weekday = format(parseISO(DAY), 'EEEE');
  await expect(dialog.getByRole('checkbox', { name: weekday, exact: true })).toBeChecked();
  await expect(dialog.getByTestId('booking-preview-missing')).toHaveText('The visits show here once the days and an end are chosen.');
  await dialog.getByTestId('booking-submit').click();
  await expect(dialog.getByTestId('error-booking-ends')).toHaveText('A repeat needs an end: choose an end date or a number of visits');
  expect(await booked(host)).toEqual([]);
  await shot(page, 'schedule-series-00-end-required');

  // An end date: half a year of visits, previewed as the first ones, how many more and the last.
  await dialog.getByLabel('Last date').fill(week(25));
  await expect(dialog.getByTestId('booking-ends-until')).toBeChecked();
  await expect(dialog.getByTestId('error-booking-ends')).toBeEmpty();
  const preview = dialog.getByTestId('booking-preview');
  await expect(preview.getByRole('heading')).toHaveText('26 visits');
  await expect(preview.getByRole('listitem')).toHaveText([
    ...[0, 1, 2, 3, 4, 5].map((n) => `${shownDate(week(n))} 10:00`),
    '… 19 more …',
    `${shownDate(week(25))} 10:00`,
  ]);
  await shot(page, 'schedule-series-00-long-preview');

  // Typing the number of visits chooses "after" instead.
  await dialog.getByLabel('Number of visits').fill('4');
  await expect(dialog.getByTestId('booking-ends-count')).toBeChecked();
  await expect(dialog.getByTestId('booking-preview-visit')).toHaveText([0, 1, 2, 3].map((n) => `${shownDate(week(n))} 10:00`));
  await expect(dialog.getByTestId('booking-submit')).toHaveText('Book 4 visits');
  await shot(page, 'schedule-series-00-repeat-preview');
  await dialog.getByTestId('booking-submit').click();
  await expect(dialog).toBeHidden();

  // Every week's day shows its visit.
  const blocks = page.getByTestId('schedule-appointment');
  for (const n of [0, 1, 2, 3]) {
    await openDay(page, week(n));
    await expect(blocks).toHaveCount(1);
    await expect(blocks.first()).toContainText('10:00–10:30');
    await expect(blocks.first()).toContainText('Lopez, Maria');
  }

  // The third visit moves to the next day at 11:00, through the series dialog.
  await openDay(page, week(2));
  await blocks.first().click();
  const panel = page.getByTestId('appointment-panel');
  await panel.getByTestId('appointment-series').click();
  const series = page.getByTestId('series-dialog');
  const visits = series.getByTestId('series-visit');
  await expect(visits).toHaveCount(4);
  await expect(series.getByTestId('series-summary')).toContainText('4 visits with Grace Hopper, MD, 30 min');
  await expect(visits.nth(2).getByTestId('series-visit-choose')).toBeChecked();
  await expect(series.getByTestId('series-change')).toBeFocused();

  // All visits into the lunch break: every one collides, each is listed, and nothing changes.
  await series.getByTestId('series-change').click();
  const change = series.getByTestId('series-change-form');
  await expect(change.getByTestId('series-scope-one')).toBeFocused();
  await expect(change.getByTestId('series-scope-one')).toBeChecked();
  await change.getByTestId('series-scope-all').check();
  await expect(change.getByLabel('Date')).toHaveCount(0);
  await change.getByLabel('Time').fill('12:00');
  await change.getByTestId('series-change-submit').click();
  const refused = series.getByTestId('series-conflict');
  await expect(refused).toContainText('4 visits cannot be changed, so nothing was changed.');
  await expect(refused.getByTestId('booking-conflict-item')).toHaveText([0, 1, 2, 3].map((n) => `${shownDate(week(n))}: Outside the provider’s bookable time: 12:00–12:30`));
  await expect(series.getByTestId('series-overbook-reason')).toHaveCount(0);
  await shot(page, 'schedule-series-01-conflict-all');
  await expect(visits.locator('td.mono')).toHaveText(Array(4).fill('10:00–10:30'));
  // Escape leaves the form (nothing typed is kept) and the focus goes back to where it was opened.
  await page.keyboard.press('Escape');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(change).toBeHidden();
  await expect(series.getByTestId('series-change')).toBeFocused();

  await series.getByTestId('series-change').click();
  await expect(change.getByTestId('series-scope-one')).toBeChecked();
  await change.getByLabel('Date').fill(week(2, 1));
  await change.getByLabel('Time').fill('11:00');
  await shot(page, 'schedule-series-02-move-one');
  await page.keyboard.press('Enter');
  await expect(series.getByTestId('series-done')).toHaveText(`Moved the visit of ${shownDate(week(2))} to ${shownDate(week(2, 1))} at 11:00.`);
  await expect(visits).toHaveCount(4);
  await expect(visits.nth(2)).toContainText('moved');
  await expect(visits.locator('td.mono')).toHaveText(['10:00–10:30', '10:00–10:30', '11:00–11:30', '10:00–10:30']);
  await expect(visits.nth(2)).toHaveAttribute('data-date', week(2, 1));
  await shot(page, 'schedule-series-03-moved');

  // Cancel the last visit only, by the clinic, with a reason.
  await visits.nth(3).getByTestId('series-visit-choose').check();
  await series.getByTestId('series-cancel').click();
  const cancel = series.getByTestId('series-cancel-form');
  await cancel.getByTestId('series-cancel-confirm').click();
  await expect(cancel.getByText('Give a reason for the cancellation')).toBeVisible();
  await cancel.getByLabel('By the clinic').check();
  await cancel.getByTestId('series-cancel-reason').fill('Provider away that day');
  await shot(page, 'schedule-series-04-cancel-one');
  await cancel.getByTestId('series-cancel-confirm').click();
  await expect(series.getByTestId('series-done')).toHaveText('Cancelled 1 visit.');
  await expect(visits.getByTestId('series-visit-status')).toHaveText(['Booked', 'Booked', 'Booked', 'Cancelled']);

  // Escape closes the series dialog only; the focus is back on "Series…".
  await page.keyboard.press('Escape');
  await expect(series).toBeHidden();
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('appointment-series')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // The moved visit left its day and shows at its new time; the others did not move.
  await expect(blocks).toHaveCount(0);
  await openDay(page, week(2, 1));
  await expect(blocks).toHaveCount(1);
  await expect(blocks.first()).toContainText('11:00–11:30');
  await openDay(page, week(1));
  await expect(blocks.first()).toContainText('10:00–10:30');
  expect(await booked(host)).toEqual([`${week(0)} 10:00 Lopez`, `${week(1)} 10:00 Lopez`, `${week(2, 1)} 11:00 Lopez`]);

  // This and the following visits to 14:00: the series splits and the dialog follows the chosen visit into its new part.
  await blocks.first().click();
  await panel.getByTestId('appointment-series').click();
  await expect(visits.nth(1).getByTestId('series-visit-choose')).toBeChecked();
  await series.getByTestId('series-change').click();
  await change.getByTestId('series-scope-following').check();
  await change.getByLabel('Time').fill('14:00');
  await change.getByTestId('series-change-submit').click();
  await expect(series.getByTestId('series-done')).toHaveText('Changed 2 visits.');
  await expect(visits).toHaveCount(3);
  await expect(series.getByTestId('series-summary')).toHaveText(`3 visits with Grace Hopper, MD, 30 min, from ${shownDate(week(1))} (1 cancelled)`);
  await expect(visits.locator('td.mono')).toHaveText(['14:00–14:30', '11:00–11:30', '10:00–10:30']);
  await expect(visits.getByTestId('series-visit-status')).toHaveText(['Booked', 'Booked', 'Cancelled']);
  await shot(page, 'schedule-series-05-following');
  expect(await booked(host)).toEqual([`${week(0)} 10:00 Lopez`, `${week(1)} 14:00 Lopez`, `${week(2, 1)} 11:00 Lopez`]);
});

test('a series that collides on one date lists that date and books nothing; a type that may be overbooked asks for a reason', async ({ page, host }) => {
  const { providerId } = await setUpClinic(host);
  const sam = (await rpcValue<{ items: { id: string }[] }>(host, 'patients.search', { query: 'Okafor' })).items[0]!.id;
  const types = await rpcValue<{ items: { id: string; name: string }[] }>(host, 'schedule.types.list', {});
  const followUp = types.items.find((type) => type.name === 'Follow-up')!.id;
  await rpcValue(host, 'appointments.book', { patientId: sam, providerId, appointmentTypeId: followUp, date: week(2), time: '10:00' });
  await openSchedule(page, host);

  const dialog = await startWeeklyBooking(page);
  await dialog.getByTestId('booking-ends-count').check();
  await dialog.getByLabel('Number of visits').fill('4');
  await dialog.getByTestId('booking-submit').click();
  const conflict = dialog.getByTestId('booking-conflict');
  await expect(conflict).toContainText('1 of the 4 visits cannot be booked, so none was booked.');
  await expect(conflict.getByTestId('booking-conflict-item')).toHaveText([`${shownDate(week(2))}: The provider has another appointment 10:00–10:30 (Grace Hopper, MD)`]);
  await expect(dialog.locator('.visit-refused')).toHaveText(`${shownDate(week(2))} 10:00 (cannot be booked)`);
  // Follow-ups are never overbooked: no reason is asked.
  await expect(dialog.getByTestId('booking-overbook-reason')).toHaveCount(0);
  await shot(page, 'schedule-series-06-booking-conflict');
  expect(await booked(host)).toEqual([`${week(2)} 10:00 Okafor`]);

  // A new-patient series may be overbooked with a reason.
  await dialog.getByLabel('Type').selectOption({ label: 'New patient (60 min)' });
  await dialog.getByTestId('booking-submit').click();
  await expect(conflict).toContainText('give a reason and book again');
  await expect(dialog.getByTestId('booking-overbook-reason')).toBeFocused();
  await dialog.getByTestId('booking-overbook-reason').fill('Course agreed with the doctor');
  await dialog.getByTestId('booking-submit').click();
  await expect(dialog).toBeHidden();
  expect(await booked(host)).toEqual([`${week(0)} 10:00 Lopez`, `${week(1)} 10:00 Lopez`, `${week(2)} 10:00 Lopez`, `${week(2)} 10:00 Okafor`, `${week(3)} 10:00 Lopez`]);
  const list = await rpcValue<{ items: Listed[] }>(host, 'appointments.list', { from: DAY, to: week(4) });
  expect(list.items.filter((a) => a.overbookReason !== null).map((a) => a.local.date)).toEqual([week(2)]);
});
