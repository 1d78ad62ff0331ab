import { format } from 'date-fns';
import { expect, openApp, test } from './support/fixtures';
import { fieldLabelled, fillPatientForm, shot, type PatientInput } from './support/app';

const FIONA = { username: 'fiona.front', password: 'Copper-Meadow-Violin-47', displayName: 'Fiona Front', role: 'front_desk' } as const;

const rosa: PatientInput = {
  givenName: 'Rosalind',
  familyName: 'Okafor',
  dateOfBirth: '02/17/1974',
  sex: 'Female',
  preferredName: 'Rosa',
  genderIdentity: 'Woman',
  pronouns: 'she/her',
  phone: '(617) 555-0142',
  phoneType: 'Mobile',
  altPhone: '617 555 0100',
  altPhoneType: 'Work',
  email: 'rosa.okafor@example.org',
  addressLine1: '12 Elm Street',
  addressLine2: 'Apt 3',
  city: 'Cambridge',
  region: 'ma',
  postalCode: '02139',
  language: 'Spanish',
  preferredContact: 'Text message',
  consentSms: 'Granted',
  consentEmail: 'Refused',
  frontOfficeNotes: 'Uses a wheelchair: book the ground-floor room.',
};

test('register with full details, see them on the chart, add contacts, edit, and read who changed what in the history', async ({ page, host }) => {
  const provider = await host.rpc('providers.create', { givenName: 'Grace', familyName: 'Hopper', credentials: 'MD', npi: '1234567893' });
  expect(provider.body.ok).toBe(true);
  expect((await host.rpc('users.create', FIONA)).body.ok).toBe(true);
  await openApp(page, host, FIONA);

  await page.keyboard.press('Alt+N');
  await expect(page.getByRole('heading', { name: 'New patient' })).toBeVisible();
  await fillPatientForm(page, { ...rosa, primaryProvider: 'Grace Hopper, MD' });
  // Recording a consent dates it today; the date can be changed.
  const today = format(new Date(), 'MM/dd/yyyy');
  await expect(fieldLabelled(page, 'Text messages Answered on')).toHaveValue(today);
  await expect(fieldLabelled(page, 'Electronic mail Answered on')).toHaveValue(today);
  await fieldLabelled(page, 'Electronic mail Answered on').fill('01/05/2025');
  await expect(fieldLabelled(page, 'Voicemail Answered on')).toHaveValue('');
  await shot(page, 'chart-01-registration-form');
  // Ctrl+Enter saves from the notes, where Enter makes a new line.
  await fieldLabelled(page, 'Notes for the front desk').press('Control+Enter');

  const chart = page.getByTestId('patient-chart');
  await expect(chart).toBeVisible();
  const patientId = await chart.getAttribute('data-patient-id');
  await expect(page.getByTestId('front-office-notes')).toContainText('Uses a wheelchair: book the ground-floor room.');
  const facts = {
    preferredName: 'Rosa',
    genderIdentity: 'Woman · she/her',
    phone: '(617) 555-0142',
    altPhone: '(617) 555-0100',
    email: 'rosa.okafor@example.org',
    address: '12 Elm StreetApt 3Cambridge, MA 02139',
    preferredContact: 'Text message',
    language: 'Spanish',
    consentSms: `Granted on ${today}`,
    consentEmail: 'Refused on 01/05/2025',
    consentVoicemail: 'not asked',
    primaryProvider: 'Grace Hopper, MD',
  };
  for (const [name, text] of Object.entries(facts)) await expect(page.getByTestId(`fact-${name}`), name).toHaveText(text);
  await expect(page.getByText('Phone (mobile)')).toBeVisible();
  await expect(page.getByText('Second number (work)')).toBeVisible();
  await expect(page.getByTestId('guarantor')).toContainText('The patient (self)');
  await expect(page.getByTestId('no-emergency-contacts')).toBeVisible();

  // An emergency contact, by keyboard: the dialog opens on its first field, Enter saves.
  await page.getByTestId('add-emergency-contact').click();
  const dialog = page.getByTestId('contact-dialog');
  await expect(dialog.getByLabel(/^Name/)).toBeFocused();
  await dialog.getByLabel(/^Name/).fill('Ana Okafor');
  await dialog.getByLabel(/^Relationship/).selectOption({ label: 'Sibling' });
  await dialog.getByLabel(/^Name/).press('Enter');
  // No phone: refused next to the field, nothing saved.
  await expect(dialog.getByTestId('error-contact-phone')).toHaveText('An emergency contact needs a phone number');
  await dialog.getByLabel(/^Phone/).fill('617-555-0111');
  await dialog.getByLabel(/^Phone/).press('Enter');
  await expect(dialog).toBeHidden();
  const contact = page.getByTestId('emergency-contact');
  await expect(contact).toHaveCount(1);
  await expect(contact.getByTestId('contact-name')).toHaveText('Ana Okafor');
  await expect(contact.getByTestId('contact-relationship')).toHaveText('Sibling');
  await expect(contact.getByTestId('contact-details')).toHaveText('(617) 555-0111');

  // A guarantor with a billing address.
  await page.getByTestId('set-guarantor').click();
  await dialog.getByLabel(/^Name/).fill('Samuel Okafor');
  await dialog.getByLabel(/^Relationship/).selectOption({ label: 'Spouse' });
  await dialog.getByLabel('Address line 1').fill('40 Pine Road');
  await dialog.getByLabel('City').fill('Boston');
  await dialog.getByLabel('State / region').fill('MA');
  await dialog.getByLabel('ZIP / postal code').fill('2118');
  await dialog.getByLabel('City').press('Enter');
  await expect(dialog.getByTestId('error-contact-postalCode')).toHaveText('Not a ZIP code: 5 digits, or ZIP+4 (02139-4307)');
  await dialog.getByLabel('ZIP / postal code').fill('02118');
  await dialog.getByLabel('City').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('guarantor')).toContainText('Samuel Okafor');
  await expect(page.getByTestId('guarantor')).toContainText('40 Pine Road, Boston, MA 02118');
  await expect(page.getByTestId('set-guarantor')).toHaveCount(0);
  await shot(page, 'chart-02-overview');

  // An edit: the form shows everything as saved; only the phone changes.
  await page.keyboard.press('Control+E');
  await expect(fieldLabelled(page, 'Preferred name')).toHaveValue('Rosa');
  await expect(fieldLabelled(page, 'Primary provider')).toHaveValue(/.+/);
  await expect(fieldLabelled(page, 'Electronic mail Answered on')).toHaveValue('01/05/2025');
  await fillPatientForm(page, { phone: '617 555 0199' });
  await page.getByLabel('Phone').press('Enter');
  await expect(page.getByTestId('fact-phone')).toHaveText('(617) 555-0199');

  // The history names the user, the time, and each change from → to; newest first.
  await page.getByTestId('chart-tab-history').click();
  const entries = page.getByTestId('history-entry');
  await expect(entries).toHaveCount(4);
  const edit = entries.nth(0);
  await expect(edit.getByTestId('history-author')).toHaveText('Fiona Front');
  await expect(edit.getByTestId('history-time')).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} [AP]M$/);
  await expect(edit.getByTestId('history-change')).toHaveCount(1);
  await expect(edit.getByTestId('history-change')).toHaveText('Phone(617) 555-0142 → (617) 555-0199');
  await expect(entries.nth(1)).toContainText('Set guarantor Samuel Okafor');
  await expect(entries.nth(2)).toContainText('Added emergency contact Ana Okafor');
  await expect(entries.nth(3)).toContainText('Registered the patient');
  await expect(entries.nth(3).locator('[data-field="primaryProviderId"]')).toContainText('Grace Hopper, MD');
  await shot(page, 'chart-03-history');

  // Removing the emergency contact is one more entry, and the chart shows none.
  await page.getByTestId('chart-tab-overview').click();
  await contact.getByTestId('remove-contact').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('no-emergency-contacts')).toBeVisible();
  await page.getByTestId('chart-tab-history').click();
  await expect(entries.first()).toContainText('Removed emergency contact Ana Okafor');
  expect(page.url()).toContain(patientId!);
});

test('a preferred contact that cannot work is refused next to its field, and nothing is saved', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByTestId('new-patient').click();
  await fillPatientForm(page, {
    givenName: 'Ines',
    familyName: 'Barros',
    dateOfBirth: '1990-04-04',
    phone: '617 555 0150',
    phoneType: 'Home',
    preferredContact: 'Text message',
    addressLine1: '1 Main St',
  });
  await page.getByTestId('save-patient').click();
  await expect(page.getByTestId('error-preferredContact')).toHaveText('Text messages need a mobile number: add one (type Mobile) first');
  await expect(page.getByTestId('error-city')).toHaveText('Required for an address');
  await expect(page.getByTestId('form-error')).toContainText('Not saved');
  await shot(page, 'chart-04-form-errors');
  const search = await host.rpc<{ items: unknown[] }>('patients.search', { query: 'Barros' });
  expect(search.body).toEqual({ ok: true, value: { items: [] } });

  await fillPatientForm(page, { phoneType: 'Mobile', city: 'Boston', region: 'MA', postalCode: '02118' });
  await page.getByTestId('save-patient').click();
  await expect(page.getByTestId('fact-preferredContact')).toHaveText('Text message');
});
