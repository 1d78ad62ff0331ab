import type { Page } from '@playwright/test';
import { samplePdf } from '../support/document-files';
import { shot } from './support/app';
import { expect, openApp, test } from './support/fixtures';
import { daysAgo, rpcValue } from './support/host';

async function openFrontDeskSection(page: Page, section: RegExp, testId: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Front desk' }).click();
  await page.getByRole('navigation', { name: 'Front desk' }).getByRole('link', { name: section }).click();
  await expect(page.getByTestId(testId)).toBeVisible();
}

const referralRow = (page: Page) => page.getByTestId('referral-row');

test('a referral is logged 45 days back, shown overdue, then sent, scheduled and its report received', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await rpcValue(host, 'providers.create', { givenName: 'Grace', familyName: 'Hopper', credentials: 'MD', npi: '1234567893' });
  const maria = await rpcValue<{ id: string }>(host, 'patients.create', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-04-02' });
  const letter = { patientId: maria.id, kind: 'correspondence', documentDate: daysAgo(46), fileName: 'letter.pdf', contentBase64: samplePdf().toString('base64') };
  await rpcValue(host, 'documents.attach', { ...letter, title: 'Cardiology referral letter' });
  await rpcValue(host, 'documents.attach', { ...letter, title: 'Cardiology consult report', documentDate: daysAgo(0) });

  await openApp(page, host);
  // The clinic waits 40 days for a report (Admin › Clinic settings); 0 is refused.
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Clinic settings' }).click();
  const reportDays = page.getByLabel(/^A referral is overdue with no report after/);
  await expect(reportDays).toHaveValue('30');
  await reportDays.fill('0');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('error-settings-referralReportDays')).toHaveText('At least 1 day');
  await reportDays.fill('40');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-message')).toContainText('Saved');

  await openFrontDeskSection(page, /^Referrals/, 'referrals-page');
  await expect(page.getByTestId('referrals-page')).toContainText('no report came 40 days after');
  await expect(page.getByTestId('referrals-empty')).toHaveText('No open outgoing referrals.');

  // N logs a referral; the patient is found as everywhere, Enter picks the first.
  await page.keyboard.press('n');
  const dialog = page.getByTestId('log-referral-dialog');
  await dialog.getByTestId('referral-patient-input').fill('Lopez');
  await expect(dialog.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await dialog.getByTestId('referral-patient-input').press('Enter');
  await expect(dialog.getByTestId('referral-patient')).toContainText('Lopez, Maria');
  await dialog.getByLabel(/^Referred to/).fill('Dr. Ruth Heart');
  await dialog.getByLabel('Organisation').fill('Springfield Cardiology');
  await dialog.getByLabel('Their fax').fill('617 555 0101');
  await dialog.getByLabel('Referring provider').selectOption({ label: 'Grace Hopper, MD' });
  await dialog.getByLabel(/^Referred on/).fill(daysAgo(45));
  await dialog.getByLabel(/^Reason/).fill('Chest pain on exertion');
  await dialog.getByLabel(/^Diagnoses/).fill('e119, XYZ');
  await dialog.getByTestId('referral-documents').getByLabel(/Cardiology referral letter/).check();

  // A code that is not ICD-10-CM is refused next to the box, without quoting it; nothing is logged.
  await dialog.getByLabel(/^Diagnoses/).press('Enter');
  await expect(dialog.getByTestId('error-referral-diagnoses')).toHaveText('Diagnosis 2 is not an ICD-10-CM code: three characters (e.g. E11), then up to four after a dot (E11.65)');
  await expect(dialog.getByLabel(/^Diagnoses/)).toBeFocused();
  await shot(page, 'refsup-01-log-refused');
  await dialog.getByLabel(/^Diagnoses/).fill('e119, i10');
  await dialog.getByLabel(/^Diagnoses/).press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('referrals-message')).toHaveText('Referral logged.');

  // 45 days after the referral with no report: 5 days past the clinic's 40.
  await expect(referralRow(page)).toHaveCount(1);
  await expect(referralRow(page)).toHaveAttribute('data-overdue', 'true');
  await expect(referralRow(page).getByTestId('referral-days-overdue')).toHaveText('5 days overdue');
  await expect(page.getByTestId('referrals-overdue-count')).toHaveText('1');
  await page.getByTestId('referrals-view-overdue').click();
  await expect(referralRow(page)).toHaveCount(1);
  await expect(referralRow(page)).toHaveClass(/row-overdue/);
  await expect(referralRow(page)).toContainText('Lopez, Maria');
  await expect(referralRow(page)).toContainText('Dr. Ruth Heart');
  await expect(referralRow(page).getByTestId('referral-days-overdue')).toHaveText('5 days overdue');
  await shot(page, 'refsup-02-overdue');

  // Open it: its details, then move it along.
  await referralRow(page).getByTestId('toggle-referral').click();
  const panel = page.getByTestId('referral-panel');
  await expect(panel.getByTestId('referral-diagnoses')).toHaveText('E11.9, I10');
  await expect(panel).toContainText('Cardiology referral letter');
  await expect(panel).toContainText('fax (617) 555-0101');
  await shot(page, 'refsup-03-panel');
  await panel.getByTestId('referral-action-sent').click();
  await expect(page.getByTestId('referrals-message')).toHaveText('Referral marked sent.');
  // Sent today: the clinic waits 40 days from now, so nothing is overdue.
  await expect(page.getByTestId('referrals-empty')).toHaveText('No referral is overdue.');
  await expect(page.getByTestId('referrals-overdue-count')).toHaveCount(0);

  await page.getByTestId('referrals-view-outgoing').click();
  await expect(referralRow(page).getByTestId('referral-status')).toHaveText('Sent');
  await referralRow(page).getByTestId('toggle-referral').click();
  await page.getByTestId('referral-action-scheduled').click();
  const scheduled = page.getByTestId('referral-scheduled-form');
  await expect(scheduled.getByLabel(/^Appointment on/)).toBeFocused();
  await scheduled.getByLabel(/^Appointment on/).fill(daysAgo(-7));
  await scheduled.getByLabel(/^Appointment on/).press('Enter');
  await expect(page.getByTestId('referral-appointment')).toHaveText(new RegExp(daysAgo(-7).slice(8, 10)));
  await page.getByTestId('referral-action-report_received').click();
  const report = page.getByTestId('referral-report-form');
  await report.getByLabel('The report in the chart').selectOption({ label: `Cardiology consult report (${usDate(daysAgo(0))})` });
  await report.getByLabel(/^Received on/).press('Enter');
  await expect(page.getByTestId('referrals-message')).toHaveText('Report received: the referral is no longer awaited.');
  await expect(page.getByTestId('referral-report')).toContainText('Cardiology consult report');
  await expect(referralRow(page).getByTestId('referral-status')).toHaveText('Report received');
  await shot(page, 'refsup-04-report-received');

  // The chart lists it too; closed there, it leaves the desk's list.
  await referralRow(page).getByTestId('referral-patient').click();
  await expect(page.getByTestId('chart-referrals-tab')).toBeVisible();
  await expect(referralRow(page)).toHaveCount(1);
  await expect(referralRow(page).getByTestId('referral-status')).toHaveText('Report received');
  await referralRow(page).getByTestId('toggle-referral').click();
  await shot(page, 'refsup-05-chart-tab');
  await page.getByTestId('referral-action-closed').click();
  await expect(referralRow(page).getByTestId('referral-status')).toHaveText('Closed');
  await openFrontDeskSection(page, /^Referrals/, 'referrals-page');
  await expect(page.getByTestId('referrals-empty')).toHaveText('No open outgoing referrals.');
  await page.getByTestId('referrals-show-all').check();
  await expect(referralRow(page).getByTestId('referral-status')).toHaveText('Closed');
});

