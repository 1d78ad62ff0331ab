import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN, expect, openApp, signInAs, test } from './support/fixtures';
import { fillPatientForm, resultRows, searchPatients, shot } from './support/app';
import type { RunningHost } from './support/host';

const FRONT_DESK = { displayName: 'Frankie Moss', username: 'frankie', password: 'Copper-Meadow-Violin-57', role: 'front_desk' } as const;

const nav = (page: Page) => page.getByRole('navigation', { name: 'Areas' });

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('signin-form')).toBeVisible();
}

/** The front-desk user, created through the contract (the Users screen test creates one through the UI). */
async function createFrontDesk(host: RunningHost): Promise<void> {
  const created = await host.rpc('users.create', FRONT_DESK);
  if (!created.body.ok) throw new Error(created.body.error.message);
}

test('first-run set-up shows the recovery key once and needs the box ticked; sign out, wrong password, sign in', async ({ page, dataDir, launchHost }) => {
  const host = await launchHost(dataDir, { setup: false });
  await page.goto(host.url);
  const form = page.getByTestId('setup-form');
  await expect(form).toBeVisible();
  await expect(page.getByLabel('Clinic name')).toBeFocused();

  // Nothing filled: each field says what it needs, and nothing is sent.
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('error-setup-clinicName')).toHaveText('Required');
  await expect(page.getByTestId('error-setup-password')).toHaveText('At least 12 characters');
  await expect(page.getByLabel('Clinic name')).toBeFocused();

  await page.getByLabel('Clinic name').fill(ADMIN.clinicName);
  // The time zone starts as this computer's; a made-up one is refused at the field.
  await expect(page.getByLabel('Time zone')).toHaveValue(/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/);
  await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
  await page.getByLabel('Your name').fill(ADMIN.displayName);
  await page.getByLabel('Username').fill(ADMIN.username);
  // Long enough, but a common password: the service's strength check lands on the password field.
  await page.getByLabel(/^Password/).fill('password1234');
  await page.getByLabel('Confirm password').fill('password1234');
  await page.getByLabel('Confirm password').press('Enter');
  await expect(page.getByTestId('error-setup-timeZone')).toContainText('Unknown time zone');
  await expect(page.getByLabel('Time zone')).toBeFocused();
  await page.getByLabel('Time zone').fill('America/Denver');
  await page.getByLabel('Confirm password').press('Enter');
  await expect(page.getByTestId('error-setup-password')).not.toBeEmpty();
  await expect(page.getByLabel(/^Password/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('form-error')).toContainText('stronger password');
  expect((await host.rpc<{ needsSetup: boolean }>('setup.status')).body).toMatchObject({ ok: true, value: { needsSetup: true } });

  // A confirmation that does not match is caught before sending.
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(`${ADMIN.password}x`);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('error-setup-confirm')).toHaveText('Does not match the password');
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await shot(page, 'sec-01-setup');
  await page.getByTestId('setup-submit').click();

  // The recovery key, once, in a large monospace block; Continue waits for the box.
  const key = page.getByTestId('recovery-key');
  await expect(key).toHaveText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  const continueButton = page.getByTestId('recovery-continue');
  await expect(continueButton).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  await shot(page, 'sec-02-recovery-key');
  // Printed, the page holds only the clinic's name and the key.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('recovery-print')).toContainText(ADMIN.clinicName);
  await shot(page, 'sec-02b-recovery-key-print');
  await page.emulateMedia({ media: 'screen' });
  await page.getByLabel('I have stored the recovery key safely').check();
  await expect(continueButton).toBeEnabled();
  await continueButton.click();

  // Signed in: the header names the user and role.
  await expect(nav(page)).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText(ADMIN.displayName);
  await expect(page.getByTestId('user-role')).toHaveText('Administrator');
  await expect(page.getByTestId('clinic-name')).toHaveText(ADMIN.clinicName);
  // Set-up is refused from now on.
  const again = await host.rpc('setup.createFirstAdmin', { ...ADMIN, username: 'intruder' });
  expect(again.body.ok).toBe(false);

  // A reload of the same tab stays signed in.
  await page.reload();
  await expect(page.getByTestId('user-name')).toHaveText(ADMIN.displayName);

  await signOut(page);
  await expect(page.getByTestId('signin-notice')).toContainText('signed out');
  await shot(page, 'sec-03-sign-in');

  // A wrong password and an unknown user get the same message, shown as the service words it.
  const signin = page.getByTestId('signin-form');
  await signin.getByLabel('Username').fill(ADMIN.username);
  await signin.getByLabel('Password').fill('not the password at all');
  await signin.getByLabel('Password').press('Enter');
  await expect(page.getByTestId('signin-error')).toHaveText('Wrong username or password');
  await expect(signin.getByLabel('Password')).toBeFocused();
  await expect(signin.getByLabel('Password')).toHaveValue('');
  await signin.getByLabel('Username').fill('nobody.here');
  await signin.getByLabel('Password').fill('not the password at all');
  await signin.getByLabel('Password').press('Enter');
  await expect(page.getByTestId('signin-error')).toHaveText('Wrong username or password');
  await shot(page, 'sec-03b-sign-in-wrong');

  await signInAs(page, ADMIN);
  await expect(page.getByTestId('user-name')).toHaveText(ADMIN.displayName);
  // The zone chosen at first run is the clinic's: scheduling can start without another step.
  await host.signIn(ADMIN.username, ADMIN.password);
  expect((await host.rpc('settings.get')).body).toMatchObject({ ok: true, value: { timeZone: 'America/Denver' } });
});

