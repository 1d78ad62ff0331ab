import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { daysAgo, rpcValue, type RunningHost } from './host';

/** Two weeks ahead: a day with no bookings yet, well clear of "now". */
export const DAY = daysAgo(-14);
const HOURS = { hours: [{ from: '08:00', to: '17:00' }], breaks: [{ from: '12:00', to: '13:00' }] };
/** 08:00–17:00 with a break 12:00–13:00, every day of the week (a template's `days`). */
export const EVERY_DAY = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => [day, HOURS]));
const OPENING = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => [day, { from: '07:30', to: '18:00' }]));

/** A clinic in New York: one provider working 08:00–17:00 every day, two types, two patients. */
export async function setUpClinic(host: RunningHost): Promise<{ providerId: string }> {
  await rpcValue(host, 'settings.update', { timeZone: 'America/New_York', openingHours: OPENING });
  const provider = await rpcValue<{ id: string }>(host, 'providers.create', { givenName: 'Grace', familyName: 'Hopper', credentials: 'MD', npi: '1234567893' });
  await rpcValue(host, 'schedule.types.create', { name: 'Follow-up', durationMinutes: 30, color: '#2f6fdf', overbookRule: 'never' });
  await rpcValue(host, 'schedule.types.create', { name: 'New patient', durationMinutes: 60, color: '#22aa55', overbookRule: 'with_reason' });
  await rpcValue(host, 'schedule.templates.save', { providerId: provider.id, days: EVERY_DAY });
  await rpcValue(host, 'patients.create', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-04-02' });
  await rpcValue(host, 'patients.create', { givenName: 'Sam', familyName: 'Okafor', dateOfBirth: '1975-11-20' });
  return { providerId: provider.id };
}


export const slot = (page: Page, time: string) => page.getByRole('button', { name: `Book with Grace Hopper, MD at ${time}`, exact: true });

export async function choosePatient(page: Page, query: string): Promise<void> {
  const dialog = page.getByTestId('booking-dialog');
  await dialog.getByTestId('booking-patient-input').fill(query);
  await expect(dialog.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await dialog.getByTestId('search-result').first().click();
  await expect(dialog.getByTestId('booking-patient')).toContainText(query);
}
