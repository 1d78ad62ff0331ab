import type { Page } from '@playwright/test';
import { addDays } from '../../src-shared/scheduling/clinic-time';
import { expect, openApp, test } from './support/fixtures';
import { shot } from './support/app';
import { rpcValue } from './support/host';

const goToAdmin = async (page: Page, section: string) => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: section, exact: true }).click();
};

/** The first Monday at least a month from now, as YYYY-MM-DD. */
const mondayAMonthAhead = () => {
  const date = new Date(Date.now() + 30 * 86_400_000);
  while (date.getUTCDay() !== 1) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
};

/** YYYY-MM-DD as the screens show it: MM/DD/YYYY. */
const shownDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

interface Saved {
  id: string;
  name?: string;
}

test('an administrator sets the time zone, a room, a type needing it, a weekly template and a holiday', async ({ page, host }) => {
  const provider = await rpcValue<{ id: string }>(host, 'providers.create', { givenName: 'Grace', familyName: 'Hopper', credentials: 'MD', npi: '1234567893' });
  await openApp(page, host);

  // The clinic's time zone and opening hours.
  await goToAdmin(page, 'Clinic settings');
  await page.getByLabel(/^Time zone/).fill('America/Chicago');
  await page.getByTestId('opening-sat-open').check();
  await page.getByLabel('Saturday closes').fill('12:00');
  await shot(page, 'schedule-setup-settings');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-message')).toContainText('Saved');
  const settings = await rpcValue<{ timeZone?: string; openingHours?: Record<string, { from: string; to: string }> }>(host, 'settings.get', {});
  expect(settings.timeZone).toBe('America/Chicago');
  expect(settings.openingHours?.sat).toEqual({ from: '08:00', to: '12:00' });

  // A room.
  await goToAdmin(page, 'Rooms and equipment');
  await page.getByTestId('new-resource').click();
  await page.getByLabel(/^Name/).fill('Procedure room 1');
  await page.getByLabel(/^Name/).press('Enter');
  await expect(page.getByTestId('resource-name')).toHaveText(['Procedure room 1']);
  const rooms = await rpcValue<{ items: Saved[] }>(host, 'schedule.resources.list', {});
  const room = rooms.items.find((r) => r.name === 'Procedure room 1');
  expect(room).toBeDefined();

  // An appointment type needing it; a cap rule without its number is refused next to the field.
  await goToAdmin(page, 'Appointment types');
  await page.getByTestId('new-type').click();
  await page.getByLabel(/^Name/).fill('Minor procedure');
  await page.getByLabel(/^Length in minutes/).fill('45');
  await page.getByTestId('type-needs-Procedure room 1').check();
  await page.getByLabel(/^Overbooking/).selectOption('cap');
  await page.getByTestId('save-type').click();
  await expect(page.getByTestId('error-type-overbookCapPerDay')).toHaveText('How many overbooks a day?');
  await page.getByLabel(/^Overbooks allowed per day/).fill('2');
  await expect(page.getByTestId('error-type-overbookCapPerDay')).toHaveText('');
  await shot(page, 'schedule-setup-type');
  await page.getByLabel(/^Overbooks allowed per day/).press('Enter');
  await expect(page.getByTestId('type-name')).toHaveText(['Minor procedure']);
  const types = await rpcValue<{ items: (Saved & { resourceIds: string[]; durationMinutes: number; overbookCapPerDay: number | null })[] }>(host, 'schedule.types.list', {});
  expect(types.items.map((t) => [t.name, t.durationMinutes, t.resourceIds, t.overbookCapPerDay])).toEqual([['Minor procedure', 45, [room!.id], 2]]);

  // The provider's weekly hours: Monday 09:00–17:00 with lunch, Tuesday mornings.
  await goToAdmin(page, 'Availability');
  await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Grace Hopper, MD' });
  await page.getByTestId('new-template').click();
  await page.getByTestId('add-mon-hours').click();
  await page.getByTestId('mon-hours-0-from').fill('09:00');
  await page.getByTestId('mon-hours-0-to').fill('17:00');
  await page.getByTestId('add-mon-breaks').click();
  await page.getByTestId('mon-breaks-0-from').fill('12:00');
  await page.getByTestId('mon-breaks-0-to').fill('13:00');
  await page.getByTestId('add-tue-hours').click();
  await page.getByTestId('tue-hours-0-from').fill('08:30');
  await page.getByTestId('tue-hours-0-to').fill('12:00');
  await shot(page, 'schedule-setup-template');
  await page.getByTestId('tue-hours-0-to').press('Enter');
  await expect(page.getByTestId('templates-message')).toContainText('saved');
  await expect(page.getByTestId('template-row')).toHaveCount(1);
  const templates = await rpcValue<{ items: { days: Record<string, unknown> }[] }>(host, 'schedule.templates.list', { providerId: provider.id });
  expect(templates.items).toHaveLength(1);
  expect(templates.items[0]!.days).toEqual({
    mon: { hours: [{ from: '09:00', to: '17:00' }], breaks: [{ from: '12:00', to: '13:00' }], reserved: [] },
    tue: { hours: [{ from: '08:30', to: '12:00' }], breaks: [], reserved: [] },
  });

  // A holiday on a Monday already booked: the appointment now outside the hours is listed.
  const holiday = mondayAMonthAhead();
  const patient = await rpcValue<{ id: string }>(host, 'patients.create', { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '1985-12-10' });
  await rpcValue(host, 'appointments.book', { patientId: patient.id, providerId: provider.id, appointmentTypeId: types.items[0]!.id, date: holiday, time: '09:00' });
  await page.getByTestId('new-exception').click();
  await page.getByLabel(/^Date/).fill(holiday);
  await page.getByLabel(/^Note/).fill('Holiday');
  await page.getByLabel(/^Note/).press('Enter');
  await expect(page.getByTestId('exception-row')).toHaveCount(1);
  await expect(page.getByTestId('exception-row')).toContainText(shownDate(holiday));
  await expect(page.getByTestId('appointments-outside')).toContainText(`${shownDate(holiday)} 09:00–09:45 · Minor procedure · Byron, Ada`);
  await shot(page, 'schedule-setup-availability');
  const exceptions = await rpcValue<{ items: { date: string; kind: string; label: string | null }[] }>(host, 'schedule.exceptions.list', {
    providerId: provider.id,
    from: holiday,
    to: holiday,
  });
  expect(exceptions.items.map((e) => [e.date, e.kind, e.label])).toEqual([[holiday, 'closed_day', 'Holiday']]);

  // Tuesdays now start later: the Tuesday appointment at 09:00 is listed under the weekly hours.
  const tuesday = addDays(holiday, 1);
  await rpcValue(host, 'appointments.book', { patientId: patient.id, providerId: provider.id, appointmentTypeId: types.items[0]!.id, date: tuesday, time: '09:00' });
  const hours = page.getByTestId('templates-panel');
  await expect(hours.getByTestId('appointments-outside')).toHaveCount(0);
  await hours.getByTestId('edit-template').click();
  await page.getByTestId('tue-hours-0-from').fill('10:00');
  await page.getByTestId('tue-hours-0-from').press('Enter');
  await expect(page.getByTestId('templates-message')).toContainText('saved');
  // Both the Tuesday visit and the holiday's (still not moved) are listed.
  await expect(hours.getByTestId('appointments-outside')).toContainText('2 appointments are now outside');
  await expect(hours.getByTestId('appointments-outside').getByRole('listitem')).toHaveText([
    `${shownDate(holiday)} 09:00–09:45 · Minor procedure · Byron, Ada`,
    `${shownDate(tuesday)} 09:00–09:45 · Minor procedure · Byron, Ada`,
  ]);
});
