import { expect, openApp, signInAgainAtOverlay, test } from './support/fixtures';
import { fillPatientForm, registerPatient, resultRows, searchPatients, shot } from './support/app';

const maria = {
  givenName: 'Maria',
  familyName: 'Lopez-Garcia',
  dateOfBirth: '07/14/1985',
  sex: 'Female',
  phone: '(617) 555-0142',
  email: 'Maria.Lopez@Example.org',
} as const;

test('register a patient, find them by partial name and by date of birth, and open the chart', async ({ page, host }) => {
  await openApp(page, host);
  // The launch token is taken out of the address bar.
  expect(page.url()).not.toContain('token');

  await searchPatients(page, 'lop');
  await expect(page.getByText('No patients match')).toBeVisible();
  await shot(page, '01-search-empty');

  const id = await registerPatient(page, maria);
  expect(page.url()).toContain(`#/patients/${id}`);

  // The chart shows everything that was entered.
  await expect(page.getByTestId('chart-name')).toHaveText('Lopez-Garcia, Maria');
  await expect(page.getByTestId('fact-givenName')).toHaveText('Maria');
  await expect(page.getByTestId('fact-familyName')).toHaveText('Lopez-Garcia');
  await expect(page.getByTestId('fact-dateOfBirth')).toHaveText(/^07\/14\/1985 \(\d+ y\)$/);
  await expect(page.getByTestId('fact-sex')).toHaveText('Female');
  await expect(page.getByTestId('fact-phone')).toHaveText('(617) 555-0142');
  await expect(page.getByTestId('fact-email')).toHaveText('maria.lopez@example.org');
  const mrn = (await page.getByTestId('fact-mrn').textContent()) ?? '';
  expect(mrn).toMatch(/^[2-9A-HJ-NP-Z]{3}-\d{6}-\d$/);
  await expect(page.getByTestId('system-info')).toContainText(mrn.slice(0, 3));
  await expect(page.getByTestId('fact-createdAt')).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} [AP]M$/);
  await shot(page, '03-chart');

  // Partial name, either order.
  await searchPatients(page, 'mar lop');
  await expect(resultRows(page)).toHaveCount(1);
  await expect(resultRows(page).first()).toContainText('Lopez-Garcia, Maria');
  await expect(resultRows(page).first()).toContainText('07/14/1985');
  await expect(resultRows(page).first()).toContainText('(617) 555-0142');
  await expect(resultRows(page).first()).toContainText(mrn);
  await shot(page, '02-search-results');

  // Date of birth as MM/DD/YYYY; Enter opens the highlighted result.
  await searchPatients(page, '07/14/1985');
  await expect(resultRows(page)).toHaveCount(1);
  await page.getByTestId('patient-search-input').press('Enter');
  await expect(page.getByTestId('chart-name')).toHaveText('Lopez-Garcia, Maria');

  // The other ways a front desk types: MMDDYYYY, phone digits, MRN.
  for (const query of ['07141985', '0142', mrn.toLowerCase()]) {
    await searchPatients(page, query);
    await expect(resultRows(page), query).toHaveCount(1);
  }
});

test('a rejected form shows each error next to its field and saves nothing', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByTestId('new-patient').click();
  await fillPatientForm(page, {
    givenName: 'Nobody',
    familyName: '',
    dateOfBirth: '12/31/2999',
    phone: '12',
    email: 'nobody@',
  });
  await expect(page.getByTestId('dob-reading')).toContainText('in the future');
  await page.getByTestId('save-patient').click();

  await expect(page.getByTestId('error-familyName')).toHaveText('Required');
  await expect(page.getByTestId('error-dateOfBirth')).toHaveText('Cannot be in the future');
  await expect(page.getByTestId('error-phone')).toHaveText('Not a valid phone number');
  await expect(page.getByTestId('error-email')).toHaveText('Not a valid e-mail address');
  await expect(page.getByTestId('error-givenName')).toHaveText('');
  await expect(page.getByLabel('Family name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Family name')).toBeFocused();
  await expect(page.getByTestId('form-error')).toContainText('Not saved');
  await shot(page, '04-form-errors');

  // A date that is not a date says which formats work.
  await page.getByLabel('Date of birth').fill('13/45/1990');
  await page.getByTestId('save-patient').click();
  await expect(page.getByTestId('error-dateOfBirth')).toContainText('07/14/1985');

  // Nothing reached the database.
  expect(page.url()).toContain('#/patients/new');
  const search = await host.rpc<{ items: unknown[] }>('patients.search', { query: 'Nobody' });
  expect(search.body).toEqual({ ok: true, value: { items: [] } });
  // (Setting up the clinic wrote users and settings; no patient was written.)
  const changes = await host.rpc<{ changes: { table: string }[] }>('changes.since', { cursor: 0 });
  expect(changes.body.ok && changes.body.value.changes.filter((c) => c.table === 'patients')).toEqual([]);
});

