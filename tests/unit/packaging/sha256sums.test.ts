/**
 * Linux releases ship a signed SHA256SUMS (scripts/release/sha256sums.mjs): in the format
 * `sha256sum --check` reads, listing what is published, signed with gpg so a changed file or a
 * changed list is caught. gpg runs in a temporary home with a throwaway key.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedFiles, SIGNATURE_FILE, SUMS_FILE, writeSha256Sums } from '../../../scripts/release/sha256sums.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'sha256sums-'));
const gpgHome = path.join(work, 'gnupg');
const release = path.join(work, 'release');
let fingerprint = '';

beforeAll(() => {
  mkdirSync(gpgHome, { mode: 0o700 });
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Clinic Office test release key <release@clinicoffice.invalid>', 'ed25519', 'sign', '1d'], {
    env: { ...process.env, GNUPGHOME: gpgHome },
    stdio: 'ignore',
  });
  const listing = execFileSync('gpg', ['--batch', '--with-colons', '--list-secret-keys'], { env: { ...process.env, GNUPGHOME: gpgHome }, encoding: 'utf8' });
  fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1] ?? '';
  expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);

  mkdirSync(path.join(release, 'linux-unpacked'), { recursive: true });
  writeFileSync(path.join(release, 'Clinic Office-1.2.0.AppImage'), 'appimage bytes');
  writeFileSync(path.join(release, 'clinic-office_1.2.0_amd64.deb'), 'deb bytes');
  writeFileSync(path.join(release, 'latest-linux.yml'), 'version: 1.2.0\n');
  writeFileSync(path.join(release, 'builder-debug.yml'), 'not published');
  writeFileSync(path.join(release, 'notes.txt'), 'not published');
});
afterAll(() => {
  // The gpg-agent that gpg started for this temporary home.
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gpgHome } });
  rmSync(work, { recursive: true, force: true });
});

const gpg = (...args: string[]) => spawnSync('gpg', ['--batch', ...args], { env: { ...process.env, GNUPGHOME: gpgHome }, encoding: 'utf8' });
const sha256sumCheck = () => spawnSync('sha256sum', ['--check', SUMS_FILE], { cwd: release, encoding: 'utf8' });

describe('SHA256SUMS', () => {
  it('lists the installers and update metadata, nothing else', () => {
    expect(publishedFiles(release)).toEqual(['Clinic Office-1.2.0.AppImage', 'clinic-office_1.2.0_amd64.deb', 'latest-linux.yml']);
  });

  it('is what sha256sum --check reads, and catches a changed installer', async () => {
    const result = await writeSha256Sums(release);
    expect(result.signature).toBeUndefined();
    expect(readFileSync(result.sums, 'utf8').trim().split('\n')).toHaveLength(3);
    const ok = sha256sumCheck();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Clinic Office-1.2.0.AppImage: OK');

    writeFileSync(path.join(release, 'clinic-office_1.2.0_amd64.deb'), 'tampered deb');
    const tampered = sha256sumCheck();
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('clinic-office_1.2.0_amd64.deb: FAILED');
    writeFileSync(path.join(release, 'clinic-office_1.2.0_amd64.deb'), 'deb bytes');
  });

  it('is signed with the release key, and a changed list fails verification', async () => {
    const result = await writeSha256Sums(release, { gpgKey: fingerprint, gpgHome });
    expect(result.signature).toBe(path.join(release, SIGNATURE_FILE));
    expect(readFileSync(path.join(release, SIGNATURE_FILE), 'utf8')).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
    const verified = gpg('--status-fd', '1', '--verify', path.join(release, SIGNATURE_FILE), path.join(release, SUMS_FILE));
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain(`VALIDSIG ${fingerprint}`);

    // Someone swaps an installer and rewrites the list to match: the signature no longer holds.
    writeFileSync(path.join(release, SUMS_FILE), readFileSync(path.join(release, SUMS_FILE), 'utf8').replace(/^[0-9a-f]{64}/, '0'.repeat(64)));
    const forged = gpg('--status-fd', '1', '--verify', path.join(release, SIGNATURE_FILE), path.join(release, SUMS_FILE));
    expect(forged.status).not.toBe(0);
    expect(forged.stdout).toContain('BADSIG');
  });

  it('refuses an empty folder and an unknown key', async () => {
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    await expect(writeSha256Sums(empty)).rejects.toThrow(/nothing to list/);
    await expect(writeSha256Sums(release, { gpgKey: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', gpgHome })).rejects.toThrow(/gpg/);
  });
});
