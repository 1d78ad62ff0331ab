import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { pdfLines, renderPdfPage } from '../support/pdf-read';
import { daysAgo, rpcValue, type RunningHost } from './support/host';
import { expect, openApp, test } from './support/fixtures';
import { printed, shot, shotFile, stubPrint } from './support/app';
import { choosePatient, DAY, EVERY_DAY, setUpClinic, slot } from './support/schedule';

test.use({ viewport: { width: 1366, height: 768 } });

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

interface DayAppointment {
  id: string;
  providerId: string;
  status: string;
  overbookReason: string | null;
  rescheduledToId: string | null;
  local: { date: string; start: string; end: string };
  patient: { familyName: string } | null;
}

/**
 * The clinic of setUpClinic plus a second provider (Ada Lovelace, whose default room is Exam room 1),
 * two rooms and an X-ray type that needs the X-ray room; `book` books through the contract.
 */
async function clinicWithRooms(host: RunningHost) {
  const { providerId: hopper } = await setUpClinic(host);
  const room = async (name: string) => (await rpcValue<{ id: string }>(host, 'schedule.resources.create', { kind: 'room', name })).id;
  const examRoom = await room('Exam room 1');
  const xrayRoom = await room('X-ray room');
  await rpcValue(host, 'schedule.types.create', { name: 'X-ray', durationMinutes: 20, color: '#b0621a', overbookRule: 'never', resourceIds: [xrayRoom] });
  const lovelace = (await rpcValue<{ id: string }>(host, 'providers.create', { givenName: 'Ada', familyName: 'Lovelace', credentials: 'MD', npi: '1245319599' })).id;
  await rpcValue(host, 'schedule.providers.update', { id: lovelace, defaultRoomId: examRoom });
  await rpcValue(host, 'schedule.templates.save', { providerId: lovelace, days: EVERY_DAY });
  const types = await rpcValue<{ items: { id: string; name: string }[] }>(host, 'schedule.types.list', {});
  const patient = async (query: string) => (await rpcValue<{ items: { id: string }[] }>(host, 'patients.search', { query })).items[0]!.id;
  const patients = { Lopez: await patient('Lopez'), Okafor: await patient('Okafor') };
  const book = (who: keyof typeof patients, type: string, time: string, options: { providerId?: string; overbookReason?: string } = {}) =>
    rpcValue<DayAppointment>(host, 'appointments.book', {
      patientId: patients[who],
      providerId: hopper,
      appointmentTypeId: types.items.find((t) => t.name === type)!.id,
      date: DAY,
      time,
      ...options,
    });
  return { hopper, lovelace, examRoom, book };
}

const dayOf = async (host: RunningHost, date = DAY) => (await rpcValue<{ appointments: DayAppointment[] }>(host, 'appointments.day', { date })).appointments;
const blockOf = (page: Page, who: string) => page.getByTestId('schedule-appointment').filter({ hasText: who });
const column = (page: Page, name: string) => page.getByTestId('schedule-column').and(page.getByRole('group', { name, exact: true }));

async function openDay(page: Page, host: RunningHost, suffix = ''): Promise<void> {
  await openApp(page, host);
  await page.goto(`${host.origin}/#/schedule/${DAY}${suffix}`);
  await expect(page.getByTestId('schedule-grid')).toBeVisible();
}

/**
 * Drags an appointment block with the mouse (HTML5 drag and drop): grabbed near its top, let go
 * near the top of a column's free-time slot, so it lands on that slot's time. `holdShot` names a
 * screenshot taken while it is held over the target.
 */
