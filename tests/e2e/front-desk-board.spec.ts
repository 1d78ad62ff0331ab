import { shot } from './support/app';
import { expect, openApp, test } from './support/fixtures';
import { morning, openBoard, row, rows, selectByKeys, selectedRow } from './support/front-desk';
import { rpcValue } from './support/host';

test.use({ viewport: { width: 1366, height: 768 } });

test('the board lists the day with badges and counts, filters, and follows a visit from rooming to check-out and a follow-up, from the keyboard', async ({ page, host }) => {
  const m = await morning(host);
  await openBoard(page, host);
  await expect(page.getByTestId('board-date')).toContainText('Today');
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).locator('.board-time')).toHaveText(['08:30', '09:00', '10:00']);
  await expect(page.getByTestId('board-count-expected')).toContainText('3');
  await expect(page.getByTestId('board-count-arrived')).toContainText('0');
  // Maria came last month; Sam and Lee never have.
  await expect(row(page, 'Lopez, Maria').getByTestId('badge-first-visit')).toHaveCount(0);
  await expect(row(page, 'Okafor, Sam').getByTestId('badge-first-visit')).toBeVisible();
  await expect(row(page, 'Lopez, Maria').getByTestId('badge-insurance')).toHaveText('Blue Harbor Health · not verified');
  await expect(row(page, 'Lopez, Maria').getByTestId('badge-copay')).toHaveText('Copay unknown');
  await expect(row(page, 'Okafor, Sam').getByTestId('badge-insurance')).toHaveText('Self-pay');
  await expect(row(page, 'Okafor, Sam').getByTestId('board-balance')).toHaveText('n/a');
  await expect(row(page, 'Okafor, Sam').getByTestId('badge-paperwork')).toHaveText('ID, consents to collect');

  // Filters: one provider, then a status; a count is a filter too.
  await page.getByTestId('board-filter-provider').selectOption({ label: 'Ada Lovelace, MD' });
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Okafor, Sam');
  await page.getByTestId('board-filter-provider').selectOption({ label: 'Every provider' });
  await page.getByTestId('board-filter-status').selectOption({ label: 'Waiting (arrived, roomed)' });
  await expect(page.getByTestId('board-empty')).toBeVisible();
  await page.getByTestId('board-count-expected').click();
  await expect(rows(page)).toHaveCount(3);
  await page.getByTestId('board-count-expected').click();
  await expect(page.getByTestId('board-filter-status')).toHaveValue('all');

  // C opens the check-in for the selected visit.
  await page.getByTestId('board-rows').focus();
  await selectByKeys(page, 'Lopez, Maria');
  await page.keyboard.press('c');
  const checkIn = page.getByTestId('checkin-dialog');
  await expect(checkIn).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(checkIn).toBeHidden();
  await expect(page.getByTestId('board-rows')).toBeFocused();

  // Another workstation checks Maria and Sam in: the board follows, keeping Maria selected.
  for (const appointmentId of [m.visits.maria, m.visits.sam]) {
    await rpcValue(host, 'frontDesk.checkIn', {
      appointmentId,
      idempotencyKey: crypto.randomUUID(),
      identityChecked: true,
      insurance: { kind: 'self_pay' },
      consentsSigned: ['privacy_notice', 'treatment', 'financial_policy'],
      copay: appointmentId === m.visits.maria ? { amountCents: 2500, method: 'cash' } : null,
    });
  }
  await expect(row(page, 'Lopez, Maria').getByTestId('board-status')).toHaveText('Arrived');
  await expect(row(page, 'Lopez, Maria').getByTestId('badge-copay')).toHaveText('Copay $25.00 paid');
  await expect(row(page, 'Lopez, Maria').getByTestId('board-wait')).toHaveText('0 min');
  await expect(page.getByTestId('board-count-waiting')).toContainText('2');
  await expect(selectedRow(page)).toContainText('Lopez, Maria');
  await expect(page.getByTestId('board-action-checkIn')).toHaveAttribute('title', 'The check-in: receipt, undo');

  // R rooms Maria: the first free room is chosen, Enter rooms her.
  await page.keyboard.press('r');
  const rooming = page.getByTestId('board-room-dialog');
  await expect(rooming.getByRole('radio', { name: 'Exam 1' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rooming).toBeHidden();
  await expect(row(page, 'Lopez, Maria').getByTestId('board-status')).toHaveText('Roomed');
  await expect(row(page, 'Lopez, Maria').getByTestId('board-room')).toHaveText('Exam 1');

  // Sam: Exam 1 is taken, so Exam 2 is offered.
  await page.keyboard.press('ArrowUp');
  await expect(selectedRow(page)).toContainText('Okafor, Sam');
  await page.keyboard.press('r');
  await expect(rooming.getByRole('radio', { name: 'Exam 1' })).toBeDisabled();
  await expect(rooming.getByRole('radio', { name: 'Exam 2' })).toBeFocused();
  await expect(rooming).toContainText('occupied');
  await shot(page, 'board-02-room-dialog');
  await page.keyboard.press('Enter');
  await expect(row(page, 'Okafor, Sam').getByTestId('board-room')).toHaveText('Exam 2');

  // Meanwhile another workstation confirms Lee: the board shows it without a reload.
  await rpcValue(host, 'appointments.setStatus', { id: m.visits.lee, status: 'confirmed' });
  await expect(row(page, 'Park, Lee').getByTestId('board-status')).toHaveText('Confirmed');
  await shot(page, 'board-01-morning');

  // P: with the provider; O: checked out, then the follow-up is offered and booked from the keyboard.
  await page.keyboard.press('ArrowDown');
  await expect(selectedRow(page)).toContainText('Lopez, Maria');
  await page.keyboard.press('p');
  await expect(row(page, 'Lopez, Maria').getByTestId('board-status')).toHaveText('With provider');
  await page.keyboard.press('o');
  const offer = page.getByTestId('board-follow-up');
  await expect(offer).toContainText('Checked out: Lopez, Maria');
  await expect(offer.getByTestId('board-book-follow-up')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('find-page')).toBeVisible();
  await expect(page.getByTestId('find-patient')).toContainText('Lopez, Maria');
  await expect(page.locator('#find-providerId')).toHaveValue(m.hopper);
  await expect(page.getByTestId('find-slot-book').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('find-outcome')).toContainText('Booked Lopez, Maria: Follow-up with Grace Hopper, MD');
  // A follow-up starts the day after the visit: the first free time from tomorrow on.
  const upcoming = await rpcValue<{ upcoming: { id: string; status: string; local: { date: string } }[] }>(host, 'appointments.forPatient', { patientId: m.maria });
  const followUps = upcoming.upcoming.filter((a) => a.status === 'booked');
  expect(followUps).toHaveLength(1);
  expect(followUps[0]!.local.date > m.today).toBe(true);

  // Back on the board, Maria is done; her follow-up is on another day.
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Front desk/ }).click();
  await expect(row(page, 'Lopez, Maria').getByTestId('board-status')).toHaveText(['Checked out']);
  await expect(page.getByTestId('board-count-done')).toContainText('1');
});