test('errors from the service land next to the right field, or at the top, and keep what was typed', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByTestId('new-patient').click();
  await fillPatientForm(page, { givenName: 'Ana', familyName: 'Silva', dateOfBirth: '1990-02-03' });

  // The service refuses a field (e.g. a rule only it knows).
  await page.route('**/rpc', async (route) => {
    if (route.request().postDataJSON()?.method !== 'patients.create') return route.continue();
    await route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: 'Please check: familyName', fields: { familyName: 'Too similar to an existing name' } } }),
    });
  });
  await page.getByLabel('Given name').press('Enter');
  await expect(page.getByTestId('error-familyName')).toHaveText('Too similar to an existing name');
  await expect(page.getByLabel('Family name')).toBeFocused();

  // A failure that belongs to no field shows at the top.
  await page.unroute('**/rpc');
  await page.route('**/rpc', async (route) => {
    if (route.request().postDataJSON()?.method !== 'patients.create') return route.continue();
    await route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>Bad gateway</h1>' });
  });
  await page.getByLabel('Given name').press('Enter');
  await expect(page.getByTestId('form-error')).toContainText('unexpected reply');

  // The service is gone: a clear message, and the typed details are still there.
  await page.unroute('**/rpc');
  await page.route('**/rpc', (route) => route.abort('connectionrefused'));
  await page.getByLabel('Given name').press('Enter');
  await expect(page.getByTestId('form-error')).toContainText('Cannot reach the clinic service');
  await expect(page.getByLabel('Family name')).toHaveValue('Silva');

  // Back again: the same form saves.
  await page.unroute('**/rpc');
  await page.getByLabel('Given name').press('Enter');
  await expect(page.getByTestId('chart-name')).toHaveText('Silva, Ana');
});

test('after a restart on the same data folder the patient is still found', async ({ page, dataDir, host, launchHost }) => {
  await openApp(page, host);
  await registerPatient(page, { givenName: 'Tomasz', familyName: 'Nowak', dateOfBirth: '03021950', phone: '617-555-0199' });
  const mrn = await page.getByTestId('fact-mrn').textContent();

  // The service goes away: the open window says so plainly.
  await host.stop();
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toContainText('Cannot reach the clinic service');

  // It comes back on the same port with a new launch token: the window's event stream reconnects
  // (with backoff) and is refused with the old token, which is also said plainly.
  const again = await launchHost(dataDir, { port: host.port });
  expect(again.token).not.toBe(host.token);
  await expect(banner).toContainText('did not accept', { timeout: 20_000 });

  // Opening the newly printed address in the same tab hands over the new token. The restart
  // ended the session: the same user signs in again over the screen, which stays as it was.
  await page.goto(again.url);
  await expect(banner).toBeHidden();
  expect(page.url()).not.toContain('token');
  await expect(page.getByTestId('lock-overlay')).toHaveAttribute('data-reason', 'expired');
  await signInAgainAtOverlay(page);
  await searchPatients(page, 'nowak tom');
  await expect(resultRows(page)).toHaveCount(1);
  await expect(resultRows(page).first()).toContainText(mrn!);
  await searchPatients(page, '03/02/1950');
  await expect(resultRows(page)).toHaveCount(1);
  await resultRows(page).first().click();
  await expect(page.getByTestId('fact-phone')).toHaveText('(617) 555-0199');

  // And a fresh window on the restarted service finds them too.
  const fresh = await page.context().newPage();
  await openApp(fresh, again);
  await searchPatients(fresh, 'Nowak');
  await expect(resultRows(fresh)).toHaveCount(1);
});

