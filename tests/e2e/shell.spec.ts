import { expect, openApp, test } from './support/fixtures';
import { fillPatientForm, shot } from './support/app';

test('Ctrl+K opens patient search from anywhere; arrows and Enter open the chart; Esc closes', async ({ page, host }) => {
  for (const [givenName, familyName] of [
    ['Ines', 'Moreau'],
    ['Ivan', 'Moreau'],
  ]) {
    const created = await host.rpc('patients.create', { givenName, familyName, dateOfBirth: '1966-09-30' });
    expect(created.body.ok).toBe(true);
  }
  await openApp(page, host);
  await page.getByRole('link', { name: /^Schedule/ }).click();

  await page.keyboard.press('Control+K');
  const overlay = page.getByTestId('search-overlay');
  await expect(overlay).toBeVisible();
  await expect(page.getByTestId('search-overlay-input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(overlay).toBeHidden();

  // The visible button does the same.
  await page.getByTestId('open-search').click();
  await expect(overlay).toBeVisible();
  await page.keyboard.type('moreau');
  await expect(overlay.getByTestId('search-result')).toHaveCount(2);
  await expect(overlay.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await expect(overlay.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await shot(page, '05-search-overlay');
  await page.keyboard.press('ArrowDown');
  await expect(overlay.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  await expect(overlay).toBeHidden();
  await expect(page.getByTestId('chart-name')).toHaveText('Moreau, Ivan');
});

test('unsaved input is not lost: leaving asks first, and Esc asks before discarding', async ({ page, host }) => {
  await openApp(page, host);
  await page.keyboard.press('Alt+N');
  await fillPatientForm(page, { givenName: 'Half', familyName: 'Typed' });

  // In-app navigation asks; "Keep editing" (also Esc) stays with the input intact.
  await page.getByRole('link', { name: /^Billing/ }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await shot(page, '06-unsaved-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Family name')).toHaveValue('Typed');

  // The Back button asks too.
  await page.goBack();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByLabel('Given name')).toHaveValue('Half');
  expect(page.url()).toContain('#/patients/new');

  // Esc in the form asks before discarding; agreeing leaves.
  await page.getByLabel('Given name').press('Escape');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();

  // An untouched form leaves without asking.
  await page.getByTestId('new-patient').click();
  await page.getByRole('link', { name: /^Billing/ }).click();
  await expect(page.getByTestId('coming-panel')).toBeVisible();
  await expect(dialog).toBeHidden();

  // Closing the window (or reloading) with typed input asks through the browser's own prompt.
  await page.keyboard.press('Alt+N');
  await fillPatientForm(page, { familyName: 'Unsaved' });
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.type());
      void d.dismiss(); // "Stay on page"
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
  await expect(page.getByLabel('Family name')).toHaveValue('Unsaved');
});

test('the shell shows the workstation, every area, and honest "coming" panels', async ({ page, host }) => {
  await openApp(page, host);
  const info = await host.rpc<{ workstationCode: string }>('system.info');
  if (!info.body.ok) throw new Error(info.body.error.message);
  await expect(page.getByTestId('system-info')).toContainText(info.body.value.workstationCode);
  await expect(page.getByTestId('system-info')).toContainText('Browser mode');

  const nav = page.getByRole('navigation', { name: 'Areas' });
  for (const area of ['Front desk', 'Schedule', 'Patients', 'Billing', 'Insurance', 'Correspondence', 'Reports', 'Admin']) {
    await expect(nav.getByRole('link', { name: new RegExp(`^${area}`) })).toBeVisible();
  }
  await nav.getByRole('link', { name: /^Billing/ }).click();
  await expect(page.getByRole('heading', { name: 'Billing' })).toBeVisible();
  await expect(page.getByTestId('coming-panel')).toContainText('Not built yet');
  await expect(nav.getByRole('link', { name: /^Billing/ })).toHaveAttribute('aria-current', 'page');
  await shot(page, '07-coming-billing');
});