test('a front-desk user made in the Users screen sees no Admin, is refused #/admin/users, and can break-glass into a report with a reason', async ({ page, host }) => {
  await openApp(page, host);
  await nav(page).getByRole('link', { name: /^Admin/ }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await page.getByTestId('new-user').click();
  const form = page.getByTestId('create-user-form');
  await form.getByLabel('Full name').fill(FRONT_DESK.displayName);
  await form.getByLabel('Username').fill(FRONT_DESK.username);
  await form.getByLabel('Role').selectOption({ label: 'Front desk' });
  await form.getByLabel(/^Password/).fill(FRONT_DESK.password);
  await form.getByLabel('Confirm password').fill(FRONT_DESK.password);
  await form.getByLabel('Confirm password').press('Enter');
  await expect(page.getByTestId('users-message')).toContainText('Frankie Moss (frankie) can now sign in as Front desk');
  const row = page.locator('[data-testid="user-row"][data-username="frankie"]');
  await expect(row.getByTestId('user-role-cell')).toHaveText('Front desk');
  await expect(row.getByTestId('user-status')).toHaveText('Active');
  await row.getByTestId('manage-user').click();
  await expect(page.getByTestId('user-editor')).toBeVisible();
  await shot(page, 'sec-04-users');
  await row.getByTestId('manage-user').click();

  await signOut(page);
  await signInAs(page, FRONT_DESK);
  await expect(page.getByTestId('user-role')).toHaveText('Front desk');
  await expect(nav(page).getByRole('link', { name: /^Patients/ })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: /^Admin/ })).toHaveCount(0);

  // Typing the address: the screen itself refuses; user administration is never emergency access.
  await page.goto(`${host.origin}/#/admin/users`);
  const refused = page.getByTestId('forbidden');
  await expect(refused).toContainText('You do not have permission to manage users');
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  await expect(page.getByTestId('no-break-glass')).toContainText('ask an administrator');
  await expect(refused.getByTestId('break-glass-submit')).toHaveCount(0);
  await shot(page, 'sec-05-forbidden');

  // Another screen outside the role offers emergency access with a stated reason.
  await page.goto(`${host.origin}/#/admin/break-glass`);
  const report = page.getByTestId('forbidden');
  await expect(report).toContainText('You do not have permission to read the audit reports');
  await report.getByLabel('Reason for emergency access').fill('too short');
  await report.getByTestId('break-glass-submit').click();
  await expect(page.getByTestId('error-break-glass-reason')).toHaveText('Say why in at least 10 characters');
  await report.getByLabel('Reason for emergency access').fill('Practice manager asked me to check last night’s emergency access');
  await report.getByTestId('break-glass-submit').click();
  await expect(page.getByTestId('forbidden')).toHaveCount(0);
  // The granted permission now shows the area too, for the rest of this session only.
  await expect(nav(page).getByRole('link', { name: /^Admin/ })).toBeVisible();
  await signOut(page);
  await signInAs(page, FRONT_DESK);
  await expect(nav(page).getByRole('link', { name: /^Admin/ })).toHaveCount(0);
});

