import type { Page } from '@playwright/test';
import { printed, shot, stubPrint } from './support/app';
import { expect, openApp, test } from './support/fixtures';
import { checkCardReceiptPdf } from './support/front-desk';
import { rpcValue, type RunningHost } from './support/host';
import { setUpClinic } from './support/schedule';

test.use({ viewport: { width: 1366, height: 768 } });

const ZONE = 'America/New_York';
/** Today in the clinic's zone (setUpClinic's New York), as the service counts it. */
const clinicDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));

interface LedgerView {
  entries: { amountCents: number; method: string | null; reference: string | null; reversesId: string | null; reason: string | null }[];
  balances: { patient: number; insurance: number };
}

/** setUpClinic's clinic with a payer, Maria's primary coverage, and Maria (09:00) and Sam (10:00) booked with Grace Hopper today. */
async function deskMorning(host: RunningHost) {
  const { providerId } = await setUpClinic(host);
  const followUp = (await rpcValue<{ items: { id: string; name: string }[] }>(host, 'schedule.types.list', {})).items.find((t) => t.name === 'Follow-up')!;
  const patient = async (query: string) => (await rpcValue<{ items: { id: string }[] }>(host, 'patients.search', { query })).items[0]!.id;
  const maria = await patient('Lopez');
  const sam = await patient('Okafor');
  const payer = await rpcValue<{ id: string }>(host, 'payers.create', { name: 'Blue Harbor Health', ediPayerId: 'BHH01' });
  const coverage = (patientId: string, memberId: string) => rpcValue<{ id: string }>(host, 'coverages.add', { patientId, payerId: payer.id, rank: 'primary', memberId, groupNumber: 'G-100' });
  await coverage(maria, 'BHH-4471902');
  const samsCoverage = await coverage(sam, 'BHH-5550111');
  const book = (patientId: string, time: string) => rpcValue<{ id: string }>(host, 'appointments.book', { patientId, providerId, appointmentTypeId: followUp.id, date: clinicDay(), time });
  return { maria, sam, samsCoverage, mariaVisit: await book(maria, '09:00'), samVisit: await book(sam, '10:00') };
}

const ledgerOf = (host: RunningHost, patientId: string) => rpcValue<LedgerView>(host, 'ledger.forPatient', { patientId });
const statusOf = async (host: RunningHost, appointmentId: string) =>
  (await rpcValue<{ appointment: { status: string } }>(host, 'appointments.get', { id: appointmentId })).appointment.status;

/** The day view of today, the patient's appointment opened, and its check-in dialog through the panel's button (labelled `button`). */
async function openCheckIn(page: Page, name: string, button: 'Check in…' | 'Check-in details…', panelShot?: string) {
  await page.goto(`${new URL(page.url()).origin}/#/schedule/${clinicDay()}`);
  await page.getByTestId('schedule-appointment').filter({ hasText: name }).click();
  const panel = page.getByTestId('appointment-panel');
  await expect(panel.getByTestId('appointment-check-in')).toHaveText(button);
  if (panelShot) await shot(page, panelShot);
  await panel.getByTestId('appointment-check-in').click();
  const dialog = page.getByTestId('checkin-dialog');
  await expect(dialog.getByTestId('checkin-patient')).toHaveText(name);
  return { panel, dialog };
}

