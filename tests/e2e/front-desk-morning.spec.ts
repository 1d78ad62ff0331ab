import type { Page } from '@playwright/test';
import { addDays } from '../../src-shared/scheduling/clinic-time';
import { shot } from './support/app';
import { expect, openApp, test } from './support/fixtures';
import { checkCardReceiptPdf, morning, openBoard, row, rows, selectByKeys } from './support/front-desk';
import { rpcValue, type RunningHost } from './support/host';

/**
 * Issue 6's closing walk: a front-desk morning at 1366×768, driven from the keyboard where the
 * screens offer a key. The clinic's clock reads 11:xx (support/front-desk `morning`): Sam (08:30
 * with Ada Lovelace), Maria (09:00, insured) and Lee (10:00, both with Grace Hopper) are booked today.
 */
test.use({ viewport: { width: 1366, height: 768 } });

/** The colleague the phone message is routed to. */
const RITA = { username: 'rita.alvarez', displayName: 'Rita Alvarez', password: 'Copper-Kettle-Meadow-58' } as const;

interface LedgerView {
  entries: { entryType: string; bucket: string; appointmentId: string | null; amountCents: number; method: string | null; reference: string | null; reversesId: string | null }[];
  balances: { patient: number; insurance: number };
}
interface DayView {
  appointments: { id: string; patientId: string; providerId: string; appointmentTypeId: string; status: string; local: { date: string; start: string } }[];
}

/** YYYY-MM-DD as the screens show it: MM/DD/YYYY. */
const shownDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const checkInDialog = (page: Page) => page.getByTestId('checkin-dialog');
const statusOf = (page: Page, name: string) => row(page, name).getByTestId('board-status');

