import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { format, parseISO } from 'date-fns';
import ICAL from 'ical.js';
import { addDays } from '../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../src-shared/scheduling/schema';
import { mondayOf } from '../../src-renderer/features/schedule/schedule-paths';
import { shot } from './support/app';
import { expect, openApp, test } from './support/fixtures';
import { daysAgo, rpcValue, type RunningHost } from './support/host';
import { choosePatient, DAY, setUpClinic } from './support/schedule';

test.use({ viewport: { width: 1366, height: 768 } });

const MONDAY = mondayOf(DAY);
const weekday = (offset: number) => addDays(MONDAY, offset);
const SUNDAY = weekday(6);
const WORKING_DAY = { hours: [{ from: '08:00', to: '17:00' }], breaks: [{ from: '12:00', to: '13:00' }] };

/** setUpClinic's clinic (Grace Hopper), plus Ada Lovelace working every day, and the ids the fixtures book with. */
async function clinicOfTwo(host: RunningHost) {
  const { providerId: hopper } = await setUpClinic(host);
  const lovelace = (await rpcValue<{ id: string }>(host, 'providers.create', { givenName: 'Ada', familyName: 'Lovelace', credentials: 'MD', npi: '1245319599' })).id;
  await rpcValue(host, 'schedule.templates.save', {
    providerId: lovelace,
    days: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => [day, WORKING_DAY])),
  });
  const types = await rpcValue<{ items: { id: string; name: string }[] }>(host, 'schedule.types.list', {});
  const patient = async (query: string) => (await rpcValue<{ items: { id: string }[] }>(host, 'patients.search', { query })).items[0]!.id;
  const ids = { hopper, lovelace, maria: await patient('Lopez'), sam: await patient('Okafor') };
  const book = (patientId: string, providerId: string, type: 'Follow-up' | 'New patient', date: string, time: string) =>
    rpcValue<Appointment>(host, 'appointments.book', { patientId, providerId, appointmentTypeId: types.items.find((t) => t.name === type)!.id, date, time });
  return { ...ids, book };
}

/** Hopper: Monday 09:00 Lopez, Wednesday 14:00 Okafor (new patient), Thursday 10:00 Lopez cancelled, next Monday 09:00 Lopez; Lovelace: Tuesday 11:00 Okafor. */
async function bookWeek(host: RunningHost) {
  const c = await clinicOfTwo(host);
  const monday = await c.book(c.maria, c.hopper, 'Follow-up', weekday(0), '09:00');
  const wednesday = await c.book(c.sam, c.hopper, 'New patient', weekday(2), '14:00');
  const thursday = await c.book(c.maria, c.hopper, 'Follow-up', weekday(3), '10:00');
  await rpcValue(host, 'appointments.cancel', { id: thursday.id, cancelledBy: 'patient', reason: 'Feeling better' });
  const nextWeek = await c.book(c.maria, c.hopper, 'Follow-up', weekday(7), '09:00');
  const lovelaceTuesday = await c.book(c.sam, c.lovelace, 'Follow-up', weekday(1), '11:00');
  return { ...c, monday, wednesday, thursday, nextWeek, lovelaceTuesday };
}

