import { daysAgo, rpcValue } from './support/host';
import { expect, openApp, test } from './support/fixtures';
import { printed, shot, stubPrint } from './support/app';
import { choosePatient, DAY, setUpClinic, slot } from './support/schedule';

test('the day view books from a free slot, refuses a double booking, overbooks with a reason and prints the day', async ({ page, host }) => {
  await setUpClinic(host);
  await stubPrint(page);
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Schedule/ }).click();
  await page.getByTestId('schedule-date-input').fill(DAY);
  await expect(page).toHaveURL(new RegExp(`#/schedule/${DAY}$`));
  await expect(page.getByTestId('schedule-provider')).toHaveText(['Grace Hopper, MD']);
  // The break and the time before 08:00 are shaded: booking there says "outside hours".
  await expect(page.getByRole('button', { name: 'Book with Grace Hopper, MD at 12:00 (outside hours)' })).toBeVisible();
  await shot(page, 'schedule-01-empty-day');

  // Book from the keyboard: Enter on a focused free slot opens the dialog with the time filled in.
  await slot(page, '09:00').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('booking-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Time')).toHaveValue('09:00');
  await expect(dialog.getByLabel('Minutes')).toHaveValue('30');
  await choosePatient(page, 'Lopez');
  await dialog.getByTestId('booking-submit').click();
  await expect(dialog).toBeHidden();
  const blocks = page.getByTestId('schedule-appointment');
  await expect(blocks).toHaveCount(1);
  await expect(blocks.first()).toContainText('Lopez, Maria');
  await expect(blocks.first()).toContainText('Follow-up · Booked');

  // The same time for the same provider: refused, and the dialog says what collides.
  await slot(page, '10:00').click();
  await dialog.getByLabel('Time').fill('09:00');
  await choosePatient(page, 'Okafor');
  await dialog.getByTestId('booking-submit').click();
  const conflict = dialog.getByTestId('booking-conflict');
  await expect(conflict).toContainText('The provider has another appointment 09:00–09:30');
  await expect(conflict).toContainText('Choose another time or provider');
  await expect(dialog.getByTestId('booking-overbook-reason')).toHaveCount(0);
  await expect(blocks).toHaveCount(1);

  // A type that may be overbooked asks for a reason, then books over the other appointment.
  await dialog.getByLabel('Type').selectOption({ label: 'New patient (60 min)' });
  await expect(dialog.getByLabel('Minutes')).toHaveValue('60');
  await dialog.getByTestId('booking-submit').click();
  await expect(conflict).toContainText('give a reason and book again');
  await expect(dialog.getByTestId('booking-overbook-reason')).toBeFocused();
  await shot(page, 'schedule-02-overbook-asked');
  await dialog.getByTestId('booking-overbook-reason').fill('Urgent referral, doctor agreed');
  await dialog.getByTestId('booking-submit').click();
  await expect(dialog).toBeHidden();
  await expect(blocks).toHaveCount(2);
  const overbooked = blocks.filter({ hasText: 'Okafor, Sam' });
  await expect(overbooked).toContainText('New patient · Booked · overbooked');
  const day = await rpcValue<{ appointments: { overbookReason: string | null; local: { start: string } }[] }>(host, 'appointments.day', { date: DAY });
  expect(day.appointments.map((a) => [a.local.start, a.overbookReason])).toEqual([
    ['09:00', null],
    ['09:00', 'Urgent referral, doctor agreed'],
  ]);
  await shot(page, 'schedule-03-day-booked');

  // An appointment opens with the status moves the status machine allows.
  await overbooked.click();
  const panel = page.getByTestId('appointment-panel');
  await expect(panel.getByTestId('appointment-patient')).toHaveText('Okafor, Sam');
  await expect(panel.getByTestId('appointment-overbook')).toHaveText('Urgent referral, doctor agreed');
  await expect(panel.getByTestId('appointment-set-checked_out')).toHaveCount(0);
  await expect(panel.getByTestId('appointment-set-no_show')).toHaveCount(0); // not before its start
  await panel.getByTestId('appointment-set-confirmed').click();
  await expect(panel.getByTestId('appointment-status')).toHaveText('Confirmed');
  await expect(panel.getByTestId('appointment-set-confirmed')).toHaveCount(0);
  await panel.getByTestId('appointment-close').click();
  await expect(overbooked).toContainText('Confirmed');

  // Printing the day is audited, then printed.
  await page.getByTestId('schedule-print').click();
  await expect.poll(() => printed(page)).toBe(1);
  const sheet = page.getByTestId('schedule-print-sheet');
  await expect(sheet).toContainText('Okafor, Sam');
  await page.emulateMedia({ media: 'print' });
  await page.emulateMedia({ media: 'screen' });
  const prints = await rpcValue<{ items: { action: string; detail: Record<string, unknown> }[] }>(host, 'audit.search', { group: 'prints_exports' });
  expect(prints.items.map((e) => [e.action, e.detail.what, e.detail.count])).toEqual([['print', 'day_schedule', 2]]);

  // Cancelling (by the clinic, with a reason) frees the time: the block leaves the grid.
  await blocks.filter({ hasText: 'Lopez, Maria' }).click();
  await panel.getByTestId('appointment-cancel').click();
  await panel.getByTestId('appointment-cancel-confirm').click();
  await expect(panel.getByText('Give a reason for the cancellation')).toBeVisible();
  await panel.getByLabel('By the clinic').check();
  await panel.getByTestId('appointment-cancel-reason').fill('Provider called away');
  await panel.getByTestId('appointment-cancel-confirm').click();
  await expect(panel.getByTestId('appointment-status')).toHaveText('Cancelled');
  await expect(panel.getByTestId('appointment-actions')).toBeEmpty();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(blocks).toHaveCount(1);

  // Keyboard: Alt+Right goes to the next day, Alt+Left back.
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page).toHaveURL(new RegExp(`#/schedule/${daysAgo(-15)}$`));
  await expect(blocks).toHaveCount(0);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(blocks).toHaveCount(1);
  // T: today.
  await page.keyboard.press('t');
  await expect(page).toHaveURL(new RegExp(`#/schedule/${daysAgo(0)}$`));
  await expect(page.getByTestId('schedule-date-input')).toHaveValue(daysAgo(0));
});