test('auto-lock after idle keeps the half-filled registration form for the same user; another user signing in discards it', async ({ page, host }) => {
  await createFrontDesk(host);
  await page.clock.install();
  await openApp(page, host);

  // A short idle time for the test: 1 minute (the minimum), set in Clinic settings.
  await nav(page).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('link', { name: 'Clinic settings' }).click();
  const idle = page.getByLabel('Lock the screen after this many idle minutes');
  await expect(idle).toHaveValue('10');
  await idle.fill('1');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-message')).toContainText('Saved');

  await page.keyboard.press('Alt+N');
  await fillPatientForm(page, { givenName: 'Half', familyName: 'Typed', dateOfBirth: '01/02/1980' });
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0);

  // Idle for 30 s: still open. Past the minute: locked over the form.
  await page.clock.fastForward('00:30');
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0);
  await page.clock.fastForward('00:40');
  const overlay = page.getByTestId('lock-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toHaveAttribute('data-reason', 'idle');
  await expect(overlay.getByTestId('lock-user')).toContainText(ADMIN.displayName);
  await expect(overlay.getByLabel('Password')).toBeFocused();
  await shot(page, 'sec-06-lock-overlay');
  // The form is still there beneath (not unmounted), and the service refuses the session while locked.
  await expect(page.getByLabel('Family name')).toHaveValue('Typed');
  const pageSession = await page.evaluate(() => sessionStorage.getItem('clinic.session'));
  const whileLocked = await fetch(`${host.origin}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'x-session': pageSession ?? '' },
    body: JSON.stringify({ method: 'patients.search', input: { query: 'typed' } }),
  });
  expect(whileLocked.status).toBe(401);
  // Esc does not close the lock; shortcuts do not reach the screen beneath.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+N');
  await expect(overlay).toBeVisible();

  // A wrong password is refused; the right one unlocks, and the input is intact.
  await overlay.getByLabel('Password').fill('Wrong-Password-Here-1');
  await overlay.getByLabel('Password').press('Enter');
  await expect(page.getByTestId('lock-error')).toHaveText('Wrong password');
  await overlay.getByLabel('Password').fill(ADMIN.password);
  await overlay.getByLabel('Password').press('Enter');
  await expect(overlay).toBeHidden();
  await expect(page.getByLabel('Given name')).toHaveValue('Half');
  await expect(page.getByLabel('Family name')).toHaveValue('Typed');
  await expect(page.getByLabel('Date of birth')).toHaveValue('01/02/1980');
  expect(page.url()).toContain('#/patients/new');

  // Typing more keeps it open; the service locking the session (another window's lock) shows the
  // overlay at the next call.
  await page.getByLabel('Phone').fill('617 555 0101');
  await page.clock.fastForward('00:45');
  await expect(overlay).toHaveCount(0);
  await fetch(`${host.origin}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'x-session': pageSession ?? '' },
    body: JSON.stringify({ method: 'auth.lock', input: {} }),
  });
  await page.getByLabel('Given name').press('Enter'); // Save → refused as locked → the overlay
  await expect(overlay).toBeVisible();
  await expect(overlay).toHaveAttribute('data-reason', 'service');
  await expect(page.getByLabel('Phone')).toHaveValue('617 555 0101');

  // Someone else signs in at the lock screen: asked first, then the earlier input is gone.
  await overlay.getByTestId('lock-switch-user').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Dana Whitfield has typed something that has not been saved');
  await confirm.getByRole('button', { name: 'Go back' }).click();
  await expect(overlay).toBeVisible();
  await overlay.getByTestId('lock-switch-user').click();
  await confirm.getByRole('button', { name: 'Discard and sign in' }).click();
  await expect(page.getByTestId('signin-notice')).toContainText('Unsaved input was discarded');
  await signInAs(page, FRONT_DESK);
  await expect(page.getByTestId('user-name')).toHaveText(FRONT_DESK.displayName);
  expect(page.url()).not.toContain('#/patients/new');
  await page.keyboard.press('Alt+N');
  await expect(page.getByLabel('Given name')).toHaveValue('');
  await expect(page.getByLabel('Family name')).toHaveValue('');
  // Nothing was saved, and the earlier session is over.
  const search = await host.rpc<{ items: unknown[] }>('patients.search', { query: 'Half Typed' });
  expect(search.body).toEqual({ ok: true, value: { items: [] } });
  const ended = await fetch(`${host.origin}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'x-session': pageSession ?? '' },
    body: JSON.stringify({ method: 'auth.session', input: {} }),
  });
  expect(ended.status).toBe(401);
});

test('break-glass into a restricted chart with a reason, and the administrator’s report lists it', async ({ page, host }) => {
  await createFrontDesk(host);
  const created = await host.rpc<{ id: string }>('patients.create', { givenName: 'Vivian', familyName: 'Starling', dateOfBirth: '1971-04-18' });
  if (!created.body.ok) throw new Error(created.body.error.message);
  const id = created.body.value.id;

  // The administrator marks the chart restricted (VIP), after confirming.
  await openApp(page, host);
  await page.goto(`${host.origin}/#/patients/${id}`);
  await expect(page.getByTestId('chart-name')).toHaveText('Starling, Vivian');
  await expect(page.getByTestId('restricted-badge')).toHaveCount(0);
  await page.getByLabel('Restriction').selectOption({ label: 'VIP' });
  await page.getByTestId('apply-restriction').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Mark this chart restricted (VIP)?');
  await confirm.getByRole('button', { name: 'Restrict chart' }).click();
  await expect(page.getByTestId('restricted-badge')).toHaveText('Restricted: VIP');
  await shot(page, 'sec-07-restricted-chart');

  // The front desk finds the patient (with a lock icon) but the chart asks for a reason.
  await signOut(page);
  await signInAs(page, FRONT_DESK);
  await searchPatients(page, 'starling');
  await expect(resultRows(page)).toHaveCount(1);
  await expect(resultRows(page).first().getByTestId('result-restricted')).toBeVisible();
  await shot(page, 'sec-08-search-restricted');
  await resultRows(page).first().click();
  const panel = page.getByTestId('restricted-chart');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('chart-name')).toHaveCount(0);
  await shot(page, 'sec-09-break-glass-panel');
  await panel.getByRole('button', { name: 'Open with emergency access' }).click();
  await expect(page.getByTestId('error-break-glass-reason')).toHaveText('Say why in at least 10 characters');
  const reason = 'Patient at the desk with chest pain; needs her allergy list now';
  await panel.getByLabel('Reason for emergency access').fill(reason);
  await panel.getByRole('button', { name: 'Open with emergency access' }).click();
  await expect(page.getByTestId('chart-name')).toHaveText('Starling, Vivian');
  await expect(page.getByTestId('restricted-badge')).toHaveText('Restricted: VIP');
  // The front desk may not change the restriction.
  await expect(page.getByLabel('Restriction')).toHaveCount(0);

  // The administrator's report lists it: who, when, which chart, why.
  await signOut(page);
  await signInAs(page, ADMIN);
  await nav(page).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('link', { name: 'Break-glass report' }).click();
  const rows = page.getByTestId('report-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('frankie');
  await expect(rows.first().getByTestId('report-reason')).toHaveText(reason);
  await expect(rows.first().getByTestId('report-chart')).toContainText('Starling, Vivian (');
  await shot(page, 'sec-10-break-glass-report');
  await rows.first().getByTestId('report-chart').click();
  await expect(page.getByTestId('chart-name')).toHaveText('Starling, Vivian');
});

