import { expect, openApp, test } from './support/fixtures';
import { fillPatientForm, shot } from './support/app';

const katherine = {
  givenName: 'Katherine',
  familyName: 'Smith',
  dateOfBirth: '1982-03-04',
  sex: 'female',
  phone: '(617) 555-0177',
  email: 'k.smith@example.org',
} as const;

test('typing a patient who is already registered warns while typing and opens the existing chart on request', async ({ page, host }) => {
  const created = await host.rpc<{ id: string }>('patients.create', katherine);
  if (!created.body.ok) throw new Error(created.body.error.message);
  const existingId = created.body.value.id;

  await openApp(page, host);
  await page.getByTestId('new-patient').click();
  await fillPatientForm(page, { givenName: 'Catherine', familyName: 'Smyth', dateOfBirth: '03/04/1982' });

  const panel = page.getByTestId('duplicate-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Possible existing patient — open it?' })).toBeVisible();
  const candidate = panel.getByTestId('duplicate-candidate');
  await expect(candidate).toHaveCount(1);
  await expect(candidate).toHaveAttribute('data-patient-id', existingId);
  await expect(candidate).toContainText('Smith, Katherine');
  await expect(candidate).toContainText('03/04/1982');
  await expect(candidate.getByTestId('duplicate-reasons')).toHaveText('same date of birth and similar name');

  // The same phone typed another way adds its reason.
  await fillPatientForm(page, { phone: '617.555.0177' });
  await expect(candidate.getByTestId('duplicate-reasons')).toHaveText('same date of birth and similar name, same phone');
  await shot(page, '06-duplicate-warning');

  // Keyboard: from the last field, Tab reaches "Open chart"; the typed form is not dropped without asking.
  await page.getByLabel('E-mail').focus();
  await page.keyboard.press('Tab');
  await expect(candidate.getByRole('button', { name: /Open chart/ })).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByLabel('Given name')).toHaveValue('Catherine');

  await candidate.getByRole('button', { name: /Open chart/ }).click();
  await dialog.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByTestId('chart-name')).toHaveText('Smith, Katherine');
  await expect(page.getByTestId('patient-chart')).toHaveAttribute('data-patient-id', existingId);
});

test('saving a look-alike is refused with the candidates; "Register as a new patient anyway" creates a second patient', async ({ page, host }) => {
  const created = await host.rpc<{ id: string }>('patients.create', katherine);
  if (!created.body.ok) throw new Error(created.body.error.message);
  const existingId = created.body.value.id;

  await openApp(page, host);
  await page.getByTestId('new-patient').click();
  await fillPatientForm(page, { givenName: 'Kathryn', familyName: 'Smith', dateOfBirth: '1982-03-04', email: 'K.Smith@Example.org' });
  // Saved at once (before the typing pause ends): the service refuses, the form shows why.
  await page.getByLabel('Given name').press('Enter');
  const panel = page.getByTestId('duplicate-panel');
  await expect(panel.getByTestId('duplicate-conflict')).toBeVisible();
  await expect(panel.getByTestId('duplicate-candidate')).toHaveAttribute('data-patient-id', existingId);
  await expect(panel.getByTestId('duplicate-reasons')).toHaveText('same date of birth and similar name, same e-mail');
  await expect(page.getByRole('heading', { name: 'New patient' })).toBeVisible();
  const before = await host.rpc<{ items: unknown[] }>('patients.search', { query: 'smith' });
  expect(before.body.ok && before.body.value.items).toHaveLength(1);

  await panel.getByRole('button', { name: 'Register as a new patient anyway' }).click();
  const chart = page.getByTestId('patient-chart');
  await expect(chart).toBeVisible();
  await expect(page.getByTestId('chart-name')).toHaveText('Smith, Kathryn');
  expect(await chart.getAttribute('data-patient-id')).not.toBe(existingId);
  const after = await host.rpc<{ items: unknown[] }>('patients.search', { query: 'smith' });
  expect(after.body.ok && after.body.value.items).toHaveLength(2);
});
