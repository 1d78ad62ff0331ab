import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support/fixtures';
import { shot } from './support/app';

async function openUpdates(page: Page): Promise<void> {
  await page.goto(`${page.url().split('#')[0]}#/admin/updates`);
  await expect(page.getByTestId('updates-page')).toBeVisible();
}

test('Admin › Updates in browser mode: says there is no updater here, and keeps the clinic’s policy', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Updates' }).click();
  await expect(page.getByTestId('updates-page')).toBeVisible();

  await expect(page.getByTestId('updates-unsupported')).toContainText('browser mode, which has no updater');
  await expect(page.getByTestId('updates-check')).toBeDisabled();
  await expect(page.getByTestId('updates-phase')).toHaveText('Off');
  await expect(page.getByTestId('updates-machine-policy')).toHaveAttribute('data-state', 'absent');
  await shot(page, 'updates-browser-mode');

  // A plain-http feed is refused at its field; nothing is saved.
  const form = page.getByTestId('updates-policy');
  await form.getByLabel('Ring').selectOption('beta');
  await form.getByLabel('Beta feed').fill('http://192.168.1.20/feed');
  await form.getByLabel('Beta feed').press('Enter');
  await expect(page.getByTestId('error-updates-betaFeedUrl')).toContainText('must use https://');
  await expect(form.getByLabel('Beta feed')).toBeFocused();
  await shot(page, 'updates-policy-refused');

  await form.getByLabel('Beta feed').fill('https://updates.riverside.example/clinic-office/beta');
  await form.getByLabel('Beta feed').press('Enter');
  await expect(page.getByTestId('updates-policy-message')).toContainText('Saved');
  await expect(form.getByLabel('Beta feed')).toHaveValue('https://updates.riverside.example/clinic-office/beta/');

  // It is the clinic's: it is there after a reload.
  await page.reload();
  await openUpdates(page);
  await expect(page.getByTestId('updates-policy').getByLabel('Ring')).toHaveValue('beta');
  await shot(page, 'updates-policy-saved');
});