async function dragBlock(page: Page, block: Locator, columnName: string, time: string, holdShot?: string): Promise<void> {
  const slot = column(page, columnName).locator(`[data-testid="schedule-slot"][data-time="${time}"]`);
  // The grid scrolls: bring the block and the slot into it together, as a user would before dragging.
  const middle = ((await block.boundingBox())!.y + (await slot.boundingBox())!.y) / 2;
  await page.getByTestId('schedule-grid').evaluate((grid, y) => {
    const box = grid.getBoundingClientRect();
    grid.scrollTop += y - (box.top + box.height / 2);
  }, middle);
  const from = (await block.boundingBox())!;
  const to = (await slot.boundingBox())!;
  await page.mouse.move(from.x + 12, from.y + 4);
  await page.mouse.down();
  await page.mouse.move(from.x + 12, from.y + 10);
  await page.mouse.move(to.x + 12, to.y + 4, { steps: 8 });
  await expect(page.getByTestId('schedule-drop-preview')).toContainText(`${time}–`);
  if (holdShot) await shot(page, holdShot);
  await page.mouse.up();
}

test('rooms as columns: R switches and the address keeps it, each appointment sits in its room or under No room, and a room’s free time books with its provider', async ({ page, host }) => {
  const c = await clinicWithRooms(host);
  await c.book('Lopez', 'X-ray', '09:00');
  await c.book('Okafor', 'Follow-up', '10:00', { providerId: c.lovelace });
  await openDay(page, host);
  await expect(page.getByTestId('schedule-provider')).toHaveText(['Grace Hopper, MD', 'Ada Lovelace, MD']);
  await expect(page.getByTestId('schedule-by-providers')).toHaveAttribute('aria-pressed', 'true');

  await page.keyboard.press('r');
  await expect(page).toHaveURL(new RegExp(`#/schedule/${DAY}/rooms$`));
  await expect(page.getByTestId('schedule-by-rooms')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('schedule-room')).toHaveText(['Exam room 1', 'X-ray room', 'No room']);
  await expect(column(page, 'X-ray room').getByTestId('schedule-appointment')).toHaveText([/^09:00–09:20 · Grace Hopper, MD\s*Lopez, Maria\s*X-ray · Booked$/]);
  await expect(column(page, 'No room').getByTestId('schedule-appointment')).toHaveText([/^10:00–10:30 · Ada Lovelace, MD\s*Okafor, Sam\s*Follow-up · Booked$/]);
  await expect(column(page, 'Exam room 1').getByTestId('schedule-appointment')).toHaveCount(0);
  await shot(page, 'schedule-04-rooms');

  // The address holds the choice: a reload and the next day stay in rooms.
  await page.reload();
  await expect(page.getByTestId('schedule-room')).toHaveText(['Exam room 1', 'X-ray room', 'No room']);
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page).toHaveURL(new RegExp(`#/schedule/${daysAgo(-15)}/rooms$`));
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(column(page, 'X-ray room').getByTestId('schedule-appointment')).toHaveCount(1);

  // A free time of Exam room 1 books with the provider whose default room it is.
  await page.getByRole('button', { name: 'Book in Exam room 1 at 11:00', exact: true }).click();
  const dialog = page.getByTestId('booking-dialog');
  await expect(dialog.getByLabel('Provider')).toHaveValue(c.lovelace);
  await expect(dialog.getByLabel('Time')).toHaveValue('11:00');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByTestId('schedule-by-providers').click();
  await expect(page).toHaveURL(new RegExp(`#/schedule/${DAY}$`));
  await expect(page.getByTestId('schedule-provider')).toHaveText(['Grace Hopper, MD', 'Ada Lovelace, MD']);
});