/** C on the selected visit; identity confirmed with Space (it has the focus); nothing else asked. */
async function openCheckIn(page: Page, name: string): Promise<void> {
  await page.keyboard.press('c');
  await expect(checkInDialog(page).getByTestId('checkin-patient')).toHaveText(name);
  await expect(checkInDialog(page).getByTestId('checkin-identity')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(checkInDialog(page).getByTestId('checkin-identity')).toBeChecked();
}

/** Enter checks in (from wherever the focus is in the form); Escape closes the finished check-in, back on the board. */
async function finishCheckIn(page: Page): Promise<void> {
  await page.keyboard.press('Enter');
  await expect(checkInDialog(page).getByTestId('checkin-success')).toHaveText('Checked in: the appointment is now Arrived.');
  await page.keyboard.press('Escape');
  await expect(checkInDialog(page)).toBeHidden();
  await expect(page.getByTestId('board-rows')).toBeFocused();
}

/** R on the selected visit: the first free room has the focus; Enter rooms the patient there. */
async function roomSelected(page: Page, name: string, room: string): Promise<void> {
  await selectByKeys(page, name);
  await page.keyboard.press('r');
  const dialog = page.getByTestId('board-room-dialog');
  await expect(dialog.getByRole('radio', { name: room })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(row(page, name).getByTestId('board-room')).toHaveText(room);
}

const ledgerOf = (host: RunningHost, patientId: string) => rpcValue<LedgerView>(host, 'ledger.forPatient', { patientId });

test('a morning on the board: three booked patients and a walk-in, a card copay with its receipt PDF, rooming, the provider, check-out with the follow-up booked', async ({ page, host }) => {
  const m = await morning(host);
  await openBoard(page, host);
  await expect(page.getByTestId('board-date')).toContainText('Today');
  await expect(rows(page).locator('.board-time')).toHaveText(['08:30', '09:00', '10:00']);
  await expect(page.getByTestId('board-count-expected')).toContainText('3');
  await expect(page.getByTestId('board-rows')).toBeFocused();
  // It is 11:xx: all three are past their start and not here yet, so each shows how late (an hour or more).
  await expect(rows(page).getByTestId('board-late')).toHaveText([/^Late [23] h\+$/, /^Late [12] h\+$/, /^Late 1 h\+$/]);
  await shot(page, 'morning-01-board-opening');

  // Maria first: her coverage is offered, three consents signed, $25 by card with the slip's reference.
  await selectByKeys(page, 'Lopez, Maria');
  await openCheckIn(page, 'Lopez, Maria');
  const dialog = checkInDialog(page);
  await expect(dialog.getByTestId('checkin-coverage')).toBeChecked();
  for (const form of ['privacy_notice', 'treatment', 'financial_policy']) await dialog.getByTestId(`checkin-consent-${form}`).check();
  await dialog.getByTestId('checkin-copay-card').check();
  await dialog.getByTestId('checkin-amount').fill('25');
  await dialog.getByTestId('checkin-reference').fill('AUTH 118204');
  await dialog.getByTestId('checkin-reference').press('Enter');
  const done = dialog.getByTestId('checkin-done');
  await expect(done.getByTestId('checkin-done-copay')).toHaveText('$25.00 · Card · AUTH 118204');
  await expect(done.getByTestId('checkin-done-insurance')).toHaveText('Primary · Blue Harbor Health');
  await expect(dialog.getByTestId('checkin-print-receipt')).toBeFocused();

  // The receipt, saved as a PDF: read back, and its first page drawn to look at.
  await checkCardReceiptPdf(page, dialog, 'AUTH 118204', 'morning-02-receipt-page1');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('board-rows')).toBeFocused();
  await expect(statusOf(page, 'Lopez, Maria')).toHaveText('Arrived');
  await expect(row(page, 'Lopez, Maria').getByTestId('badge-copay')).toHaveText('Copay $25.00 paid');

  // Sam: self-pay, nothing to collect: C, Space, Enter.
  await selectByKeys(page, 'Okafor, Sam');
  await openCheckIn(page, 'Okafor, Sam');
  await expect(dialog.getByTestId('checkin-self-pay')).toBeChecked();
  await finishCheckIn(page);
  await expect(statusOf(page, 'Okafor, Sam')).toHaveText('Arrived');

  // A walk-in: W, registered in the flow, booked now with Ada Lovelace, then checked in.
  await page.keyboard.press('w');
  const walkIn = page.getByTestId('walk-in-dialog');
  await expect(walkIn.getByTestId('walk-in-patient-input')).toBeFocused();
  await walkIn.getByTestId('walk-in-register').click();
  await walkIn.getByLabel('Given name').fill('Noor');
  await walkIn.getByLabel('Family name').fill('Haddad');
  await walkIn.getByLabel('Date of birth').fill('03/14/1988');
  await walkIn.getByLabel('Given name').press('Enter');
  await expect(walkIn.getByTestId('walk-in-patient')).toContainText('Haddad, Noor');
  await expect(walkIn.getByTestId('walk-in-provider')).toBeFocused();
  await walkIn.getByTestId('walk-in-provider').selectOption({ label: 'Ada Lovelace, MD' });
  await page.keyboard.press('Enter');
  await expect(walkIn).toBeHidden();
  await expect(dialog.getByTestId('checkin-identity')).toBeFocused();
  await page.keyboard.press('Space');
  await finishCheckIn(page);
  await expect(rows(page)).toHaveCount(4);
  await expect(statusOf(page, 'Haddad, Noor')).toHaveText('Arrived');
  await expect(row(page, 'Haddad, Noor').getByTestId('badge-first-visit')).toBeVisible();

  // Rooming: Maria into Exam 1, Sam into the room left (Exam 2); Noor waits.
  await roomSelected(page, 'Lopez, Maria', 'Exam 1');
  await roomSelected(page, 'Okafor, Sam', 'Exam 2');
  await expect(page.getByTestId('board-count-waiting')).toContainText('3');
  await expect(page.getByTestId('board-count-expected')).toContainText('1');
  await shot(page, 'morning-03-board-rooms-full');

  // Maria sees the provider (P), is checked out (O), and her follow-up is booked from the offer.
  await selectByKeys(page, 'Lopez, Maria');
  await page.keyboard.press('p');
  await expect(statusOf(page, 'Lopez, Maria')).toHaveText('With provider');
  await shot(page, 'morning-04-board-with-provider');
  await page.keyboard.press('o');
  const offer = page.getByTestId('board-follow-up');
  await expect(offer).toContainText('Checked out: Lopez, Maria');
  await expect(offer.getByTestId('board-book-follow-up')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('find-patient')).toContainText('Lopez, Maria');
  await expect(page.getByTestId('find-slot-book').first()).toBeFocused();
  // A follow-up is looked for from tomorrow on, never later the same day.
  await expect(page.getByLabel('Not before')).toHaveValue(addDays(m.today, 1));
  // The provider wants her back in four weeks; she prefers afternoons. Enter searches, Enter books the first.
  const followUpDay = addDays(m.today, 28);
  await page.getByLabel('Not before').fill(followUpDay);
  await page.getByLabel('Afternoon').check();
  await page.getByLabel('Afternoon').press('Enter');
  await expect(page.getByTestId('find-slot').first()).toContainText(shownDate(followUpDay));
  await expect(page.getByTestId('find-slot-book').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('find-outcome')).toContainText('Booked Lopez, Maria: Follow-up with Grace Hopper, MD');
  await expect(page.getByTestId('find-outcome')).toContainText(shownDate(followUpDay));

  // Back on the board (Alt+1 is the Front desk's own key; from the schedule, the menu).
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Front desk/ }).click();
  await expect(statusOf(page, 'Lopez, Maria')).toHaveText('Checked out');
  await expect(page.getByTestId('board-count-done')).toContainText('1');
  await shot(page, 'morning-05-board-late-morning');

  // What the service holds: one copay on Maria's ledger, none on Sam's; every visit where the board says.
  const maria = await ledgerOf(host, m.maria);
  expect(maria.entries).toEqual([
    expect.objectContaining({ entryType: 'payment', bucket: 'patient', appointmentId: m.visits.maria, amountCents: -2500, method: 'card', reference: 'AUTH 118204', reversesId: null }),
  ]);
  expect(maria.balances).toEqual({ patient: -2500, insurance: 0 });
  expect((await ledgerOf(host, m.sam)).entries).toEqual([]);
  const upcoming = await rpcValue<{ upcoming: DayView['appointments'] }>(host, 'appointments.forPatient', { patientId: m.maria });
  const followUps = upcoming.upcoming.filter((a) => a.status === 'booked');
  expect(followUps).toEqual([expect.objectContaining({ providerId: m.hopper, appointmentTypeId: m.followUp, local: expect.objectContaining({ date: followUpDay }) })]);
  expect(followUps[0]!.local.start >= '12:00').toBe(true);
  const day = await rpcValue<DayView>(host, 'appointments.day', { date: m.today });
  const statusById = new Map(day.appointments.map((a) => [a.id, a.status]));
  expect([m.visits.maria, m.visits.sam, m.visits.lee].map((id) => statusById.get(id))).toEqual(['checked_out', 'roomed', 'booked']);
  const others = day.appointments.filter((a) => ![m.maria, m.sam, m.lee].includes(a.patientId));
  expect(others.map((a) => [a.providerId, a.status])).toEqual([[m.lovelace, 'arrived']]);
});