const goToSchedule = async (page: Page, date: string) => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Schedule/ }).click();
  await page.getByTestId('schedule-date-input').fill(date);
  await expect(page).toHaveURL(new RegExp(`#/schedule/${date}$`));
};
const column = (page: Page, date: string) => page.locator(`[data-testid="week-column"][data-date="${date}"]`);
const longDay = (date: string) => format(parseISO(date), 'EEEE, MMMM d');
const weekSlot = (page: Page, date: string, time: string) => page.getByRole('button', { name: `Book ${longDay(date)} at ${time}`, exact: true });
/** A list row's text: its cells in order (the type's colour swatch leaves a space before the type). */
const row = (...cells: string[]) => new RegExp(cells.map((cell) => cell.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s*'));

test('the week view shows one provider’s appointments on their days, books from a free slot and moves by week', async ({ page, host }) => {
  const c = await bookWeek(host);
  await openApp(page, host);
  await goToSchedule(page, DAY);

  // The view switcher, with its keys shown: the week opens on the first provider.
  const views = page.getByTestId('schedule-views');
  await expect(page.getByTestId('schedule-view-day')).toHaveText('Day Alt+1');
  await expect(page.getByTestId('schedule-view-day')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('schedule-view-week')).toHaveText('Week Alt+2');
  await expect(page.getByTestId('schedule-view-list')).toHaveText('List Alt+3');
  await views.getByRole('link', { name: 'Week', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/schedule/week/${c.hopper}/${DAY}$`));
  await expect(page.getByTestId('week-provider')).toHaveValue(c.hopper);
  await expect(page.getByTestId('week-day-head')).toHaveCount(7);
  await expect(page.getByTestId('week-day-head').first()).toHaveAttribute('data-date', MONDAY);
  await expect(page.getByTestId('week-day-head').last()).toHaveAttribute('data-date', SUNDAY);

  // Hopper's two appointments on their own days; the cancelled one, next week's and Lovelace's are not shown.
  const blocks = page.getByTestId('schedule-appointment');
  await expect(blocks).toHaveCount(2);
  await expect(column(page, weekday(0)).getByTestId('schedule-appointment')).toHaveText(['09:00–09:30 Lopez, MariaFollow-up · Booked']);
  await expect(column(page, weekday(2)).getByTestId('schedule-appointment')).toHaveText(['14:00–15:00 Okafor, SamNew patient · Booked']);
  // Coloured by type (New patient is #22aa55); the break is shaded as outside hours.
  await expect(column(page, weekday(2)).getByTestId('schedule-appointment')).toHaveCSS('border-left-color', 'rgb(34, 170, 85)');
  await expect(page.getByRole('button', { name: `Book ${longDay(weekday(4))} at 12:00 (outside hours)` })).toBeVisible();
  await shot(page, 'schedule-week-01-week');
  await page.getByTestId('week-grid').evaluate((grid) => grid.scrollTo(0, grid.scrollHeight));
  await shot(page, 'schedule-week-01-week-afternoon');

  // Book from a free slot: Friday 10:00 with Hopper.
  await weekSlot(page, weekday(4), '10:00').click();
  const dialog = page.getByTestId('booking-dialog');
  await expect(dialog.getByRole('heading')).toContainText(format(parseISO(weekday(4)), 'MM/dd/yyyy'));
  await expect(dialog.getByLabel('Time')).toHaveValue('10:00');
  await expect(dialog.getByLabel('Provider')).toHaveValue(c.hopper);
  await choosePatient(page, 'Okafor');
  await dialog.getByTestId('booking-submit').click();
  await expect(dialog).toBeHidden();
  await expect(blocks).toHaveCount(3);
  await expect(column(page, weekday(4)).getByTestId('schedule-appointment')).toContainText('Okafor, Sam');
  await shot(page, 'schedule-week-02-booked');
  const week = await rpcValue<{ appointments: Appointment[] }>(host, 'appointments.week', { providerId: c.hopper, date: DAY });
  expect(week.appointments.filter((a) => a.status === 'booked').map((a) => [a.local.date, a.local.start, a.patientId])).toEqual([
    [weekday(0), '09:00', c.maria],
    [weekday(2), '14:00', c.sam],
    [weekday(4), '10:00', c.sam],
  ]);

  // From the keyboard: Enter on a free slot opens the booking there; Escape closes it untouched.
  await weekSlot(page, weekday(5), '09:30').focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Time')).toHaveValue('09:30');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // An appointment opens in the panel, naming its provider.
  await column(page, weekday(0)).getByTestId('schedule-appointment').click();
  const panel = page.getByTestId('appointment-panel');
  await expect(panel.getByTestId('appointment-patient')).toHaveText('Lopez, Maria');
  await expect(panel).toContainText('Grace Hopper, MD');
  await panel.getByTestId('appointment-close').click();
  await expect(panel).toBeHidden();

  // Move… from the panel: to Tuesday 10:00, and the week redraws it there.
  await column(page, weekday(0)).getByTestId('schedule-appointment').click();
  await panel.getByTestId('appointment-move').click();
  const move = page.getByTestId('move-dialog');
  await move.getByLabel('Date').fill(weekday(1));
  await move.getByLabel('Time').fill('10:00');
  await move.getByTestId('move-submit').click();
  await expect(move).toBeHidden();
  await expect(column(page, weekday(0)).getByTestId('schedule-appointment')).toHaveCount(0);
  await expect(column(page, weekday(1)).getByTestId('schedule-appointment')).toHaveText(['10:00–10:30 Lopez, MariaFollow-up · Booked']);

  // Alt+→ / Alt+← next and previous week, T this week.
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page).toHaveURL(new RegExp(`#/schedule/week/${c.hopper}/${addDays(DAY, 7)}$`));
  await expect(page.getByTestId('week-day-head').first()).toHaveAttribute('data-date', weekday(7));
  await expect(column(page, weekday(7)).getByTestId('schedule-appointment')).toContainText('Lopez, Maria');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(blocks).toHaveCount(3);
  await page.keyboard.press('t');
  await expect(page).toHaveURL(new RegExp(`#/schedule/week/${c.hopper}/${daysAgo(0)}$`));
  await expect(page.locator(`[data-testid="week-day-head"][data-date="${daysAgo(0)}"]`)).toHaveClass(/today/);
  await shot(page, 'schedule-week-08-this-week');
  await page.getByTestId('week-date-input').fill(DAY);

  // Another provider's week.
  await page.getByTestId('week-provider').selectOption({ label: 'Ada Lovelace, MD' });
  await expect(page).toHaveURL(new RegExp(`#/schedule/week/${c.lovelace}/${DAY}$`));
  await expect(blocks).toHaveCount(1);
  await expect(column(page, weekday(1)).getByTestId('schedule-appointment')).toContainText('Okafor, Sam');

  // A day's name opens that day.
  await page.getByTestId('week-day-head').nth(2).click();
  await expect(page).toHaveURL(new RegExp(`#/schedule/${weekday(2)}$`));
  await expect(page.getByTestId('schedule-date')).toHaveText(format(parseISO(weekday(2)), 'EEEE, MMMM d, yyyy'));
  await shot(page, 'schedule-week-03-day-view');
});

/**
 * Drags an appointment block with the mouse (HTML5 drag and drop): grabbed near its top, let go near
 * the top of a day's slot, so it lands on that day at that slot's time.
 */
async function dragToDay(page: Page, block: Locator, date: string, time: string): Promise<void> {
  await block.hover({ position: { x: 12, y: 4 } });
  await page.mouse.down();
  await block.hover({ position: { x: 12, y: 10 }, force: true });
  await column(page, date).locator(`[data-testid="schedule-slot"][data-time="${time}"]`).hover({ position: { x: 12, y: 4 }, force: true });
  await expect(page.getByTestId('schedule-drop-preview')).toContainText(`${time}–`);
  await expect(column(page, date).getByTestId('schedule-drop-preview')).toHaveCount(1);
  await page.mouse.up();
}

test('dragging an appointment in the week moves it to the day and time it is dropped on; a drop onto another appointment is refused with what collides', async ({ page, host }) => {
  const c = await bookWeek(host);
  await c.book(c.sam, c.hopper, 'Follow-up', weekday(4), '11:00');
  await openApp(page, host);
  await goToSchedule(page, DAY);
  await page.getByTestId('schedule-view-week').click();
  const lopez = page.getByTestId('schedule-appointment').filter({ hasText: 'Lopez' });
  await expect(lopez).toHaveAttribute('title', 'Drag to another time or day to move it');

  // Monday 09:00 to Tuesday 10:00: the block shows there once the service has accepted; the old one is rescheduled.
  await dragToDay(page, lopez, weekday(1), '10:00');
  await expect(column(page, weekday(1)).getByTestId('schedule-appointment')).toHaveText(['10:00–10:30 Lopez, MariaFollow-up · Booked']);
  await expect(column(page, weekday(0)).getByTestId('schedule-appointment')).toHaveCount(0);
  await expect(page.getByTestId('schedule-drop-preview')).toHaveCount(0);
  const weekOf = async () => (await rpcValue<{ appointments: Appointment[] }>(host, 'appointments.week', { providerId: c.hopper, date: DAY })).appointments;
  const afterMove = await weekOf();
  const moved = afterMove.find((a) => a.patientId === c.maria && a.status === 'booked')!;
  expect(moved).toMatchObject({ providerId: c.hopper, local: { date: weekday(1), start: '10:00', end: '10:30' } });
  expect(afterMove.find((a) => a.id === c.monday.id)).toMatchObject({ status: 'rescheduled', rescheduledToId: moved.id });

  // Onto Okafor's Friday 11:00: refused, the Move dialog holds the drop and says what collides, and nothing moved.
  await dragToDay(page, lopez, weekday(4), '11:00');
  const dialog = page.getByTestId('move-dialog');
  const conflict = dialog.getByTestId('move-conflict');
  await expect(conflict).toContainText('The provider has another appointment 11:00–11:30');
  await expect(conflict).toContainText('Choose another time or provider.');
  await expect(dialog.getByLabel('Date')).toHaveValue(weekday(4));
  await expect(dialog.getByLabel('Time')).toHaveValue('11:00');
  await expect(page.getByTestId('schedule-drop-preview')).toHaveCount(0);
  await shot(page, 'schedule-week-09-drag-refused');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(column(page, weekday(1)).getByTestId('schedule-appointment')).toHaveText(['10:00–10:30 Lopez, MariaFollow-up · Booked']);
  await expect(column(page, weekday(4)).getByTestId('schedule-appointment')).toHaveText(['11:00–11:30 Okafor, SamFollow-up · Booked']);
  expect((await weekOf()).map((a) => [a.id, a.local.date, a.local.start, a.status])).toEqual(afterMove.map((a) => [a.id, a.local.date, a.local.start, a.status]));
});

test('the list view filters by dates, provider and status, keeps its filters in the address and links to the chart', async ({ page, host }) => {
  const c = await bookWeek(host);
  await openApp(page, host);
  await goToSchedule(page, weekday(0));

  // Alt+3 works from the date box: the list of the day shown.
  await page.keyboard.press('Alt+3');
  await expect(page).toHaveURL(new RegExp(`\\?from=${weekday(0)}&to=${weekday(0)}#/schedule/list$`));
  const rows = page.getByTestId('list-row');
  await expect(rows).toHaveText([/Lopez, Maria.*Grace Hopper, MD.*Follow-up.*Booked/]);

  // The whole week: active appointments of every provider by start.
  await page.getByTestId('list-to').fill(SUNDAY);
  await expect(page.getByTestId('list-count')).toHaveText('3 appointments');
  const listDay = (date: string) => format(parseISO(date), 'EEE MM/dd');
  await expect(rows).toHaveText([
    row(listDay(weekday(0)), '09:00–09:30', 'Lopez, Maria', 'Grace Hopper, MD', 'Follow-up', 'Booked'),
    row(listDay(weekday(1)), '11:00–11:30', 'Okafor, Sam', 'Ada Lovelace, MD', 'Follow-up', 'Booked'),
    row(listDay(weekday(2)), '14:00–15:00', 'Okafor, Sam', 'Grace Hopper, MD', 'New patient', 'Booked'),
  ]);
  await shot(page, 'schedule-week-04-list');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'schedule-week-05-list-printed');
  await page.emulateMedia({ media: 'screen' });

  // One provider; then the cancelled ones; then every status.
  await page.getByTestId('list-provider').selectOption({ label: 'Ada Lovelace, MD' });
  await expect(rows).toHaveText([/Okafor, Sam.*Ada Lovelace, MD/]);
  await page.getByTestId('list-provider').selectOption({ label: 'Every provider' });
  await page.getByTestId('list-status').selectOption({ label: 'Cancelled' });
  await expect(rows).toHaveText([row(listDay(weekday(3)), '10:00–10:30', 'Lopez, Maria', 'Grace Hopper, MD', 'Follow-up', 'Cancelled')]);
  await page.getByTestId('list-status').selectOption({ label: 'Any status' });
  await expect(page.getByTestId('list-count')).toHaveText('4 appointments');
  await expect(page).toHaveURL(new RegExp(`\\?from=${weekday(0)}&to=${SUNDAY}&status=any#/schedule/list$`));

  // More than 31 days is refused before asking; back to the week.
  await page.getByTestId('list-to').fill(addDays(MONDAY, 40));
  await expect(page.getByTestId('list-range-problem')).toHaveText('At most 31 days at a time');
  await expect(page.getByTestId('list-table')).toHaveCount(0);
  await page.getByTestId('list-to').fill(SUNDAY);
  await expect(rows).toHaveCount(4);

  // The patient links to the chart; Back returns to the same filtered list.
  await rows.first().getByRole('link', { name: 'Lopez, Maria' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${c.maria}$`));
  await page.goBack();
  await expect(page.getByTestId('list-status')).toHaveValue('any');
  await expect(page.getByTestId('list-from')).toHaveValue(weekday(0));
  await expect(page.getByTestId('list-to')).toHaveValue(SUNDAY);
  await expect(rows).toHaveCount(4);

  // The week tab keeps the dates; the chosen provider is kept too.
  await page.getByTestId('list-provider').selectOption({ label: 'Ada Lovelace, MD' });
  await page.getByTestId('schedule-view-week').click();
  await expect(page).toHaveURL(new RegExp(`#/schedule/week/${c.lovelace}/${weekday(0)}$`));
  await page.getByTestId('schedule-view-list').click();
  await expect(page).toHaveURL(new RegExp(`\\?from=${MONDAY}&to=${SUNDAY}&provider=${c.lovelace}#/schedule/list$`));
  await expect(rows).toHaveCount(1);
});

test('a long list renders only the rows in view, and printing it prints (and audits) every row', async ({ page, host }) => {
  const c = await clinicOfTwo(host);
  // Every half hour of both providers' working week: 2 × 7 × 16 = 224 appointments.
  const times = ['08', '09', '10', '11', '13', '14', '15', '16'].flatMap((hour) => [`${hour}:00`, `${hour}:30`]);
  for (let day = 0; day < 7; day++) {
    for (const time of times) {
      await c.book(c.maria, c.hopper, 'Follow-up', weekday(day), time);
      await c.book(c.sam, c.lovelace, 'Follow-up', weekday(day), time);
    }
  }
  // The rows on the page when the browser prints.
  await page.addInitScript(() => {
    window.print = () => {
      const w = window as unknown as { printedRows?: number[] };
      w.printedRows = [...(w.printedRows ?? []), document.querySelectorAll('[data-testid="list-row"]').length];
    };
  });
  await openApp(page, host);
  await goToSchedule(page, MONDAY);
  await page.getByTestId('schedule-view-list').click();
  await page.getByTestId('list-to').fill(SUNDAY);
  await expect(page.getByTestId('list-count')).toHaveText('224 appointments');
  await expect(page.getByTestId('list-table')).toHaveAttribute('aria-rowcount', '225');
  const rows = page.getByTestId('list-row');
  await expect(rows.first()).toContainText('08:00–08:30');
  expect(await rows.count()).toBeLessThan(60);

  // Scrolled to the end, the last rows are rendered.
  await page.getByTestId('list-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(page.locator('[data-testid="list-row"][aria-rowindex="225"]')).toContainText('16:30–17:00');
  await shot(page, 'schedule-week-06-long-list');

  await page.getByTestId('list-print').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printedRows?: number[] }).printedRows ?? [])).toEqual([224]);
  // After printing, the screen renders only the rows in view again.
  await expect.poll(() => rows.count()).toBeLessThan(60);
  const prints = await rpcValue<{ items: { action: string; detail: Record<string, unknown> }[] }>(host, 'audit.search', { group: 'prints_exports' });
  expect(prints.items.map((e) => [e.action, e.detail.what, e.detail.count])).toEqual([['print', 'appointment_list', 224]]);
});

test('the week’s calendar downloads as an .ics file that a standard parser reads back with the same appointments', async ({ page, host }) => {
  const c = await bookWeek(host);
  await openApp(page, host);
  await goToSchedule(page, DAY);
  await page.getByTestId('schedule-view-week').click();
  await expect(page.getByTestId('schedule-appointment')).toHaveCount(2);

  await page.getByTestId('week-export').click();
  const dialog = page.getByTestId('ics-export-dialog');
  await expect(dialog.getByLabel(/^From/)).toHaveValue(MONDAY);
  await expect(dialog.getByLabel(/^From/)).toBeFocused();
  await expect(dialog.getByLabel(/^To/)).toHaveValue(SUNDAY);
  await expect(dialog.getByLabel('Include patient names')).not.toBeChecked();
  await shot(page, 'schedule-week-07-export');

  // An end before the start is refused next to the field.
  await dialog.getByLabel(/^To/).fill(addDays(MONDAY, -1));
  await dialog.getByTestId('ics-export-submit').click();
  await expect(dialog.getByTestId('error-ics-to')).toHaveText('Must be on or after the start date');
  await dialog.getByLabel(/^To/).fill(SUNDAY);

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('ics-export-submit').click()]);
  expect(download.suggestedFilename()).toBe(`schedule-grace-hopper-md-${MONDAY}-to-${SUNDAY}.ics`);
  await expect(dialog).toBeHidden();
  const text = await readFile((await download.path())!, 'utf8');

  // Every appointment of Hopper that week (the cancelled one as a cancelled event), nobody else's, no other week's.
  const expected = await rpcValue<{ items: Appointment[] }>(host, 'appointments.list', { from: MONDAY, to: SUNDAY, providerId: c.hopper });
  expect(expected.items.map((a) => a.id).sort()).toEqual([c.monday.id, c.wednesday.id, c.thursday.id].sort());
  await expect(page.getByTestId('week-export-done')).toHaveText(`Exported 3 appointments to schedule-grace-hopper-md-${MONDAY}-to-${SUNDAY}.ics.`);

  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  expect(String(calendar.getFirstPropertyValue('prodid'))).not.toBe('');
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(expected.items.length);
  const events = vevents.map((component) => ({ component, event: new ICAL.Event(component) }));
  const uids = events.map(({ event }) => event.uid);
  expect(new Set(uids).size).toBe(uids.length);
  for (const { component } of events) {
    expect(component.getFirstPropertyValue('uid')).toBeTruthy();
    expect(component.getFirstPropertyValue('dtstamp')).toBeTruthy();
  }
  const byStart = <T extends { start: string }>(list: T[]) => [...list].sort((a, b) => a.start.localeCompare(b.start));
  const read = events.map(({ event, component }) => ({
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    utc: event.startDate.zone?.tzid === 'UTC' && event.endDate.zone?.tzid === 'UTC',
    summary: event.summary,
    status: component.getFirstPropertyValue('status'),
  }));
  expect(byStart(read)).toEqual(
    byStart(expected.items).map((a) => ({
      start: a.start,
      end: a.end,
      utc: true,
      summary: a.typeName,
      status: a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    })),
  );
  // Without the box ticked no patient is named anywhere in the file.
  expect(text).not.toMatch(/Lopez|Maria|Okafor|Sam\b/);

  // With names: the title names the patient.
  await page.getByTestId('week-export').click();
  await dialog.getByLabel('Include patient names').check();
  const [named] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('ics-export-submit').click()]);
  const namedEvents = new ICAL.Component(ICAL.parse(await readFile((await named.path())!, 'utf8'))).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  expect(namedEvents.map((e) => e.summary).sort()).toEqual(['Follow-up – Maria Lopez', 'Follow-up – Maria Lopez', 'New patient – Sam Okafor']);

  const exports = await rpcValue<{ items: { action: string; detail: Record<string, unknown> }[] }>(host, 'audit.search', { group: 'prints_exports' });
  expect(exports.items.map((e) => [e.action, e.detail.format, e.detail.count, e.detail.includePatientNames])).toEqual([
    ['export', 'ics', 3, true],
    ['export', 'ics', 3, false],
  ]);
});