test('dragging an appointment moves it to the time and provider it is dropped on; a drop onto another appointment is refused with what collides, and an overbookable type asks a reason first', async ({ page, host }) => {
  const c = await clinicWithRooms(host);
  const lopez = await c.book('Lopez', 'Follow-up', '09:00');
  await c.book('Okafor', 'Follow-up', '14:00');
  await c.book('Okafor', 'New patient', '09:00', { providerId: c.lovelace });
  await openDay(page, host);

  // A later time, same provider: the block shows there once the service has accepted; the old one is rescheduled.
  await dragBlock(page, blockOf(page, 'Lopez'), 'Grace Hopper, MD', '11:00', 'schedule-05-dragging');
  await expect(column(page, 'Grace Hopper, MD').getByTestId('schedule-appointment').filter({ hasText: 'Lopez' })).toContainText('11:00–11:30');
  await expect(page.getByTestId('schedule-drop-preview')).toHaveCount(0);
  const afterMove = await dayOf(host);
  const moved = afterMove.find((a) => a.patient?.familyName === 'Lopez' && a.status === 'booked')!;
  expect(moved.local.start).toBe('11:00');
  expect(afterMove.find((a) => a.id === lopez.id)).toMatchObject({ status: 'rescheduled', rescheduledToId: moved.id });

  // Onto Okafor's 14:00: refused, the Move dialog says what collides, and nothing moved.
  await dragBlock(page, blockOf(page, 'Lopez'), 'Grace Hopper, MD', '14:00');
  const dialog = page.getByTestId('move-dialog');
  const conflict = dialog.getByTestId('move-conflict');
  await expect(conflict).toContainText('The provider has another appointment 14:00–14:30');
  await expect(conflict).toContainText('Choose another time or provider.');
  await expect(dialog.getByLabel('Time')).toHaveValue('14:00');
  await expect(dialog.getByTestId('move-overbook-reason')).toHaveCount(0);
  await shot(page, 'schedule-06-drag-refused');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(blockOf(page, 'Lopez')).toContainText('11:00–11:30');
  expect((await dayOf(host)).map((a) => [a.local.start, a.status])).toEqual(afterMove.map((a) => [a.local.start, a.status]));

  // A new-patient visit (overbookable) from Lovelace onto Lopez at Hopper's 11:00: the reason is asked, then it moves.
  const newPatient = blockOf(page, 'New patient');
  await expect(newPatient).toHaveCount(1);
  await dragBlock(page, newPatient, 'Grace Hopper, MD', '11:00');
  await expect(conflict).toContainText('The provider has another appointment 11:00–11:30');
  await expect(conflict).toContainText('give a reason and move again');
  await expect(dialog.getByTestId('move-overbook-reason')).toBeFocused();
  await page.keyboard.type('Doctor agreed to see both');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(column(page, 'Ada Lovelace, MD').getByTestId('schedule-appointment')).toHaveCount(0);
  await expect(column(page, 'Grace Hopper, MD').getByTestId('schedule-appointment').filter({ hasText: 'New patient' })).toContainText('11:00–12:00');
  await expect(column(page, 'Grace Hopper, MD').getByTestId('schedule-appointment').filter({ hasText: 'New patient' })).toContainText('overbooked');
  const overbooked = (await dayOf(host)).find((a) => a.status === 'booked' && a.overbookReason !== null)!;
  expect(overbooked).toMatchObject({ providerId: c.hopper, overbookReason: 'Doctor agreed to see both', local: { start: '11:00', end: '12:00' } });
  await shot(page, 'schedule-07-dragged-overbooked');
});

test('Move… from the keyboard: another day, time and provider; the day view follows the appointment there', async ({ page, host }) => {
  const c = await clinicWithRooms(host);
  const lopez = await c.book('Lopez', 'Follow-up', '09:00');
  await openDay(page, host);
  await blockOf(page, 'Lopez').focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('appointment-panel');
  await expect(panel.getByTestId('appointment-move')).toBeVisible();
  await shot(page, 'schedule-08-panel-move');
  await panel.getByTestId('appointment-move').press('Enter');
  await expect(panel).toBeHidden();
  const dialog = page.getByTestId('move-dialog');
  await expect(dialog.getByTestId('move-now')).toContainText('09:00–09:30 with Grace Hopper, MD, Follow-up');
  await expect(dialog.getByLabel('Date')).toBeFocused();
  await expect(dialog.getByLabel('Date')).toHaveValue(DAY);
  const nextDay = daysAgo(-15);
  await dialog.getByLabel('Date').fill(nextDay);
  await dialog.getByLabel('Time').fill('10:30');
  await dialog.getByLabel('Provider').selectOption({ label: 'Ada Lovelace, MD' });
  await shot(page, 'schedule-09-move-dialog');
  // Enter on the provider list moves it (as Enter in a text box would).
  await dialog.getByLabel('Provider').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`#/schedule/${nextDay}$`));
  await expect(column(page, 'Ada Lovelace, MD').getByTestId('schedule-appointment')).toContainText(['10:30–11:00 Lopez, Maria']);
  const [moved] = await dayOf(host, nextDay);
  expect(moved).toMatchObject({ providerId: c.lovelace, status: 'booked', local: { date: nextDay, start: '10:30', end: '11:00' } });
  expect((await dayOf(host)).find((a) => a.id === lopez.id)).toMatchObject({ status: 'rescheduled', rescheduledToId: moved!.id });
});

