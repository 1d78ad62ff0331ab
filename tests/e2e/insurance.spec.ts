import type { Locator, Page } from '@playwright/test';
import { shot } from './support/app';
import { expect, openApp, test } from './support/fixtures';

/** The text box, select or combobox named exactly `label` (required fields' names end in "(required)"). */
const labelled = (scope: Page | Locator, label: string) => {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}( \\(required\\))?$`);
  return scope.getByRole('textbox', { name }).or(scope.getByRole('combobox', { name }));
};

/** A 1×1 PNG: an insurance card image, as far as the chart is concerned. */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const goToAdmin = async (page: Page, section: 'Providers' | 'Payers') => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: section }).click();
};

test('an administrator adds a payer and a provider, then a coverage on a patient’s chart, and sees it listed', async ({ page, host }) => {
  const patient = await host.rpc<{ id: string }>('patients.create', { givenName: 'Lucia', familyName: 'Lopez', dateOfBirth: '2015-03-04', sex: 'female' });
  if (!patient.body.ok) throw new Error(patient.body.error.message);
  const card = await host.rpc<{ id: string }>('documents.attach', {
    patientId: patient.body.value.id,
    kind: 'insurance_card',
    title: 'Medicare card, front',
    documentDate: '2025-01-02',
    fileName: 'card-front.png',
    contentBase64: ONE_PIXEL_PNG,
  });
  if (!card.body.ok) throw new Error(card.body.error.message);
  await openApp(page, host);

  // Payers: the X12 837P sample's payer.
  await goToAdmin(page, 'Payers');
  await page.getByTestId('new-payer').click();
  const payerForm = page.getByTestId('payer-form');
  await labelled(page, 'Name').fill('Medicare Part B Maryland');
  await labelled(page, 'EDI payer id').fill('C-12345');
  await labelled(page, 'Phone').fill('410 555 1212');
  await labelled(page, 'Name').press('Enter');
  await expect(payerForm.getByTestId('field-new-payer-ediPayerId')).toContainText('An EDI payer id is 2 to 10 letters or digits, e.g. 60054');
  await expect(labelled(page, 'EDI payer id')).toBeFocused();
  await labelled(page, 'EDI payer id').fill('c12345');
  await labelled(page, 'EDI payer id').press('Enter');
  await expect(page.getByTestId('payers-message')).toHaveText('The payer was added.');
  const payerRow = page.getByTestId('payer-row');
  await expect(payerRow).toHaveCount(1);
  await expect(payerRow).toContainText('Medicare Part B Maryland');
  await expect(payerRow).toContainText('C12345');
  await expect(payerRow).toContainText('(410) 555-1212');
  await shot(page, 'insurance-01-payers');

  // Providers: a wrong check digit is caught next to the field; nothing is added until it is right.
  await goToAdmin(page, 'Providers');
  await page.getByTestId('new-provider').click();
  const providerForm = page.getByTestId('provider-form');
  await labelled(page, 'Given name').fill('David');
  await labelled(page, 'Family name').fill('Greene');
  await labelled(page, 'Credentials').fill('MD');
  await labelled(page, 'NPI').fill('1234567890');
  await labelled(page, 'NPI').press('Enter');
  await expect(providerForm.getByTestId('field-new-provider-npi')).toContainText('Not a valid NPI: the check digit does not match');
  await expect(page.getByTestId('providers-empty')).toBeVisible();
  await labelled(page, 'NPI').fill('1234567893');
  await labelled(page, 'NPI').press('Enter');
  await expect(page.getByTestId('providers-message')).toHaveText('The provider was added.');
  await expect(page.getByTestId('provider-row')).toContainText('David Greene, MD');
  await expect(page.getByTestId('provider-row')).toContainText('1234567893');
  await shot(page, 'insurance-02-providers');
  // Deactivated (asked first), not deleted: it stays listed, muted.
  await page.getByTestId('edit-provider').click();
  await page.getByTestId('toggle-provider-active').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByTestId('providers-message')).toHaveText('David Greene, MD is inactive.');
  await expect(page.getByTestId('provider-status')).toHaveText('Inactive');
  const active = await host.rpc<{ items: unknown[] }>('providers.list', {});
  expect(active.body.ok && active.body.value.items).toEqual([]);

  // The chart's Insurance tab: a child on a parent's card, the payer picked by typing.
  await page.goto(`${host.origin}/#/patients/${patient.body.value.id}/insurance`);
  await expect(page.getByTestId('coverages-empty')).toBeVisible();
  await page.getByTestId('add-coverage').click();
  const form = page.getByTestId('coverage-form');
  const picker = form.getByRole('combobox', { name: /Payer/ });
  await expect(picker).toBeFocused();
  await picker.fill('part b');
  await expect(form.getByTestId('payer-option')).toHaveText(['Medicare Part B MarylandC12345']);
  await shot(page, 'insurance-03a-payer-picker');
  await picker.press('ArrowDown');
  await picker.press('Enter');
  await expect(picker).toHaveValue('Medicare Part B Maryland');
  await labelled(page, 'Member id').fill('JS0011-1223');
  await labelled(page, 'Group number').fill('G-100');
  await labelled(page, 'Patient’s relationship to the subscriber').selectOption({ label: 'Child' });
  const subscriber = form.getByTestId('subscriber-fields');
  await labelled(page, 'Given name').fill('Maria');
  await labelled(page, 'Family name').fill('Lopez');
  await labelled(page, 'Effective from').fill('01/01/2025');
  await labelled(page, 'Card front').selectOption({ label: 'Medicare card, front · 01/02/2025' });
  await labelled(page, 'Effective to').fill('12/31/2024');
  await labelled(page, 'Effective to').press('Enter');
  // The schema asks for the subscriber's birth date; the service then refuses an end before the start.
  await expect(subscriber.getByTestId('field-new-coverage-subscriberDateOfBirth')).toContainText('Required when the patient is not the subscriber');
  await labelled(page, 'Date of birth').fill('07/14/1985');
  await labelled(page, 'Effective to').press('Enter');
  await expect(form.getByTestId('field-new-coverage-effectiveTo')).toContainText('Must be on or after the start date');
  await labelled(page, 'Effective to').fill('');
  await shot(page, 'insurance-03-coverage-form');
  await labelled(page, 'Effective to').press('Enter');

  await expect(page.getByTestId('coverages-message')).toHaveText('The coverage was added.');
  const row = page.getByTestId('coverage-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('coverage-payer')).toHaveText('Medicare Part B Maryland');
  await expect(row.getByTestId('coverage-member-id')).toHaveText('JS0011-1223');
  await expect(row.getByTestId('coverage-status')).toHaveText('Active');
  await expect(row).toContainText('Maria Lopez');
  await expect(row).toContainText('Since 01/01/2025');
  await expect(page.getByTestId('add-coverage')).toBeFocused();
  await shot(page, 'insurance-04-coverages');
  // The card image opens in the documents viewer.
  await row.getByRole('button', { name: 'Open the card’s front: Medicare card, front' }).click();
  const viewer = page.getByTestId('document-viewer');
  await expect(viewer.getByRole('heading', { name: 'Medicare card, front' })).toBeVisible();
  await expect(viewer.getByTestId('document-viewer-image')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Ending it asks first, then keeps it as history.
  await row.getByTestId('end-coverage').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'End coverage' }).click();
  await expect(row.getByTestId('coverage-status')).toHaveText('Active');
  await expect(row).toContainText('01/01/2025 –');
  await expect(row.getByTestId('end-coverage')).toHaveCount(1);

  // Editing shows the saved values as typed; Esc leaves an untouched form at once.
  await row.getByTestId('edit-coverage').click();
  await expect(page.getByRole('combobox', { name: /Payer/ })).toHaveValue('Medicare Part B Maryland');
  await expect(labelled(page, 'Date of birth')).toHaveValue('07/14/1985');
  await expect(labelled(page, 'Effective to')).not.toHaveValue('');
  await shot(page, 'insurance-07-edit-coverage');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('coverage-form')).toBeHidden();
});