const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

const itemRow = (page: Page, name: string) => page.getByTestId('supply-item-row').filter({ hasText: name });

test('a supply order from the reorder list is received and updates stock; bad quantities are refused', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const gauze = await rpcValue<{ id: string }>(host, 'supplies.items.create', { name: 'Gauze pads 4x4', unit: 'pack', reorderLevel: 5, reorderQuantity: 10, vendor: 'MedSupply' });
  await rpcValue(host, 'supplies.stock.count', { itemId: gauze.id, counted: 2 });
  const gloves = await rpcValue<{ id: string }>(host, 'supplies.items.create', { name: 'Exam gloves, medium', unit: 'box', reorderLevel: 4, reorderQuantity: 6, vendor: 'CleanCo' });
  await rpcValue(host, 'supplies.stock.count', { itemId: gloves.id, counted: 20 });

  await openApp(page, host);
  await openFrontDeskSection(page, /^Supplies/, 'supplies-page');
  await expect(itemRow(page, 'Gauze').getByTestId('supply-on-hand')).toHaveText('2');
  await expect(itemRow(page, 'Gauze').getByTestId('supply-low')).toBeVisible();
  await expect(itemRow(page, 'Exam gloves').getByTestId('supply-low')).toHaveCount(0);

  // A: add an item; a negative reorder level is refused next to its box.
  await page.keyboard.press('a');
  const add = page.getByTestId('supply-new-form');
  await expect(add.getByLabel(/^Item/)).toBeFocused();
  await add.getByLabel(/^Item/).fill('Alcohol prep pads');
  await add.getByLabel(/^Unit/).fill('box');
  await add.getByLabel(/^Vendor/).fill('CleanCo');
  await add.getByLabel(/^Reorder level/).fill('-1');
  await add.getByLabel(/^Reorder quantity/).fill('2.5');
  await add.getByLabel(/^Reorder quantity/).press('Enter');
  await expect(page.getByTestId('error-supply-reorderLevel')).toHaveText('Cannot be negative');
  await expect(page.getByTestId('error-supply-reorderQuantity')).toHaveText('Enter a whole number (no fractions of a unit)');
  await shot(page, 'refsup-06-item-refused');
  await add.getByLabel(/^Reorder level/).fill('3');
  await add.getByLabel(/^Reorder quantity/).fill('5');
  await add.getByLabel(/^Reorder quantity/).press('Enter');
  await expect(page.getByTestId('supplies-message')).toHaveText('Alcohol prep pads added: count the shelf to record what is on hand.');

  // Count 4 on the shelf, then using 5 is refused: stock never goes below zero.
  await page.getByTestId('supply-action-count').click();
  await page.getByTestId('supply-count-form').getByLabel(/^On the shelf now/).fill('4');
  await page.getByTestId('supply-count-form').getByLabel(/^On the shelf now/).press('Enter');
  await expect(page.getByTestId('supplies-message')).toHaveText('Counted: 4 on hand.');
  await expect(itemRow(page, 'Alcohol prep pads').getByTestId('supply-on-hand')).toHaveText('4');
  await page.getByTestId('supply-action-use').click();
  await page.getByTestId('supply-use-form').getByLabel(/^Used/).fill('5');
  await page.getByTestId('supply-use-form').getByLabel(/^Used/).press('Enter');
  await expect(page.getByTestId('error-supply-used')).toHaveText('Only 4 on hand: stock cannot go below zero (count the shelf first if it holds more)');
  await expect(itemRow(page, 'Alcohol prep pads').getByTestId('supply-on-hand')).toHaveText('4');
  await shot(page, 'refsup-07-items');
  await page.getByTestId('supply-use-form').getByLabel(/^Used/).fill('1');
  await page.getByTestId('supply-use-form').getByLabel(/^Used/).press('Enter');
  await expect(itemRow(page, 'Alcohol prep pads').getByTestId('supply-on-hand')).toHaveText('3');
  await expect(itemRow(page, 'Alcohol prep pads').getByTestId('supply-low')).toBeVisible();

  // The reorder list: the low items with their suggested quantities; order them, one order per vendor.
  await page.getByTestId('supplies-view-reorder').click();
  const reorderRows = page.getByTestId('reorder-row');
  await expect(reorderRows).toHaveCount(2);
  await expect(reorderRows.nth(0)).toContainText('Alcohol prep pads');
  await expect(reorderRows.nth(1)).toContainText('Gauze pads 4x4');
  await expect(reorderRows.nth(1).getByTestId('reorder-quantity')).toHaveValue('10');
  await reorderRows.nth(0).getByTestId('reorder-choose').uncheck();
  await shot(page, 'refsup-08-reorder');
  await page.getByTestId('reorder-order').click();
  await expect(page.getByTestId('supplies-message')).toHaveText('Order placed: MedSupply.');
  await expect(reorderRows.nth(1).getByTestId('reorder-covered')).toBeVisible();
  await expect(reorderRows.nth(0).getByTestId('reorder-covered')).toHaveCount(0);

  // Receive it: 12 came for 10 ordered asks first; 8 (a short delivery) is recorded as it came.
  await page.getByTestId('supplies-view-orders').click();
  const order = page.getByTestId('order-row');
  await expect(order).toHaveCount(1);
  await expect(order).toContainText('Gauze pads 4x4 × 10');
  await order.getByTestId('toggle-order').click();
  const quantity = page.getByTestId('receive-quantity');
  await expect(quantity).toBeFocused();
  await expect(quantity).toHaveValue('10');
  await quantity.fill('12');
  await quantity.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'More came than was ordered' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Check the quantities' }).click();
  await expect(page.getByTestId('receive-line').getByText('More came than was ordered: confirm to keep the extra in stock')).toBeVisible();
  await quantity.fill('8');
  await shot(page, 'refsup-09-receive');
  await quantity.press('Enter');
  await expect(page.getByTestId('supplies-message')).toHaveText('Order received: the stock is updated.');
  await page.getByTestId('orders-filter-received').click();
  await expect(order.getByTestId('order-status')).toHaveText('Received');

  // Stock on hand went from 2 to 10; the reorder list no longer holds the gauze.
  await page.getByTestId('supplies-view-items').click();
  await expect(itemRow(page, 'Gauze').getByTestId('supply-on-hand')).toHaveText('10');
  await expect(itemRow(page, 'Gauze').getByTestId('supply-low')).toHaveCount(0);
  await shot(page, 'refsup-10-items-after');
  await page.getByTestId('supplies-view-reorder').click();
  await expect(reorderRows).toHaveCount(1);
  await expect(reorderRows.nth(0)).toContainText('Alcohol prep pads');

  // O places an order by hand: the item's vendor and reorder quantity are offered; 0 is refused on its line.
  await page.keyboard.press('o');
  const placeDialog = page.getByTestId('place-order-dialog');
  await expect(placeDialog.getByTestId('order-line-item')).toBeFocused();
  await placeDialog.getByTestId('order-line-item').selectOption({ label: 'Exam gloves, medium (CleanCo)' });
  await expect(placeDialog.getByTestId('order-vendor')).toHaveValue('CleanCo');
  await expect(placeDialog.getByTestId('order-line-quantity')).toHaveValue('6');
  await placeDialog.getByTestId('order-line-quantity').fill('0');
  await placeDialog.getByTestId('order-line-quantity').press('Enter');
  await expect(placeDialog.getByTestId('order-line')).toContainText('Enter at least 1');
  await placeDialog.getByTestId('order-line-quantity').fill('12');
  await shot(page, 'refsup-11-place-order');
  await placeDialog.getByTestId('order-line-quantity').press('Enter');
  await expect(placeDialog).toBeHidden();
  await expect(page.getByTestId('supplies-message')).toHaveText('Order placed.');
  await expect(order).toHaveCount(1);
  await expect(order).toContainText('Exam gloves, medium × 12');
  await expect(order.getByTestId('order-status')).toHaveText('Placed');
});