test('Save as PDF downloads the day as the service made it (providers or rooms), audited as an export; its first page looks like the schedule', async ({ page, host }) => {
  const c = await clinicWithRooms(host);
  await c.book('Lopez', 'Follow-up', '09:00');
  await c.book('Okafor', 'New patient', '09:00', { overbookReason: 'Urgent referral' });
  await c.book('Lopez', 'X-ray', '15:00');
  const cancelled = await c.book('Okafor', 'Follow-up', '10:00', { providerId: c.lovelace });
  await rpcValue(host, 'appointments.cancel', { id: cancelled.id, cancelledBy: 'patient', reason: 'Feeling better' });
  await c.book('Okafor', 'Follow-up', '11:00', { providerId: c.lovelace });
  await openDay(page, host);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('schedule-save-pdf').click()]);
  expect(download.suggestedFilename()).toBe(`day-schedule-${DAY}.pdf`);
  const bytes = new Uint8Array(readFileSync((await download.path())!));
  const [lines] = await pdfLines(bytes);
  expect(lines).toEqual(
    expect.arrayContaining([
      'Riverside Family Practice',
      'Grace Hopper, MD',
      '09:00–09:30 | Lopez, Maria | Follow-up | Booked',
      '09:00–10:00 | Okafor, Sam | New patient | Booked (overbooked)',
      '15:00–15:20 | Lopez, Maria | X-ray | Booked | X-ray room',
      'Ada Lovelace, MD',
      '11:00–11:30 | Okafor, Sam | Follow-up | Booked',
    ]),
  );
  expect(lines!.join('\n')).not.toContain('10:00–10:30');
  const page1 = await renderPdfPage(bytes);
  expect(page1.width).toBeGreaterThan(page1.height);
  shotFile('schedule-10-pdf-page1', page1.png);

  // In the rooms view the PDF is by room.
  await page.keyboard.press('r');
  await expect(page.getByTestId('schedule-room')).toHaveCount(3);
  const [byRoom] = await Promise.all([page.waitForEvent('download'), page.getByTestId('schedule-save-pdf').click()]);
  expect(byRoom.suggestedFilename()).toBe(`day-schedule-${DAY}-by-room.pdf`);
  const [roomLines] = await pdfLines(new Uint8Array(readFileSync((await byRoom.path())!)));
  expect(roomLines!.slice(roomLines!.indexOf('X-ray room'), roomLines!.indexOf('X-ray room') + 3)).toEqual([
    'X-ray room',
    'Time | Patient | Type | Status | Provider',
    '15:00–15:20 | Lopez, Maria | X-ray | Booked | Grace Hopper, MD',
  ]);

  const exports = await rpcValue<{ items: { action: string; detail: Record<string, unknown> }[] }>(host, 'audit.search', { group: 'prints_exports' });
  expect(exports.items.map((e) => [e.action, e.detail.what, e.detail.format, e.detail.by, e.detail.count])).toEqual([
    ['export', 'day_schedule', 'pdf', 'rooms', 4],
    ['export', 'day_schedule', 'pdf', 'providers', 4],
  ]);
});
