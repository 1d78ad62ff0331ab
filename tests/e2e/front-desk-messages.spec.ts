import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support/fixtures';
import { shot } from './support/app';
import { rpcValue } from './support/host';

/** The colleague the message ends up with: a second front-desk user. */
const RITA = { username: 'rita.alvarez', displayName: 'Rita Alvarez', password: 'Copper-Kettle-Meadow-58' } as const;

async function openMessages(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Front desk' }).click();
  await page.getByRole('navigation', { name: 'Front desk' }).getByRole('link', { name: /Messages and tasks/ }).click();
  await expect(page.getByTestId('messages-page')).toBeVisible();
}

test('a phone message is taken, routed to a colleague, and that colleague completes it', async ({ page, context, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await rpcValue(host, 'users.create', { ...RITA, role: 'front_desk' });
  await rpcValue(host, 'providers.create', { givenName: 'Grace', familyName: 'Hopper', credentials: 'MD', npi: '1234567893' });
  await rpcValue(host, 'patients.create', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-04-02', phone: '(617) 555-0142' });

  await openApp(page, host);
  await openMessages(page);
  await expect(page.getByTestId('messages-empty')).toHaveText('No new messages.');

  // M takes a message; picking the patient fills the callback number from the chart.
  await page.keyboard.press('m');
  const dialog = page.getByTestId('take-message-dialog');
  await expect(dialog.getByLabel(/^Caller/)).toBeFocused();
  await dialog.getByLabel(/^Caller/).fill('Ana Lopez (daughter)');
  await dialog.getByTestId('message-patient-input').fill('Lopez');
  await expect(dialog.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await dialog.getByTestId('message-patient-input').press('Enter');
  await expect(dialog.getByTestId('message-patient')).toContainText('Lopez, Maria');
  await expect(dialog.getByLabel('Callback number')).toHaveValue('(617) 555-0142');
  await dialog.getByLabel(/^Reason/).fill('Refill of her mother’s blood pressure pills');
  await dialog.getByLabel('Details').fill('The pharmacy says the prescription has expired.');
  await dialog.getByLabel('Urgency').selectOption('Urgent');

  // No recipient yet: Enter is refused with its own message, and nothing is saved.
  await dialog.getByLabel(/^Reason/).press('Enter');
  await expect(dialog.getByTestId('error-message-recipient')).toHaveText('Choose who this is for: a colleague or a provider');
  await expect(dialog.getByLabel(/^For/)).toBeFocused();
  await shot(page, 'messages-take');
  await dialog.getByLabel(/^For/).selectOption({ label: 'Grace Hopper, MD' });
  await dialog.getByLabel(/^For/).press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('messages-notice')).toHaveText('Message for Grace Hopper, MD saved.');

  // Escape on a half-typed message asks before discarding.
  await page.keyboard.press('t');
  await expect(page.getByTestId('take-message-dialog')).toBeVisible();
  await page.getByLabel(/^Reason/).fill('Half a thought');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Discard this task?' })).toBeVisible();
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('take-message-dialog')).toBeHidden();

  // The provider's messages: open it, route it to Rita (R).
  await page.getByTestId('messages-box-providers').click();
  await expect(page.getByTestId('message-row')).toHaveCount(1);
  await expect(page.getByTestId('message-row')).toContainText('Urgent');
  await expect(page.getByTestId('message-row')).toContainText('Ana Lopez (daughter), (617) 555-0142 · re Lopez, Maria');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message-detail-subject')).toHaveText('Refill of her mother’s blood pressure pills');
  await shot(page, 'messages-providers-detail');
  await page.keyboard.press('r');
  const route = page.getByTestId('message-route-dialog');
  await route.getByLabel(/^Route to/).selectOption({ label: RITA.displayName });
  await route.getByLabel(/^Route to/).press('Enter');
  await expect(route).toBeHidden();
  await expect(page.getByTestId('messages-notice')).toHaveText(`Message routed to ${RITA.displayName}.`);
  await expect(page.getByTestId('message-history-entry')).toHaveText([/Dana Whitfield took it for Grace Hopper, MD/, new RegExp(`Dana Whitfield routed it to ${RITA.displayName}`)]);
  await expect(page.getByTestId('messages-empty')).toBeVisible();

  // Rita signs in (another window): her Messages tab counts one new message.
  const ritaPage = await context.newPage();
  await ritaPage.setViewportSize({ width: 1366, height: 768 });
  await openApp(ritaPage, host, RITA);
  await ritaPage.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Front desk' }).click();
  await expect(ritaPage.getByTestId('messages-new-count')).toHaveText('1');
  await ritaPage.getByRole('navigation', { name: 'Front desk' }).getByRole('link', { name: /Messages and tasks/ }).click();
  await expect(ritaPage.getByTestId('messages-status-new')).toContainText('New 1');
  await shot(ritaPage, 'messages-inbox');

  // Enter opens, S starts, D asks for the outcome and marks it done.
  await ritaPage.keyboard.press('Enter');
  await expect(ritaPage.getByTestId('message-detail-status')).toHaveText('New');
  await ritaPage.keyboard.press('s');
  await expect(ritaPage.getByTestId('message-detail-status')).toHaveText('In progress');
  await expect(ritaPage.getByTestId('messages-status-in_progress')).toContainText('In progress 1');
  await ritaPage.keyboard.press('d');
  const outcome = ritaPage.getByTestId('message-outcome-dialog');
  await outcome.getByLabel(/^Outcome/).press('Enter');
  await expect(outcome.getByTestId('error-message-outcome')).toHaveText('Say what was done (the outcome)');
  await outcome.getByLabel(/^Outcome/).fill('Called Ana back; Dr. Hopper renewed it, sent to the pharmacy');
  await outcome.getByLabel(/^Outcome/).press('Enter');
  await expect(outcome).toBeHidden();
  await expect(ritaPage.getByTestId('message-detail-status')).toHaveText('Done');
  await expect(ritaPage.getByTestId('message-history-entry')).toHaveText([
    /Dana Whitfield took it for Grace Hopper, MD/,
    new RegExp(`Dana Whitfield routed it to ${RITA.displayName}`),
    new RegExp(`${RITA.displayName} started it`),
    new RegExp(`${RITA.displayName} marked it done: Called Ana back`),
  ]);
  await expect(ritaPage.getByTestId('messages-new-count')).toBeHidden();
  await ritaPage.keyboard.press('3');
  await expect(ritaPage.getByTestId('message-row')).toHaveCount(1);
  await shot(ritaPage, 'messages-done');

  // The desk that took it sees it done in "Taken by me", refreshed without a reload.
  await page.getByTestId('messages-box-sent').click();
  await page.getByTestId('messages-status-done').click();
  await expect(page.getByTestId('message-row')).toHaveCount(1);
  await page.getByTestId('message-subject').click();
  await expect(page.getByTestId('message-detail-outcome')).toContainText('Called Ana back');
  await shot(page, 'messages-sent-done');
});
