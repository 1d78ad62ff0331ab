import type { Page } from '@playwright/test';
import { addCalendarDays } from '../../src-shared/record-requests/rules';
import { localIsoDate } from '../../src-shared/validation/dates';
import { registerPatient, shot } from './support/app';
import { ADMIN, expect, openApp, test } from './support/fixtures';
import type { RunningHost } from './support/host';

const maria = { givenName: 'Maria', familyName: 'Lopez-Garcia', dateOfBirth: '07/14/1985', sex: 'Female' } as const;

const areas = (page: Page) => page.getByRole('navigation', { name: 'Areas' });

async function openRequestsTab(page: Page): Promise<void> {
  await page.getByTestId('chart-tab-requests').click();
  await expect(page.getByTestId('record-requests-tab')).toBeVisible();
}

/** Logs and answers a request through the contract, as another workstation would have. */
async function logThroughRpc(host: RunningHost, input: Record<string, unknown>): Promise<string> {
  const logged = await host.rpc<{ id: string }>('recordRequests.log', input);
  if (!logged.body.ok) throw new Error(`recordRequests.log refused: ${logged.body.error.message}`);
  return logged.body.value.id;
}

/** Replaces window.print with a recorder of what the sheet holds (its print-only parts included). */
async function recordPrints(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printed: string[] };
    w.printed = [];
    window.print = () => {
      w.printed.push(document.querySelector('[data-testid="accounting-sheet"]')?.textContent ?? '(no sheet)');
    };
  });
}

const printed = (page: Page) => page.evaluate(() => (window as unknown as { printed: string[] }).printed);

