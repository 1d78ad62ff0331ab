import { expect, openApp, test } from './support/fixtures';
import { registerPatient, resultRows, searchPatients, shot } from './support/app';
import { daysAgo, rpcValue, type RunningHost } from './support/host';
import { DAY, EVERY_DAY } from './support/schedule';

const requestsOf = async (host: RunningHost, patientId: string) =>
  (await rpcValue<{ items: unknown[] }>(host, 'recordRequests.listForPatient', { patientId })).items.length;

test('a duplicate chart merged into the survivor moves its records, closes, and the merge can be undone', async ({ page, host }) => {
  await openApp(page, host);
  const survivorId = await registerPatient(page, {
    givenName: 'Jonathan',
    familyName: 'Okafor',
    dateOfBirth: '11/02/1979',
    sex: 'Male',
    phone: '(617) 555-0190',
  });
  const survivorMrn = (await page.getByTestId('chart-mrn').textContent())!;
  // The same patient registered again past the duplicate warning ("Register as a new patient anyway").
  const duplicate = await rpcValue<{ id: string; mrn: string }>(host, 'patients.create', {
    givenName: 'Jonathon',
    familyName: 'Okafor',
    dateOfBirth: '1979-11-02',
    sex: 'male',
    email: 'j.okafor@example.org',
    confirmNewPatient: true,
  });
  await rpcValue(host, 'recordRequests.log', {
    patientId: duplicate.id,
    requesterName: 'Harbor Law Group',
    requesterKind: 'attorney',
    purpose: 'legal',
    recordsRequested: 'Visit notes 2025',
    authorizationOnFile: true,
    receivedOn: daysAgo(3),
  });

  // Each chart has a visit on the same morning, with two providers: merged, that is a double booking.
  await rpcValue(host, 'settings.update', { timeZone: 'America/New_York' });
  const type = await rpcValue<{ id: string }>(host, 'schedule.types.create', { name: 'Follow-up', durationMinutes: 30, color: '#2f6fdf', overbookRule: 'never' });
  for (const [npi, familyName, patientId] of [['1234567893', 'Hopper', survivorId], ['1245319599', 'Lovelace', duplicate.id]] as const) {
    const provider = await rpcValue<{ id: string }>(host, 'providers.create', { givenName: 'Grace', familyName, credentials: 'MD', npi });
    await rpcValue(host, 'schedule.templates.save', { providerId: provider.id, days: EVERY_DAY });
    await rpcValue(host, 'appointments.book', { patientId, providerId: provider.id, appointmentTypeId: type.id, date: DAY, time: familyName === 'Hopper' ? '09:00' : '09:15' });
  }

  // Pick the duplicate from the survivor's chart and compare.
  await page.getByTestId('merge-duplicate').click();
  const dialog = page.getByTestId('merge-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Find the duplicate chart')).toBeFocused();
  await dialog.getByLabel('Find the duplicate chart').fill('okafor');
  await expect(dialog.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await shot(page, 'merge-search');
  await dialog.locator(`[data-testid="search-result"][data-patient-id="${duplicate.id}"]`).click();

  const compare = dialog.getByTestId('merge-compare');
  await expect(compare.getByTestId('compare-Name')).toContainText('Okafor, Jonathan');
  await expect(compare.getByTestId('compare-Name')).toContainText('Okafor, Jonathon');
  await expect(compare.getByTestId('compare-Name')).toHaveClass(/differs/);
  await expect(compare.getByTestId('compare-Date of birth')).not.toHaveClass(/differs/);
  await expect(compare.getByTestId('compare-MRN')).toContainText(duplicate.mrn);
  await expect(compare.getByTestId('compare-record_requests')).toHaveText(/Record requests\s*0\s*1/);
  await expect(dialog.getByTestId('merge-what')).toContainText('The duplicate’s 2 records (1 record request and 1 appointment) move to this chart.');
  await expect(dialog.getByTestId('merge-what')).toContainText('This chart’s details stay as they are');
  const doubleBooked = dialog.getByTestId('merge-double-bookings');
  await expect(doubleBooked).toContainText('After the merge this patient is booked twice at the same time. Both appointments stay booked');
  await expect(doubleBooked.getByRole('listitem')).toHaveText(
    `${DAY.slice(5, 7)}/${DAY.slice(8, 10)}/${DAY.slice(0, 4)}: 09:00–09:30 with Grace Hopper, MD (this chart) and 09:15–09:45 with Grace Lovelace, MD (the duplicate)`,
  );
  await shot(page, 'merge-compare');

  await dialog.getByRole('button', { name: `Merge ${duplicate.mrn} into this chart` }).click();
  await expect(dialog).toBeHidden();
  const banner = page.getByTestId('merge-banner');
  await expect(banner).toContainText(`Merged from MRN ${duplicate.mrn}`);
  await expect(banner).toContainText('by Dana Whitfield');
  await shot(page, 'merge-banner');
  expect(await requestsOf(host, survivorId)).toBe(1);

  // The duplicate is gone from search; its old address says where its records are.
  await searchPatients(page, 'okafor');
  await expect(resultRows(page)).toHaveCount(1);
  await expect(resultRows(page)).toHaveAttribute('data-patient-id', survivorId);
  await page.evaluate((id) => (window.location.hash = `#/patients/${id}`), duplicate.id);
  const notice = page.getByTestId('merged-chart');
  await expect(notice).toContainText(`merged into the chart with MRN ${survivorMrn}`);
  await shot(page, 'merged-into');
  await notice.getByTestId('open-survivor').click();
  await expect(page.getByTestId('patient-chart')).toHaveAttribute('data-patient-id', survivorId);

  // Undo: both charts are back, the record with the duplicate.
  await page.getByTestId('undo-merge').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`MRN ${duplicate.mrn} opens again as a separate chart, with the 2 records this merge moved.`);
  await confirm.getByRole('button', { name: 'Undo merge' }).click();
  await expect(page.getByTestId('merge-banner')).toHaveCount(0);
  const done = page.getByTestId('unmerge-done');
  await expect(done).toContainText(`MRN ${duplicate.mrn} is a separate chart again`);
  expect(await requestsOf(host, duplicate.id)).toBe(1);
  expect(await requestsOf(host, survivorId)).toBe(0);
  await done.getByRole('link', { name: 'Open it' }).click();
  await expect(page.getByTestId('patient-chart')).toHaveAttribute('data-patient-id', duplicate.id);
  await expect(page.getByTestId('chart-mrn')).toHaveText(duplicate.mrn);

  await searchPatients(page, 'okafor');
  await expect(resultRows(page)).toHaveCount(2);
});