test('the same morning away from the board: a phone message routed to a colleague and completed, a referral shown overdue, a supply order received into stock', async ({ page, context, host }) => {
  const m = await morning(host);
  await rpcValue(host, 'users.create', { ...RITA, role: 'front_desk' });
  const gauze = await rpcValue<{ id: string }>(host, 'supplies.items.create', { name: 'Gauze pads 4x4', unit: 'pack', reorderLevel: 5, reorderQuantity: 10, vendor: 'MedSupply' });
  await rpcValue(host, 'supplies.stock.count', { itemId: gauze.id, counted: 2 });
  await openBoard(page, host);

  // Alt+2, M: Lee's mother calls about his results; the message is for Dr. Hopper, due today.
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('messages-page')).toBeVisible();
  await page.keyboard.press('m');
  const take = page.getByTestId('take-message-dialog');
  await expect(take.getByLabel(/^Caller/)).toBeFocused();
  await take.getByLabel(/^Caller/).fill('Mina Park (mother)');
  await take.getByTestId('message-patient-input').fill('Park');
  await expect(take.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await take.getByTestId('message-patient-input').press('Enter');
  await expect(take.getByTestId('message-patient')).toContainText('Park, Lee');
  await take.getByLabel('Callback number').fill('(617) 555-0199');
  await take.getByLabel(/^Reason/).fill('Are the blood test results in?');
  await take.getByLabel('Urgency').selectOption('Soon');
  await take.getByLabel(/^For/).selectOption({ label: 'Grace Hopper, MD' });
  await take.getByLabel('Due').fill(m.today);
  await take.getByLabel('Due').press('Enter');
  await expect(take).toBeHidden();
  await expect(page.getByTestId('messages-notice')).toHaveText('Message for Grace Hopper, MD saved.');

  // The provider's messages: Enter opens it, R routes it to Rita.
  await page.getByTestId('messages-box-providers').click();
  await expect(page.getByTestId('message-row')).toHaveCount(1);
  await expect(page.getByTestId('message-row')).toContainText('Mina Park (mother), (617) 555-0199 · re Park, Lee');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message-detail-subject')).toHaveText('Are the blood test results in?');
  await page.keyboard.press('r');
  const route = page.getByTestId('message-route-dialog');
  await route.getByLabel(/^Route to/).selectOption({ label: RITA.displayName });
  await route.getByLabel(/^Route to/).press('Enter');
  await expect(route).toBeHidden();
  await expect(page.getByTestId('messages-notice')).toHaveText(`Message routed to ${RITA.displayName}.`);

  // Rita, at her own desk: one new message; Enter opens it, D marks it done with the outcome.
  const rita = await context.newPage();
  await rita.setViewportSize({ width: 1366, height: 768 });
  await openApp(rita, host, RITA);
  await rita.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Front desk' }).click();
  await rita.keyboard.press('Alt+2');
  await expect(rita.getByTestId('messages-status-new')).toContainText('New 1');
  await expect(rita.getByTestId('message-row')).toContainText('Soon');
  await rita.keyboard.press('Enter');
  await expect(rita.getByTestId('message-detail-status')).toHaveText('New');
  await rita.keyboard.press('d');
  const outcome = rita.getByTestId('message-outcome-dialog');
  await outcome.getByLabel(/^Outcome/).fill('Called Mina back: results are in, Dr. Hopper will call tomorrow');
  await outcome.getByLabel(/^Outcome/).press('Enter');
  await expect(outcome).toBeHidden();
  await expect(rita.getByTestId('message-detail-status')).toHaveText('Done');
  await expect(rita.getByTestId('messages-new-count')).toBeHidden();
  await shot(rita, 'morning-06-message-done');
  const taken = await rpcValue<{ items: { status: string; dueDate: string | null; outcome: string | null; recipient: { name: string }; doneBy: { displayName: string } | null }[] }>(
    host,
    'messages.sent',
    { status: 'done' },
  );
  expect(taken.items).toEqual([
    expect.objectContaining({ status: 'done', dueDate: m.today, recipient: expect.objectContaining({ name: RITA.displayName }), doneBy: expect.objectContaining({ displayName: RITA.displayName }) }),
  ]);
  await rita.close();

  // Alt+3, N: Lee's referral to dermatology, logged 45 days back with no report: 15 days past the clinic's 30.
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('referrals-page')).toContainText('no report came 30 days after');
  await page.keyboard.press('n');
  const log = page.getByTestId('log-referral-dialog');
  await log.getByTestId('referral-patient-input').fill('Park');
  await expect(log.getByTestId('search-results')).toHaveAttribute('data-state', 'done');
  await log.getByTestId('referral-patient-input').press('Enter');
  await expect(log.getByTestId('referral-patient')).toContainText('Park, Lee');
  await log.getByLabel(/^Referred to/).fill('Dr. Omar Reyes');
  await log.getByLabel('Organisation').fill('Harbor Dermatology');
  await log.getByLabel('Referring provider').selectOption({ label: 'Grace Hopper, MD' });
  await log.getByLabel(/^Referred on/).fill(addDays(m.today, -45));
  await log.getByLabel(/^Reason/).fill('Changing mole on the back');
  await log.getByLabel(/^Diagnoses/).fill('d22.5');
  await log.getByLabel(/^Diagnoses/).press('Enter');
  await expect(log).toBeHidden();
  await expect(page.getByTestId('referrals-message')).toHaveText('Referral logged.');
  await expect(page.getByTestId('referrals-overdue-count')).toHaveText('1');
  await page.getByTestId('referrals-view-overdue').click();
  const referral = page.getByTestId('referral-row');
  await expect(referral).toHaveCount(1);
  await expect(referral).toHaveAttribute('data-overdue', 'true');
  await expect(referral).toContainText('Park, Lee');
  await expect(referral).toContainText('Dr. Omar Reyes');
  await expect(referral.getByTestId('referral-days-overdue')).toHaveText('15 days overdue');
  await shot(page, 'morning-07-referral-overdue');
  const overdue = await rpcValue<{ items: { patientId: string; status: string; reportDue: { daysOverdue: number } | null }[] }>(host, 'referrals.overdue', {});
  expect(overdue.items).toEqual([expect.objectContaining({ patientId: m.lee, status: 'open', reportDue: expect.objectContaining({ daysOverdue: 15 }) })]);

  // Alt+1: Lee's visit on the board carries the overdue referral.
  await page.keyboard.press('Alt+1');
  await expect(row(page, 'Park, Lee').getByTestId('badge-referral')).toHaveText('Referral overdue');

  // Alt+4: the gauze is low (2 of 5); ordered from the reorder list, received in full: 12 on hand.
  await page.keyboard.press('Alt+4');
  const gauzeRow = page.getByTestId('supply-item-row').filter({ hasText: 'Gauze pads 4x4' });
  await expect(gauzeRow.getByTestId('supply-on-hand')).toHaveText('2');
  await expect(gauzeRow.getByTestId('supply-low')).toBeVisible();
  await page.getByTestId('supplies-view-reorder').click();
  await expect(page.getByTestId('reorder-row')).toHaveCount(1);
  await expect(page.getByTestId('reorder-row').getByTestId('reorder-quantity')).toHaveValue('10');
  await page.getByTestId('reorder-order').click();
  await expect(page.getByTestId('supplies-message')).toHaveText('Order placed: MedSupply.');
  await page.getByTestId('supplies-view-orders').click();
  const order = page.getByTestId('order-row');
  await expect(order).toContainText('Gauze pads 4x4 × 10');
  await order.getByTestId('toggle-order').click();
  await expect(page.getByTestId('receive-quantity')).toBeFocused();
  await expect(page.getByTestId('receive-quantity')).toHaveValue('10');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('supplies-message')).toHaveText('Order received: the stock is updated.');
  await page.getByTestId('supplies-view-items').click();
  await expect(gauzeRow.getByTestId('supply-on-hand')).toHaveText('12');
  await expect(gauzeRow.getByTestId('supply-low')).toHaveCount(0);
  await shot(page, 'morning-08-supplies-received');
  const items = await rpcValue<{ items: { id: string; onHand: number; onOrder: number; low: boolean }[] }>(host, 'supplies.items.list', {});
  expect(items.items.find((item) => item.id === gauze.id)).toMatchObject({ onHand: 12, onOrder: 0, low: false });
});