test('registering a patient whose insurance member id, typed differently, is already on a chart warns and names the member id', async ({ page, host }) => {
  const rpc = async <T>(method: string, input: unknown): Promise<T> => {
    const answer = await host.rpc<T>(method, input);
    if (!answer.body.ok) throw new Error(`${method}: ${answer.body.error.message}`);
    return answer.body.value;
  };
  const existing = await rpc<{ id: string }>('patients.create', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1985-07-14', sex: 'female' });
  const payer = await rpc<{ id: string }>('payers.create', { name: 'Key Insurance Company', ediPayerId: '999996666' });
  await rpc('coverages.add', { patientId: existing.id, payerId: payer.id, rank: 'primary', memberId: 'ABC12345' });

  await openApp(page, host);
  await page.getByTestId('new-patient').click();
  // Another name and birth date (a typo, a maiden name): only the card ties them.
  const form = page.getByTestId('patient-form');
  await labelled(form, 'Given name').fill('Mara');
  await labelled(form, 'Family name').fill('Garcia');
  await labelled(form, 'Date of birth').fill('07/15/1985');
  await labelled(form, 'Insurance member id').fill('abc 123-45');

  const panel = page.getByTestId('duplicate-panel');
  await expect(panel).toBeVisible();
  const candidate = panel.getByTestId('duplicate-candidate');
  await expect(candidate).toHaveCount(1);
  await expect(candidate).toHaveAttribute('data-patient-id', existing.id);
  await expect(candidate).toContainText('Lopez, Maria');
  await expect(candidate.getByTestId('duplicate-reasons')).toHaveText('same insurance member id');
  await shot(page, 'insurance-05-member-id-duplicate');

  // Search finds the chart by the member id typed from the card, too.
  await page.getByTestId('open-duplicate').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByTestId('patient-chart')).toHaveAttribute('data-patient-id', existing.id);
  const found = await rpc<{ items: { id: string }[] }>('patients.search', { query: 'abc-12345' });
  expect(found.items.map((p) => p.id)).toEqual([existing.id]);
});