test('merging a chart with itself, or undoing a merge a later edit made impossible, shows the reason', async ({ page, host }) => {
  const survivor = await rpcValue<{ id: string; mrn: string }>(host, 'patients.create', {
    givenName: 'Priya',
    familyName: 'Raman',
    dateOfBirth: '1990-05-06',
    sex: 'female',
    confirmNewPatient: true,
  });
  const duplicate = await rpcValue<{ id: string; mrn: string }>(host, 'patients.create', {
    givenName: 'Pria',
    familyName: 'Raman',
    dateOfBirth: '1990-05-06',
    sex: 'female',
    confirmNewPatient: true,
  });
  const request = await rpcValue<{ id: string }>(host, 'recordRequests.log', {
    patientId: duplicate.id,
    requesterName: 'Bayview Clinic',
    requesterKind: 'provider',
    purpose: 'treatment',
    recordsRequested: 'Immunization record',
    authorizationOnFile: false,
    receivedOn: daysAgo(2),
  });
  await openApp(page, host);
  await page.evaluate((id) => (window.location.hash = `#/patients/${id}`), survivor.id);
  await expect(page.getByTestId('patient-chart')).toBeVisible();

  // The chart itself is refused with the service's reason; another one can be chosen.
  await page.getByTestId('merge-duplicate').click();
  const dialog = page.getByTestId('merge-dialog');
  await dialog.getByLabel('Find the duplicate chart').fill(survivor.mrn);
  await expect(dialog.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await dialog.getByLabel('Find the duplicate chart').press('Enter');
  await expect(dialog.getByTestId('merge-refused')).toHaveText('A chart cannot be merged with itself: choose the duplicate chart');
  await dialog.getByRole('button', { name: 'Choose another chart' }).click();
  await dialog.getByLabel('Find the duplicate chart').fill(duplicate.mrn);
  await expect(dialog.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await dialog.getByLabel('Find the duplicate chart').press('Enter');
  await dialog.getByRole('button', { name: `Merge ${duplicate.mrn} into this chart` }).click();
  await expect(page.getByTestId('undo-merge')).toBeVisible();

  // The moved request is released afterwards (on the surviving chart): undo would misplace that.
  await rpcValue(host, 'recordRequests.extend', { id: request.id, reason: 'Archived records are being retrieved' });
  await expect(page.getByTestId('undo-blocked')).toContainText('This merge cannot be undone: a record request it moved was changed after the merge');
  await expect(page.getByTestId('undo-merge')).toHaveCount(0);
  await shot(page, 'merge-undo-blocked');
});