test('a second window sees a new patient appear in its open search, and chart edits, without reloading', async ({ page, context, host }) => {
  const second = await context.newPage();
  await openApp(page, host);
  await openApp(second, host);

  await searchPatients(second, 'okafor');
  await expect(second.getByText('No patients match')).toBeVisible();

  const id = await registerPatient(page, { givenName: 'Chidi', familyName: 'Okafor', dateOfBirth: '1979-11-02' });

  await expect(resultRows(second)).toHaveCount(1);
  await expect(resultRows(second).first()).toContainText('Okafor, Chidi');

  // The second window opens the chart; an edit in the first window shows up there.
  await resultRows(second).first().click();
  await expect(second.getByTestId('fact-phone')).toContainText('not recorded');
  await page.getByTestId('edit-patient').click();
  await fillPatientForm(page, { phone: '212 555 0123' });
  await page.getByLabel('Phone').press('Enter');
  await expect(page.getByTestId('fact-phone')).toHaveText('(212) 555-0123');
  await expect(second.getByTestId('fact-phone')).toHaveText('(212) 555-0123');
  expect(second.url()).toContain(id);
});

test('editing uses the same form, saves only what changed, and returns to the chart', async ({ page, host }) => {
  const created = await host.rpc<{ id: string }>('patients.create', {
    givenName: 'Lena',
    familyName: 'Schmidt',
    dateOfBirth: '2001-05-06',
    email: 'lena@example.org',
  });
  if (!created.body.ok) throw new Error(created.body.error.message);
  await openApp(page, host);
  await page.goto(`${host.origin}/#/patients/${created.body.value.id}`);
  await expect(page.getByTestId('chart-name')).toHaveText('Schmidt, Lena');
  await page.keyboard.press('Control+E');
  await expect(page.getByLabel('Date of birth')).toHaveValue('05/06/2001');
  await expect(page.getByLabel('E-mail')).toHaveValue('lena@example.org');
  await fillPatientForm(page, { familyName: 'Schmidt-Weber', sex: 'Female' });
  await page.getByTestId('save-patient').click();
  await expect(page.getByTestId('chart-name')).toHaveText('Schmidt-Weber, Lena');
  await expect(page.getByTestId('fact-sex')).toHaveText('Female');
  await expect(page.getByTestId('fact-email')).toHaveText('lena@example.org');
});

test('a chart address that names no patient says so', async ({ page, host }) => {
  await openApp(page, host);
  await page.goto(`${host.origin}/#/patients/0190f3a4-0000-7000-8000-000000000000`);
  await expect(page.getByRole('heading', { name: 'Patient not found' })).toBeVisible();
  await page.goto(`${host.origin}/#/patients/not-an-id`);
  await expect(page.getByRole('heading', { name: 'Patient not found' })).toBeVisible();
});

test('Enter pressed twice registers the patient once', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByTestId('new-patient').click();
  await fillPatientForm(page, { givenName: 'Once', familyName: 'Only', dateOfBirth: '1970-01-01' });
  // A slow service makes the second Enter land while the first save is still running.
  await page.route('**/rpc', async (route) => {
    if (route.request().postDataJSON()?.method === 'patients.create') await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  await page.getByLabel('Family name').press('Enter');
  await page.getByLabel('Family name').press('Enter');
  await expect(page.getByTestId('chart-name')).toHaveText('Only, Once');
  const search = await host.rpc<{ items: unknown[] }>('patients.search', { query: 'Only Once' });
  expect(search.body.ok && search.body.value.items).toHaveLength(1);
});

test('a late answer to an earlier query never replaces the results of the latest one', async ({ page, host }) => {
  for (const [givenName, familyName] of [
    ['Aida', 'Haddad'],
    ['Hana', 'Haddad'],
  ]) {
    expect((await host.rpc('patients.create', { givenName, familyName, dateOfBirth: '1988-08-08' })).body.ok).toBe(true);
  }
  await openApp(page, host);
  await searchPatients(page, 'hadd');
  await expect(resultRows(page)).toHaveCount(2);

  // The answer for "had" is held back until after the answer for "hana had" has arrived.
  let releaseSlow!: () => void;
  const slowHeld = new Promise<void>((resolve) => (releaseSlow = resolve));
  await page.route('**/rpc', async (route) => {
    if (route.request().postDataJSON()?.input?.query === 'had') await slowHeld;
    await route.continue();
  });
  const input = page.getByTestId('patient-search-input');
  await input.fill('had');
  await page.waitForRequest((r) => r.url().endsWith('/rpc') && r.postDataJSON()?.input?.query === 'had');
  await input.fill('hana had');
  await expect(page.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await expect(resultRows(page)).toHaveCount(1);
  releaseSlow();
  await page.waitForTimeout(500);
  await expect(resultRows(page)).toHaveCount(1);
  await expect(resultRows(page).first()).toContainText('Haddad, Hana');
});