test('a walk-in is registered, booked from now and checked in next; a collision is overbooked as a walk-in; the days move with Alt+arrows and T; the wait threshold is a clinic setting', async ({ page, host }) => {
  const m = await morning(host);
  await openApp(page, host);
  // Admin → Clinic settings: the wait threshold (1 to 240 minutes) reaches the board.
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Clinic settings' }).click();
  const threshold = page.getByLabel(/Highlight a patient waiting longer than/);
  await expect(threshold).toHaveValue('15');
  await threshold.fill('0');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('error-settings-waitThresholdMinutes')).toHaveText('At least 1 minute');
  await threshold.fill('20');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-message')).toContainText('Saved');
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Front desk/ }).click();
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId('board-page')).toContainText('waits over 20 min are marked');

  // W: a new patient, registered in the flow (a likely existing one would be offered instead).
  await page.keyboard.press('w');
  const walkIn = page.getByTestId('walk-in-dialog');
  await expect(walkIn.getByTestId('walk-in-patient-input')).toBeFocused();
  // Registering someone already on file offers them instead.
  await walkIn.getByTestId('walk-in-register').click();
  await walkIn.getByLabel('Given name').fill('Maria');
  await walkIn.getByLabel('Family name').fill('Lopez');
  await walkIn.getByLabel('Date of birth').fill('04/02/1980');
  await walkIn.getByTestId('use-duplicate').click();
  await expect(walkIn.getByTestId('walk-in-patient')).toContainText('Lopez, Maria');
  await walkIn.getByTestId('walk-in-patient-change').click();
  await walkIn.getByTestId('walk-in-register').click();
  await walkIn.getByLabel('Given name').fill('Noor');
  await walkIn.getByLabel('Family name').fill('Haddad');
  await walkIn.getByLabel('Date of birth').fill('03/14/1988');
  await shot(page, 'board-04-walk-in-register');
  await walkIn.getByLabel('Given name').press('Enter');
  await expect(walkIn.getByTestId('walk-in-patient')).toContainText('Haddad, Noor');
  await expect(walkIn.getByTestId('walk-in-provider')).toBeFocused();
  await expect(walkIn.getByTestId('walk-in-start')).toContainText('Starts now: 1');
  await shot(page, 'board-03-walk-in');
  await page.keyboard.press('Enter');
  // Booked, then checked in through the check-in (the honest flow): its dialog opens for the new visit.
  await expect(walkIn).toBeHidden();
  await expect(page.getByTestId('checkin-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(rows(page)).toHaveCount(4);
  await expect(selectedRow(page)).toContainText('Haddad, Noor');
  await expect(selectedRow(page).getByTestId('board-status')).toHaveText('Booked');
  await expect(selectedRow(page).getByTestId('badge-first-visit')).toBeVisible();

  // Sam walks in too, with Grace Hopper, now busy with Noor: a follow-up cannot overbook, a new-patient visit can, as "Walk-in".
  await page.keyboard.press('w');
  await walkIn.getByTestId('walk-in-patient-input').fill('Okafor');
  await expect(walkIn.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await walkIn.getByTestId('walk-in-patient-input').press('Enter');
  await expect(walkIn.getByTestId('walk-in-patient')).toContainText('Okafor, Sam');
  await walkIn.getByTestId('walk-in-provider').selectOption({ label: 'Grace Hopper, MD' });
  await walkIn.getByTestId('walk-in-submit').click();
  await expect(walkIn.getByTestId('walk-in-conflict')).toContainText('The provider has another appointment');
  await expect(walkIn.getByTestId('walk-in-overbook-reason')).toHaveCount(0);
  await walkIn.getByTestId('walk-in-type').selectOption({ label: 'New patient (60 min)' });
  await walkIn.getByTestId('walk-in-submit').click();
  await expect(walkIn.getByTestId('walk-in-overbook-reason')).toHaveValue('Walk-in');
  await expect(walkIn.getByTestId('walk-in-overbook-reason')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(walkIn).toBeHidden();
  await page.getByTestId('checkin-dialog').press('Escape');
  await expect(rows(page)).toHaveCount(5);
  const day = await rpcValue<{ appointments: { patientId: string; overbookReason: string | null }[] }>(host, 'appointments.day', { date: m.today });
  expect(day.appointments.filter((a) => a.patientId === m.sam).map((a) => a.overbookReason)).toEqual([null, 'Walk-in']);

  // Days: Alt+→ tomorrow (empty), Alt+← back, T today.
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('board-date')).not.toContainText('Today');
  await expect(page.getByTestId('board-empty')).toBeVisible();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByTestId('board-date')).toContainText('Today');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page).toHaveURL(/#\/front-desk\/board\/\d{4}-\d{2}-\d{2}$/);
  await page.keyboard.press('t');
  await expect(page.getByTestId('board-date')).toContainText('Today');
  await expect(rows(page)).toHaveCount(5);
});