test('a member id that is already another subscriber’s card with that payer is refused, naming the other chart; “Save anyway” adds it', async ({ page, host }) => {
  const rpc = async <T>(method: string, input: unknown): Promise<T> => {
    const answer = await host.rpc<T>(method, input);
    if (!answer.body.ok) throw new Error(`${method}: ${answer.body.error.message}`);
    return answer.body.value;
  };
  const existing = await rpc<{ id: string }>('patients.create', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1985-07-14', sex: 'female' });
  const patient = await rpc<{ id: string }>('patients.create', { givenName: 'Marie', familyName: 'Lopes', dateOfBirth: '1985-07-15', sex: 'female', confirmNewPatient: true });
  const payer = await rpc<{ id: string }>('payers.create', { name: 'Key Insurance Company', ediPayerId: '999996666' });
  await rpc('coverages.add', { patientId: existing.id, payerId: payer.id, rank: 'primary', memberId: 'ABC12345' });

  await openApp(page, host);
  await page.goto(`${host.origin}/#/patients/${patient.id}/insurance`);
  await page.getByTestId('add-coverage').click();
  const picker = page.getByRole('combobox', { name: /Payer/ });
  await picker.fill('key');
  await picker.press('Tab');
  await expect(picker).toHaveValue('Key Insurance Company');
  await expect(labelled(page, 'Rank')).toBeFocused();
  await labelled(page, 'Member id').fill('abc-123 45');
  await labelled(page, 'Member id').press('Enter');

  const panel = page.getByTestId('duplicate-panel');
  await expect(panel.getByRole('heading', { name: 'This member id is another patient’s card' })).toBeVisible();
  await expect(panel.getByTestId('duplicate-candidate')).toHaveAttribute('data-patient-id', existing.id);
  await expect(panel.getByTestId('duplicate-reasons')).toHaveText('same insurance member id');
  await expect(page.getByTestId('coverages-empty')).toBeVisible();
  await shot(page, 'insurance-06-shared-member-id');

  await panel.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByTestId('coverages-message')).toHaveText('The coverage was added.');
  await expect(page.getByTestId('coverage-member-id')).toHaveText('abc-123 45');
});
