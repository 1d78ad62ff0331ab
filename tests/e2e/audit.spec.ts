import type { Page } from '@playwright/test';
import { ADMIN, expect, openApp, test } from './support/fixtures';
import { fillPatientForm, printed, resultRows, shot, stubPrint } from './support/app';


/** Resolves when the screen reports a search to the audit log; returns the query it reported. */
function searchReported(page: Page): Promise<string> {
  return page
    .waitForRequest((request) => request.url().endsWith('/rpc') && request.postDataJSON()?.method === 'audit.recordClientEvent' && request.postDataJSON()?.input?.event === 'search')
    .then((request) => String(request.postDataJSON().input.query));
}

test('the audit log shows who opened, changed and searched a chart; the access report lists it and its print is audited', async ({ page, host }) => {
  await stubPrint(page);
  const created = await host.rpc<{ id: string }>('patients.create', { givenName: 'Amara', familyName: 'Okonkwo', dateOfBirth: '1979-03-14' });
  if (!created.body.ok) throw new Error(created.body.error.message);
  const id = created.body.value.id;
  await openApp(page, host);

  // Open the chart (a view), then edit it.
  await page.goto(`${host.origin}/#/patients/${id}`);
  await expect(page.getByTestId('chart-name')).toHaveText('Okonkwo, Amara');
  await page.getByTestId('edit-patient').click();
  await fillPatientForm(page, { familyName: 'Okonkwo-Bello' });
  await page.getByTestId('save-patient').click();
  await expect(page.getByTestId('chart-name')).toHaveText('Okonkwo-Bello, Amara');

  // A search typed letter by letter is reported once, with the query the user settled on.
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Patients/ }).click();
  const reported = searchReported(page);
  await page.getByTestId('patient-search-input').pressSequentially('bello', { delay: 60 });
  await expect(resultRows(page)).toHaveCount(1);
  expect(await reported).toBe('bello');
  await page.getByTestId('patient-search-input').press('Enter');
  await expect(page.getByTestId('patient-chart')).toHaveAttribute('data-patient-id', id);

  // Admin › Audit log, filtered by that patient (chosen by searching).
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
  const log = page.getByTestId('audit-log');
  await expect(log.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await log.getByTestId('audit-patient-input').fill('okonkwo');
  await expect(log.getByTestId('search-result')).toHaveCount(1);
  await log.getByTestId('audit-patient-input').press('Enter');
  await expect(log.getByTestId('audit-patient-chosen')).toContainText('Okonkwo-Bello, Amara');
  await expect(log.getByTestId('audit-patient-clear')).toBeFocused();

  const rows = log.getByTestId('audit-row');
  await expect(rows.filter({ hasText: 'Chart viewed' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'Patient details changed' })).toContainText('Changed: family name');
  await expect(rows.filter({ hasText: 'Patient registered' })).toHaveCount(1);
  for (const row of await rows.all()) await expect(row.getByTestId('audit-user')).toHaveText(ADMIN.displayName);
  await shot(page, 'audit-01-patient');

  // The searches group, for this user: the typed search is there once, none of its prefixes.
  await log.getByTestId('audit-patient-clear').click();
  await log.getByTestId('audit-action-filter').selectOption({ label: 'Searches' });
  await log.getByTestId('audit-user-filter').selectOption({ label: `${ADMIN.displayName} (${ADMIN.username})` });
  const searches = log.getByTestId('audit-detail');
  await expect(searches.filter({ hasText: '“bello”' })).toHaveCount(1);
  await expect(searches.filter({ hasText: /“(b|be|bel|bell)”/ })).toHaveCount(0);
  // Choosing the patient for the filter was a search too.
  await expect(searches.filter({ hasText: '“okonkwo”, 1 result' })).toHaveCount(1);
  await expect(rows.first().getByTestId('audit-user')).toHaveText(ADMIN.displayName);
  await shot(page, 'audit-02-searches');

  // The chart's access report lists the same entries; printing it is written first.
  await page.goto(`${host.origin}/#/patients/${id}/access`);
  const report = page.getByTestId('access-report');
  await expect(report.getByTestId('audit-row').filter({ hasText: 'Patient details changed' })).toHaveCount(1);
  await expect(report.getByTestId('audit-row').filter({ hasText: 'Chart viewed' }).first()).toBeVisible();
  await expect(report.getByTestId('audit-row').filter({ hasText: 'Patient registered' })).toHaveCount(1);
  await report.getByTestId('print-access-report').click();
  await expect(report.getByTestId('audit-row').filter({ hasText: 'Printed' })).toContainText('Access report');
  expect(await printed(page)).toBe(1);
  await shot(page, 'audit-03-access-report');

  // The print is in the audit log too.
  const prints = await host.rpc<{ items: { action: string; userName: string; detail: Record<string, unknown> }[] }>('audit.search', {
    patientId: id,
    group: 'prints_exports',
  });
  expect(prints.body.ok && prints.body.value.items.map((e) => [e.action, e.userName, e.detail.what])).toEqual([['print', ADMIN.displayName, 'access_report']]);
});

test('search results are a virtualised list: the first 100 say so, and the keyboard reaches every one', async ({ page, host }) => {
  for (let n = 0; n < 120; n++) {
    const created = await host.rpc('patients.create', {
      givenName: `Given${String(n).padStart(3, '0')}`,
      familyName: 'Virtanen',
      dateOfBirth: '1970-01-01',
      confirmNewPatient: true,
    });
    expect(created.body.ok).toBe(true);
  }
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Patients/ }).click();
  const input = page.getByTestId('patient-search-input');
  await input.fill('virtanen');
  await expect(page.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('results-status')).toHaveText(/Showing the first 100 patients — refine your search/);

  // Only the rows in view are in the page; each says where it is in the whole list.
  const rendered = await resultRows(page).count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(60);
  await expect(resultRows(page).first()).toHaveAttribute('aria-setsize', '100');
  await expect(resultRows(page).first()).toHaveAttribute('aria-posinset', '1');

  // Up from the first wraps to the last: it is rendered, selected and the box points at it.
  await input.press('ArrowUp');
  const last = page.locator('[role="option"][aria-posinset="100"]');
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toBeInViewport();
  await expect(input).toHaveAttribute('aria-activedescendant', (await last.getAttribute('id'))!);
  await shot(page, 'audit-04-virtual-list');
  await input.press('Enter');
  await expect(page.getByTestId('chart-name')).toHaveText('Virtanen, Given099');
});