test('checks a booked patient in with a $25 card copay in a few keystrokes, edits a detail in place, saves the receipt PDF, and refuses a bad copay next to the field', async ({ page, host }) => {
  const c = await deskMorning(host);
  await stubPrint(page);
  await openApp(page, host);
  const { panel, dialog } = await openCheckIn(page, 'Lopez, Maria', 'Check in…', 'checkin-00-panel');

  // The first thing to do has the focus; the primary coverage is there to confirm, already chosen.
  await expect(dialog.getByTestId('checkin-identity')).toBeFocused();
  await expect(dialog.getByTestId('checkin-status')).toHaveText('Booked');
  await expect(dialog.getByTestId('checkin-patient-dob')).toContainText('04/02/1980');
  await expect(dialog.getByTestId('checkin-patient-phone')).toHaveText('Not recorded: ask the patient');
  await expect(dialog.getByTestId('checkin-coverage')).toHaveCount(1);
  await expect(dialog.getByTestId('checkin-coverage')).toBeChecked();
  await expect(dialog.getByTestId('checkin-insurance')).toContainText('Primary · Blue Harbor Health Member id BHH-4471902 · group G-100');
  await shot(page, 'checkin-01-form');

  // Demographics edited in place: a bad e-mail is refused next to its field, then the phone and e-mail saved.
  await page.keyboard.press('Alt+e');
  const details = dialog.getByTestId('checkin-patient-form');
  await expect(details.getByLabel('Given name')).toBeFocused();
  await details.getByLabel('Phone', { exact: true }).fill('(617) 555-0142');
  await details.getByLabel('E-mail').fill('maria@');
  await details.getByLabel('E-mail').press('Enter');
  await expect(details.getByTestId('error-checkin-email')).not.toBeEmpty();
  await shot(page, 'checkin-02-edit-details');
  await details.getByLabel('E-mail').fill('maria.lopez@example.org');
  await details.getByLabel('E-mail').press('Enter');
  await expect(details).toBeHidden();
  await expect(dialog.getByTestId('checkin-patient-phone')).toHaveText('(617) 555-0142');
  await expect(dialog.getByTestId('checkin-patient-email')).toHaveText('maria.lopez@example.org');
  expect(await rpcValue<{ phone: string; email: string }>(host, 'patients.get', { id: c.maria })).toMatchObject({ phone: '+16175550142', email: 'maria.lopez@example.org' });

  // Identity, consents, a card copay: a negative or non-numeric amount is refused next to the field, nothing posted.
  await dialog.getByTestId('checkin-identity').check();
  await dialog.getByTestId('checkin-consent-privacy_notice').check();
  await dialog.getByTestId('checkin-consent-treatment').check();
  await dialog.getByTestId('checkin-copay-card').check();
  const amount = dialog.getByTestId('checkin-amount');
  await amount.fill('-5');
  await amount.press('Enter');
  await expect(dialog.getByTestId('error-checkin-amount')).toHaveText('A payment is never negative: enter the amount paid, e.g. 25.00');
  await expect(dialog.getByTestId('error-checkin-reference')).toHaveText('Enter the card payment’s reference from the terminal slip');
  await expect(amount).toBeFocused();
  await shot(page, 'checkin-03-bad-copay');
  await amount.fill('abc');
  await dialog.getByTestId('checkin-submit').click();
  await expect(dialog.getByTestId('error-checkin-amount')).toHaveText('Enter dollars and cents in digits, e.g. 25 or 25.00');
  expect((await ledgerOf(host, c.maria)).entries).toEqual([]);
  expect(await statusOf(host, c.mariaVisit.id)).toBe('booked');

  // Escape asks before discarding what was typed; keeping on leaves it all there.
  await amount.press('Escape');
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('This check-in has not been saved.');
  await confirm.getByRole('button', { name: 'Keep editing' }).click();
  await expect(confirm).toBeHidden();
  await expect(amount).toHaveValue('abc');
  await expect(dialog.getByTestId('checkin-consent-treatment')).toBeChecked();

  // $25 with the slip's reference, sent twice in a row as a double Enter would: one check-in, one copay.
  await amount.fill('$25');
  await dialog.getByTestId('checkin-reference').fill('AUTH 004211');
  await dialog.getByTestId('checkin-form').evaluate((form: HTMLFormElement) => {
    form.requestSubmit();
    form.requestSubmit();
  });
  const done = dialog.getByTestId('checkin-done');
  await expect(done).toBeVisible();
  await expect(dialog.getByTestId('checkin-status')).toHaveText('Arrived');
  await expect(dialog.getByTestId('checkin-success')).toHaveText('Checked in: the appointment is now Arrived.');
  await expect(done.getByTestId('checkin-done-identity')).toHaveText('Checked (photo ID seen)');
  await expect(done.getByTestId('checkin-done-insurance')).toHaveText('Primary · Blue Harbor Health');
  await expect(done.getByTestId('checkin-done-consents')).toHaveText('Notice of privacy practices, Consent to treatment');
  await expect(done.getByTestId('checkin-done-copay')).toHaveText('$25.00 · Card · AUTH 004211');
  await expect(dialog.getByTestId('checkin-print-receipt')).toBeFocused();
  await shot(page, 'checkin-04-done');
  const ledger = await ledgerOf(host, c.maria);
  expect(ledger.entries.map((e) => [e.amountCents, e.method, e.reference])).toEqual([[-2500, 'card', 'AUTH 004211']]);
  expect(ledger.balances).toEqual({ patient: -2500, insurance: 0 });
  expect(await statusOf(host, c.mariaVisit.id)).toBe('arrived');

  // The receipt as a PDF: read back, and its first page drawn to look at.
  const receiptNumber = await checkCardReceiptPdf(page, dialog, 'AUTH 004211', 'checkin-05-receipt-pdf');

  // Printing is audited first, then prints the receipt sheet.
  await dialog.getByTestId('checkin-print-receipt').click();
  await expect.poll(() => printed(page)).toBe(1);
  // On paper (as printReceipt sets the page up for it): the receipt alone, not the day schedule under the dialog.
  await page.evaluate(() => document.documentElement.classList.add('printing-receipt'));
  await page.emulateMedia({ media: 'print' });
  const sheet = page.getByTestId('checkin-receipt-sheet');
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId('schedule-print-sheet')).toBeHidden();
  await expect(sheet).toContainText(`Receipt no.${receiptNumber}`);
  await expect(sheet.getByRole('row')).toContainText(['Patient', 'Date', 'Amount paid$25.00', 'MethodCard', 'Card referenceAUTH 004211', /For the visit.*9:00 AM · Follow-up with Grace Hopper, MD/]);
  await shot(page, 'checkin-06-receipt-print');
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => document.documentElement.classList.remove('printing-receipt'));
  const prints = await rpcValue<{ items: { action: string; detail: Record<string, unknown> }[] }>(host, 'audit.search', { group: 'prints_exports' });
  expect(prints.items.map((e) => e.detail.what)).toEqual(['receipt', 'receipt']);

  // Closed, the appointment shows Arrived.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('appointment-status')).toHaveText('Arrived');
});