test('backup, then restore with the recovery key: the restore shows what the backup holds and applies at the next start', async ({ page, dataDir, host, launchHost }) => {
  const recoveryKey = host.recoveryKey!;
  expect(recoveryKey).toBeTruthy();
  const backupFolder = path.join(path.dirname(dataDir), 'backups');
  mkdirSync(backupFolder);
  const before = await host.rpc('patients.create', { givenName: 'Kept', familyName: 'Before', dateOfBirth: '1960-01-01' });
  expect(before.body.ok).toBe(true);

  await openApp(page, host);
  await nav(page).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByTestId('backup-warning').first()).toBeVisible(); // no folder, never backed up
  await page.getByLabel('Backup folder').fill(backupFolder);
  await page.getByTestId('save-backup-config').click();
  await expect(page.getByTestId('backups-empty')).toContainText('No backups');
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backups-message')).toContainText('Backup made and verified');
  await expect(page.getByTestId('backup-row')).toHaveCount(1);
  await expect(page.getByTestId('backup-row').first()).toContainText('1');
  await expect(page.getByTestId('last-good')).not.toContainText('never');

  // A patient registered after the backup is gone once the backup is restored.
  const after = await host.rpc('patients.create', { givenName: 'Added', familyName: 'After', dateOfBirth: '1990-01-01' });
  expect(after.body.ok).toBe(true);

  await page.getByTestId('open-restore').click();
  const panel = page.getByTestId('restore-panel');
  await panel.getByLabel('Recovery key').fill('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
  await panel.getByTestId('preview-backup').click();
  await expect(page.getByTestId('error-restore-key')).toContainText('does not open this backup');
  await panel.getByLabel('Recovery key').fill(recoveryKey.toLowerCase());
  await panel.getByTestId('preview-backup').click();
  await expect(page.getByTestId('preview-patients')).toHaveText('1');
  await expect(page.getByTestId('backup-preview')).toContainText('holds 2 patients now');
  await shot(page, 'sec-11-backups');
  await panel.getByTestId('schedule-restore').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Restore at next start' }).click();
  await expect(page.getByTestId('restore-scheduled')).toBeVisible();
  await expect(page.getByTestId('pending-restore')).toBeVisible();

  // The next start restores it.
  await host.stop();
  const again = await launchHost(dataDir);
  const kept = await again.rpc<{ items: unknown[] }>('patients.search', { query: 'Kept Before' });
  expect(kept.body.ok && kept.body.value.items).toHaveLength(1);
  const gone = await again.rpc<{ items: unknown[] }>('patients.search', { query: 'Added After' });
  expect(gone.body.ok && gone.body.value.items).toHaveLength(0);
  await page.goto(again.url);
  await expect(page.getByTestId('lock-overlay').or(page.getByTestId('signin-form'))).toBeVisible();
});
