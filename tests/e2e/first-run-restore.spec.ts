import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ADMIN, expect, signInAs, test } from './support/fixtures';
import { resultRows, searchPatients, shot } from './support/app';

const PATIENTS = [
  { givenName: 'Rosalind', familyName: 'Okafor', dateOfBirth: '1971-04-09' },
  { givenName: 'Teodor', familyName: 'Lindqvist', dateOfBirth: '1988-11-23' },
];

test('a new computer restores the clinic from a backup at its first start, with the recovery key', async ({ page, dataDir, host, newDataDir, launchHost }) => {
  // Clinic A (set up by the fixture): two patients and one backup on "the USB drive".
  const recoveryKey = host.recoveryKey!;
  expect(recoveryKey).toBeTruthy();
  for (const patient of PATIENTS) expect((await host.rpc('patients.create', patient)).body.ok).toBe(true);
  const backupFolder = path.join(path.dirname(dataDir), 'usb', 'clinic-backups');
  mkdirSync(backupFolder, { recursive: true });
  expect((await host.rpc('backups.configure', { folder: backupFolder, keep: 7, everyHours: 24 })).body.ok).toBe(true);
  const made = await host.rpc<{ path: string; patients: number }>('backups.run');
  if (!made.body.ok) throw new Error(made.body.error.message);
  expect(made.body.value.patients).toBe(2);
  const backup = made.body.value.path;
  // The old computer is gone.
  await host.stop();

  // The new computer: an empty data folder with a key of its own, at its first-run set-up.
  const newComputer = newDataDir();
  const fresh = await launchHost(newComputer, { setup: false });
  await page.goto(fresh.url);
  await expect(page.getByTestId('setup-form')).toBeVisible();
  await expect(page.getByTestId('restore-choice')).toContainText('Replacing a lost or broken computer?');
  await shot(page, 'restore-0-setup-choice');

  // What was typed into set-up survives a look at the restore screen and back (Esc).
  await page.getByLabel('Clinic name').fill('Typed before');
  await page.getByTestId('open-restore').click();
  await expect(page.getByTestId('restore-step')).toBeVisible();
  await expect(page.getByLabel('Backup folder')).toBeFocused();
  await page.getByLabel('Backup folder').fill('/somewhere');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('setup-form')).toBeVisible();
  await expect(page.getByLabel('Clinic name')).toHaveValue('Typed before');
  await expect(page.getByTestId('open-restore')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Backup folder')).toHaveValue('/somewhere');

  // Nothing usable typed: each field says what it needs, nothing is sent.
  await page.getByLabel('Backup folder').fill('');
  await page.getByTestId('check-backup').click();
  await expect(page.getByTestId('error-first-restore-backup')).toHaveText('Type the full path of the backup folder');
  await expect(page.getByTestId('error-first-restore-recoveryKey')).toHaveText('Type the recovery key');
  await expect(page.getByLabel('Backup folder')).toBeFocused();

  // The folder that holds the backups, not a backup: refused on the folder field.
  await page.getByLabel('Backup folder').fill(backupFolder);
  await page.getByLabel('Recovery key').fill(recoveryKey);
  await page.getByLabel('Recovery key').press('Enter');
  await expect(page.getByTestId('error-first-restore-backup')).toContainText('no backup manifest');
  await expect(page.getByTestId('error-first-restore-recoveryKey')).toBeEmpty();
  await expect(page.getByLabel('Backup folder')).toBeFocused();

  // The backup, but a wrong key: refused on the key field.
  await page.getByLabel('Backup folder').fill(backup);
  await page.getByLabel('Recovery key').fill('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
  await page.getByLabel('Recovery key').press('Enter');
  await expect(page.getByTestId('error-first-restore-recoveryKey')).toContainText('does not open this backup');
  await expect(page.getByTestId('error-first-restore-backup')).toBeEmpty();
  await expect(page.getByLabel('Recovery key')).toBeFocused();
  await expect(page.getByTestId('backup-preview')).toHaveCount(0);
  await shot(page, 'restore-1-wrong-key');

  // The right key, typed in lower case without dashes: what the backup holds.
  await page.getByLabel('Recovery key').fill(recoveryKey.replace(/-/g, '').toLowerCase());
  await page.getByLabel('Recovery key').press('Enter');
  await expect(page.getByTestId('preview-patients')).toHaveText('2');
  await expect(page.getByTestId('preview-target')).toHaveText('This computer holds no patients yet.');
  await expect(page.getByTestId('preview-newer')).toHaveCount(0);
  await expect(page.getByTestId('error-first-restore-recoveryKey')).toBeEmpty();
  await expect(page.getByTestId('schedule-restore')).toBeFocused();
  await shot(page, 'restore-2-preview');

  // Esc in the confirmation says no, and stays on the restore screen.
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('2 patients');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('restore-step')).toBeVisible();
  await expect(page.getByTestId('schedule-restore')).toBeFocused();

  await page.keyboard.press('Enter');
  await dialog.getByRole('button', { name: 'Restore at next start' }).click();
  await expect(page.getByTestId('restore-scheduled')).toHaveText(
    'The backup will be restored when Clinic Office next starts. Stop and start the clinic service again, then open the address it prints.',
  );
  await shot(page, 'restore-3-scheduled');

  // The next start, on the same folder and key: clinic A, its administrator, its patients.
  await fresh.stop();
  const restarted = await launchHost(newComputer, { setup: false });
  await page.goto(restarted.url);
  await signInAs(page, ADMIN);
  await expect(page.getByTestId('clinic-name')).toHaveText(ADMIN.clinicName);
  await searchPatients(page, 'Okafor');
  await expect(resultRows(page)).toHaveCount(1);
  await expect(resultRows(page).first()).toContainText('Okafor');

  // Now that the clinic has users, the first-run restore is closed.
  const closed = await restarted.rpc('setup.previewRestore', { backup, recoveryKey });
  expect(closed.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
});