test('undo with a reason reverses the copay and takes the appointment back; a coverage ended meanwhile and a cancelled visit are refused in plain words', async ({ page, host }) => {
  const c = await deskMorning(host);
  const checkedIn = await rpcValue<{ copay: { id: string } }>(host, 'frontDesk.checkIn', {
    appointmentId: c.mariaVisit.id,
    idempotencyKey: crypto.randomUUID(),
    identityChecked: true,
    insurance: { kind: 'self_pay' },
    copay: { amountCents: 2500, method: 'cash' },
  });
  await openApp(page, host);

  // Opened on a checked-in appointment: the check-in, with Undo.
  const { dialog, panel } = await openCheckIn(page, 'Lopez, Maria', 'Check-in details…');
  await expect(dialog.getByTestId('checkin-done-copay')).toHaveText('$25.00 · Cash');
  await expect(dialog.getByTestId('checkin-done-insurance')).toHaveText('Self-pay');
  await expect(dialog.getByTestId('checkin-close')).toBeFocused();
  await dialog.getByTestId('checkin-undo').click();
  const reason = dialog.getByTestId('checkin-undo-reason');
  await expect(reason).toBeFocused();
  await reason.press('Enter');
  await expect(dialog.getByTestId('checkin-undo-form')).toContainText('Give a reason for undoing the check-in');
  await reason.fill('Checked in the wrong Maria');
  await shot(page, 'checkin-07-undo');
  await reason.press('Enter');
  await expect(dialog.getByTestId('checkin-notice')).toHaveText('Check-in undone: the copay of $25.00 was reversed and its receipt is void; the appointment is Booked again.');
  await expect(dialog.getByTestId('checkin-status')).toHaveText('Booked');
  await expect(dialog.getByTestId('checkin-identity')).toBeFocused();
  await shot(page, 'checkin-08-undone');
  const ledger = await ledgerOf(host, c.maria);
  expect(ledger.entries.map((e) => [e.amountCents, e.reversesId, e.reason])).toEqual([
    [2500, checkedIn.copay.id, 'Checked in the wrong Maria'],
    [-2500, null, null],
  ]);
  expect(ledger.balances).toEqual({ patient: 0, insurance: 0 });
  expect(await statusOf(host, c.mariaVisit.id)).toBe('booked');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('appointment-status')).toHaveText('Booked');
  await panel.getByTestId('appointment-close').click();

  // Sam's coverage ends while the dialog is open: the check-in is refused next to the insurance, nothing posted.
  const sam = await openCheckIn(page, 'Okafor, Sam', 'Check in…');
  await expect(sam.dialog.getByTestId('checkin-coverage')).toBeChecked();
  await rpcValue(host, 'coverages.end', { id: c.samsCoverage.id, effectiveTo: clinicDay(-1) });
  await expect(sam.dialog.getByTestId('checkin-coverage')).toHaveCount(0);
  await expect(sam.dialog.getByTestId('checkin-no-coverage')).toBeVisible();
  await sam.dialog.getByTestId('checkin-identity').press('Enter');
  await expect(sam.dialog.getByTestId('checkin-error')).toHaveText('Not checked in — Coverage not in effect. Correct the marked fields. Nothing was changed.');
  await expect(sam.dialog.getByTestId('checkin-insurance')).toContainText(/This coverage ended on \d\d\/\d\d\/\d{4}: choose another, or mark the visit self-pay/);
  await shot(page, 'checkin-09-coverage-ended');
  expect(await statusOf(host, c.samVisit.id)).toBe('booked');

  // Cancelled from another workstation while open: the dialog says so and offers nothing to check in.
  await rpcValue(host, 'appointments.cancel', { id: c.samVisit.id, cancelledBy: 'patient', reason: 'Feeling better' });
  await expect(sam.dialog.getByTestId('checkin-refusal')).toHaveText(
    'Cannot check in — Cancelled. This appointment was cancelled: book the patient again (or as a walk-in) to check them in',
  );
  await expect(sam.dialog.getByTestId('checkin-form')).toHaveCount(0);
  await shot(page, 'checkin-10-cancelled');
  expect((await ledgerOf(host, c.sam)).entries).toEqual([]);
});