test('log a legal request, see it on the Records list, release it, and print the accounting of disclosures', async ({ page, host }) => {
  await openApp(page, host);
  const patientId = await registerPatient(page, maria);
  const mrn = (await page.getByTestId('chart-mrn').textContent()) ?? '';
  await openRequestsTab(page);
  await expect(page.getByTestId('no-requests')).toBeVisible();

  // Log the request; a legal request without an authorization is refused next to the box.
  await page.getByTestId('log-request').click();
  const form = page.getByTestId('log-request-form');
  await expect(form.locator('#request-log-requesterName')).toBeFocused();
  await form.getByLabel(/^Requester\b(?! is)/).fill('Hale & Partners LLP');
  await form.getByLabel(/^Requester is/).selectOption({ label: 'Attorney' });
  await form.getByLabel(/^Purpose/).selectOption({ label: 'Legal (attorney, court)' });
  await expect(page.getByTestId('purpose-hint')).toContainText('authorization');
  await form.getByLabel(/^Contact/).fill('Fax (617) 555-0199');
  await form.getByLabel(/^Records requested/).fill('Visit notes and imaging reports, 2025');
  const today = localIsoDate();
  await expect(form.getByLabel(/^Received on/)).toHaveValue(today);
  await expect(page.getByTestId('due-hint')).toContainText('30 days');
  await form.getByLabel(/^Records requested/).press('Enter');
  await expect(page.getByTestId('error-request-log-authorizationOnFile')).toContainText('authorization on file');
  await expect(page.getByTestId('no-requests')).toBeVisible();
  await shot(page, 'rr-01-log-refused');

  await form.getByLabel('Patient’s signed authorization on file').check();
  await form.getByLabel(/^Records requested/).press('Enter');
  await expect(form).toBeHidden();
  await expect(page.getByTestId('requests-message')).toContainText('Request logged');
  const row = page.getByTestId('request-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(row.getByTestId('due-badge')).toHaveText('30 days left');

  // A treatment referral released the same day must stay out of the accounting.
  const referral = await logThroughRpc(host, {
    patientId,
    requesterName: 'Northside Cardiology',
    requesterKind: 'provider',
    purpose: 'referral',
    recordsRequested: 'Latest ECG',
    authorizationOnFile: false,
    receivedOn: today,
  });
  const sent = await host.rpc('recordRequests.release', { id: referral, releasedOn: today, releasedVia: 'fax', releasedWhat: 'ECG of 02/2026' });
  expect(sent.body.ok).toBe(true);

  // The Records area lists the open request; its patient leads back to the chart's requests.
  await areas(page).getByRole('link', { name: 'Records' }).click();
  const openRow = page.getByTestId('open-request-row');
  await expect(openRow).toHaveCount(1);
  await expect(openRow).toContainText('Lopez-Garcia, Maria');
  await expect(openRow).toContainText('Hale & Partners LLP');
  await expect(openRow).toHaveAttribute('data-overdue', 'false');
  await expect(openRow.getByTestId('due-badge')).toHaveText('30 days left');
  await shot(page, 'rr-02-records-list');
  await openRow.getByTestId('open-request-patient').click();
  await expect(page.getByTestId('record-requests-tab')).toBeVisible();
  expect(page.url()).toContain(`#/patients/${patientId}/requests`);

  // Release it.
  const legalRow = page.locator('[data-testid="request-row"]', { hasText: 'Hale & Partners LLP' });
  await legalRow.getByTestId('toggle-request').click();
  await page.getByTestId('action-release').click();
  const release = page.getByTestId('release-form');
  await expect(release.getByLabel(/^What was sent/)).toBeFocused();
  await release.getByLabel(/^What was sent/).fill('Visit notes 2025 (12 pages), MRI report');
  await release.getByLabel(/^How/).selectOption({ label: 'Mail' });
  await release.getByLabel(/^What was sent/).press('Enter');
  await expect(release).toBeHidden();
  await expect(legalRow).toHaveAttribute('data-status', 'released');
  await expect(page.getByTestId('released-on')).not.toBeEmpty();
  await shot(page, 'rr-03-released');

  // Nothing is open any more.
  await areas(page).getByRole('link', { name: 'Records' }).click();
  await expect(page.getByTestId('no-open-requests')).toBeVisible();
  await page.goBack();

  // The accounting lists the legal release only, and prints (audited) a clean sheet.
  await page.getByTestId('open-accounting').click();
  const sheet = page.getByTestId('accounting-sheet');
  await expect(sheet.getByTestId('disclosure-row')).toHaveCount(1);
  await expect(sheet.getByTestId('disclosure-row')).toContainText('Hale & Partners LLP');
  await expect(sheet).not.toContainText('Northside Cardiology');
  await shot(page, 'rr-04-accounting');

  await recordPrints(page);
  await page.getByTestId('print-accounting').click();
  await expect.poll(() => printed(page)).toHaveLength(1);
  const text = (await printed(page))[0]!;
  for (const expected of [
    ADMIN.clinicName,
    'Accounting of disclosures',
    'Lopez-Garcia, Maria',
    '07/14/1985',
    mrn,
    'Hale & Partners LLP',
    'Legal (attorney, court)',
    'Visit notes 2025 (12 pages), MRI report',
    'Mail',
  ]) {
    expect(text, expected).toContain(expected);
  }
  expect(text).not.toContain('Northside Cardiology');

  // The print is on the chart's audit trail.
  const access = await host.rpc<{ items: { action: string; userName: string | null; detail: Record<string, unknown> }[] }>('audit.patientAccess', { patientId });
  if (!access.body.ok) throw new Error(access.body.error.message);
  expect(access.body.value.items).toContainEqual(
    expect.objectContaining({ action: 'print', userName: ADMIN.displayName, detail: expect.objectContaining({ what: 'accounting_of_disclosures' }) }),
  );

  // Printed, the page holds the sheet alone.
  await page.emulateMedia({ media: 'print' });
  await expect(sheet).toBeVisible();
  await expect(areas(page)).toBeHidden();
  await expect(page.getByTestId('print-accounting')).toBeHidden();
  await expect(page.getByTestId('chart-name')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('requests-table')).toBeVisible();
});

test('a request received more than 30 days ago is highlighted as overdue', async ({ page, host }) => {
  await openApp(page, host);
  const patientId = await registerPatient(page, maria);
  const today = localIsoDate();
  const overdue = await logThroughRpc(host, {
    patientId,
    requesterName: 'County Health Department',
    requesterKind: 'agency',
    purpose: 'public_health',
    recordsRequested: 'Immunization record',
    authorizationOnFile: false,
    receivedOn: addCalendarDays(today, -40),
  });
  await logThroughRpc(host, {
    patientId,
    requesterName: 'Maria Lopez-Garcia',
    requesterKind: 'patient',
    purpose: 'patient_access',
    recordsRequested: 'Lab results',
    authorizationOnFile: false,
    receivedOn: addCalendarDays(today, -2),
  });

  await areas(page).getByRole('link', { name: 'Records' }).click();
  const rows = page.getByTestId('open-request-row');
  await expect(rows).toHaveCount(2);
  // Most overdue first, highlighted, with how late it is.
  await expect(rows.first()).toHaveAttribute('data-request-id', overdue);
  await expect(rows.first()).toHaveAttribute('data-overdue', 'true');
  await expect(rows.first()).toHaveClass(/row-overdue/);
  await expect(rows.first().getByTestId('due-badge')).toHaveText('Overdue by 10 days');
  await expect(rows.nth(1)).not.toHaveClass(/row-overdue/);
  await expect(rows.nth(1).getByTestId('due-badge')).toHaveText('28 days left');
  await expect(page.getByTestId('open-summary')).toHaveText('2 open · 1 overdue');
  await shot(page, 'rr-05-overdue-list');

  await page.getByTestId('overdue-only').check();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-request-id', overdue);

  // In the chart too; an overdue request can no longer be extended.
  await rows.first().getByTestId('open-request-patient').click();
  const chartRow = page.locator(`[data-request-id="${overdue}"]`);
  await expect(chartRow).toHaveClass(/row-overdue/);
  await expect(chartRow.getByTestId('due-badge')).toHaveText('Overdue by 10 days');
  await chartRow.getByTestId('toggle-request').click();
  await expect(page.getByTestId('action-release')).toBeVisible();
  await expect(page.getByTestId('action-extend')).toHaveCount(0);
  await shot(page, 'rr-06-overdue-chart');
});
