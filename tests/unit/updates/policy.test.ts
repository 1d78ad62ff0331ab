import { mkdtempSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFeedUrl } from '../../../src-shared/updates/feed-url';
import { DEFAULT_UPDATE_POLICY, updatePolicySchema, type UpdatePolicy } from '../../../src-shared/updates/schema';
import { buildFeedOf, unverifiableWindowsBuild } from '../../../src-main/updates/build-feed';
import { describeMachinePolicy, machinePolicyFile, readMachinePolicy, type MachinePolicyRead } from '../../../src-main/updates/machine-policy';
import {
  decideOffer,
  effectivePolicy,
  installDecision,
  installKindOf,
  isQuietHour,
  nextCheckAfter,
  stagingBucket,
  withinRollout,
  type InstallFacts,
} from '../../../src-main/updates/policy';
import { compareSemver, parseSemver } from '../../../src-main/updates/version';

const dir = mkdtempSync(path.join(tmpdir(), 'clinic-update-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FEED = 'https://updates.clinic.example/stable/';
const ON: UpdatePolicy = { ...DEFAULT_UPDATE_POLICY, enabled: true, stableFeedUrl: FEED, betaFeedUrl: 'https://updates.clinic.example/beta/' };
const ABSENT: MachinePolicyRead = { state: 'absent' };

describe('feed addresses', () => {
  it.each([
    ['https://updates.clinic.example/stable', 'https://updates.clinic.example/stable/'],
    ['  HTTPS://Updates.Clinic.Example:8443/a/b/  ', 'https://updates.clinic.example:8443/a/b/'],
    ['https://server.lan', 'https://server.lan/'],
    ['http://127.0.0.1:4567/feed', 'http://127.0.0.1:4567/feed/'],
    ['http://localhost/feed/', 'http://localhost/feed/'],
    ['http://[::1]:80/x', 'http://[::1]:80/x/'],
  ])('%s is taken as %s', (text, url) => {
    expect(checkFeedUrl(text)).toEqual({ ok: true, url });
  });

  it.each([
    ['http://updates.clinic.example/', /must use https/],
    ['http://192.168.1.10/feed', /must use https/],
    ['ftp://updates.clinic.example/', /must use https/],
    ['file:///C:/feed', /Not a web address|must use https/],
    ['https://user:secret@updates.clinic.example/', /no user name or password/],
    ['https://updates.clinic.example/feed?token=1', /no \? or # part/],
    ['updates.clinic.example', /Not a web address/],
    ['https://bad host/', /Not a web address/],
    ['https://updates.clinic.example:99999/', /Not a web address/],
  ])('%s is refused', (text, message) => {
    const checked = checkFeedUrl(text);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.message).toMatch(message);
  });

  it('is checked by the policy schema, which needs the chosen ring’s feed while updates are on', () => {
    expect(updatePolicySchema.safeParse({ ...ON, stableFeedUrl: 'http://updates.clinic.example/' }).success).toBe(false);
    const missing = updatePolicySchema.safeParse({ ...ON, ring: 'beta', betaFeedUrl: '' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['betaFeedUrl']);
    expect(updatePolicySchema.parse({ ...ON, enabled: false, stableFeedUrl: '', betaFeedUrl: null })).toMatchObject({ stableFeedUrl: null, betaFeedUrl: null });
  });
});

describe('semantic versions', () => {
  it('orders versions as semver does', () => {
    const ordered = ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    for (let i = 0; i + 1 < ordered.length; i += 1) {
      expect(compareSemver(parseSemver(ordered[i]!)!, parseSemver(ordered[i + 1]!)!), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
      expect(compareSemver(parseSemver(ordered[i + 1]!)!, parseSemver(ordered[i]!)!)).toBe(1);
    }
    expect(compareSemver(parseSemver('1.2.3+build.7')!, parseSemver('v1.2.3')!)).toBe(0);
  });

  it.each(['1.2', '1.2.3.4', '01.2.3', '1.2.3-01', 'latest', '', '1.2.3-'])('refuses %j', (text) => {
    expect(parseSemver(text)).toBeNull();
  });
});

describe('taking an offered version', () => {
  const base = { current: '1.4.0', allowDowngrade: false, stagingPercentage: undefined, bucket: 0.5 };
  it('takes a newer one, refuses the same or an older one unless downgrades are allowed', () => {
    expect(decideOffer({ ...base, offered: '1.5.0' })).toEqual({ take: true, downgrade: false });
    expect(decideOffer({ ...base, offered: '1.4.0' })).toEqual({ take: false, reason: 'same' });
    expect(decideOffer({ ...base, offered: '1.3.9' })).toEqual({ take: false, reason: 'older' });
    expect(decideOffer({ ...base, offered: '1.4.0-rc.1' })).toEqual({ take: false, reason: 'older' });
    expect(decideOffer({ ...base, offered: '1.3.9', allowDowngrade: true })).toEqual({ take: true, downgrade: true });
    expect(decideOffer({ ...base, offered: '1.4.0', allowDowngrade: true })).toEqual({ take: false, reason: 'same' });
    expect(decideOffer({ ...base, offered: 'next' })).toEqual({ take: false, reason: 'invalid-version' });
  });

  it('follows the staged rollout: 0% no one, 100% everyone, in between by the installation’s fixed bucket', () => {
    expect(decideOffer({ ...base, offered: '1.5.0', stagingPercentage: 0, bucket: 0 })).toEqual({ take: false, reason: 'not-in-rollout' });
    expect(decideOffer({ ...base, offered: '1.5.0', stagingPercentage: 100, bucket: 0.999999 })).toMatchObject({ take: true });
    expect(withinRollout(50, 0.49)).toBe(true);
    expect(withinRollout(50, 0.5)).toBe(false);
    expect(withinRollout(undefined, 0.99)).toBe(true);
    for (const malformed of [-1, 101, Number.NaN, '50', {}]) expect(withinRollout(malformed, 0)).toBe(false);
  });

  it('gives each installation a fixed bucket, spread over [0, 1)', () => {
    expect(stagingBucket('device-a')).toBe(stagingBucket('device-a'));
    const buckets = Array.from({ length: 400 }, (_, i) => stagingBucket(`device-${i}`));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(1);
    const inHalf = buckets.filter((b) => withinRollout(50, b)).length;
    expect(inHalf).toBeGreaterThan(150);
    expect(inHalf).toBeLessThan(250);
  });
});

describe('whether updates are on, and from where', () => {
  it('follows the clinic’s policy and ring', () => {
    expect(effectivePolicy(ON, ABSENT, 'nsis')).toEqual({ enabled: true, ring: 'stable', feedUrl: FEED, allowDowngrade: false, offReason: null });
    expect(effectivePolicy({ ...ON, ring: 'beta' }, ABSENT, 'appimage').feedUrl).toBe('https://updates.clinic.example/beta/');
    expect(effectivePolicy({ ...ON, enabled: false }, ABSENT, 'nsis')).toMatchObject({ enabled: false, feedUrl: null, offReason: expect.stringMatching(/clinic’s update policy/) });
  });

  it('uses the build’s own feed when the clinic names none for that ring', () => {
    const build = { url: 'https://vendor.example/clinic-office/', ring: 'stable' as const };
    expect(effectivePolicy(DEFAULT_UPDATE_POLICY, ABSENT, 'nsis', build)).toMatchObject({ enabled: true, feedUrl: build.url });
    expect(effectivePolicy({ ...DEFAULT_UPDATE_POLICY, ring: 'beta' }, ABSENT, 'nsis', build)).toMatchObject({ enabled: false, offReason: 'No update feed is set for the beta ring.' });
  });

  it('is turned off, or pinned, by the computer’s policy file; an unusable file turns updates off', () => {
    expect(effectivePolicy(ON, { state: 'in-force', policy: { updates: 'off' } }, 'nsis')).toMatchObject({ enabled: false, offReason: expect.stringMatching(/policy file/) });
    const pinned = effectivePolicy({ ...ON, ring: 'beta' }, { state: 'in-force', policy: { updates: 'on', ring: 'stable', feedUrl: 'https://lan-server.clinic/feed/' } }, 'nsis');
    expect(pinned).toMatchObject({ enabled: true, ring: 'stable', feedUrl: 'https://lan-server.clinic/feed/' });
    expect(effectivePolicy(ON, { state: 'invalid', message: 'it is not valid JSON' }, 'nsis')).toMatchObject({
      enabled: false,
      offReason: expect.stringMatching(/cannot be used \(it is not valid JSON\)/),
    });
  });

  it('is off for installs the app does not update itself (MSI, .deb, development)', () => {
    for (const kind of ['msi', 'deb', 'rpm', 'development', 'unpacked'] as const) expect(effectivePolicy(ON, ABSENT, kind).enabled, kind).toBe(false);
    expect(effectivePolicy(ON, ABSENT, 'deb').offReason).toMatch(/package manager/);
    expect(effectivePolicy(ON, ABSENT, 'msi').offReason).toMatch(/MSI/);
  });

  it('tells the install kind from what the packaged app finds', () => {
    const facts: InstallFacts = { isPackaged: true, platform: 'linux', appImage: undefined, packageType: null, hasNsisUninstaller: false };
    expect(installKindOf({ ...facts, isPackaged: false })).toBe('development');
    expect(installKindOf({ ...facts, platform: 'win32', hasNsisUninstaller: true })).toBe('nsis');
    expect(installKindOf({ ...facts, platform: 'win32' })).toBe('msi');
    expect(installKindOf({ ...facts, platform: 'darwin' })).toBe('mac');
    expect(installKindOf({ ...facts, appImage: '/home/a/Clinic.AppImage' })).toBe('appimage');
    expect(installKindOf({ ...facts, packageType: 'deb', appImage: '/x' })).toBe('deb');
    expect(installKindOf(facts)).toBe('unpacked');
  });
});

describe('the computer’s policy file', () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('is looked for where IT puts machine-wide settings', () => {
    expect(machinePolicyFile('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Clinic Office\\policy.json');
    expect(machinePolicyFile('linux', {})).toBe('/etc/clinic-office/policy.json');
    expect(machinePolicyFile('darwin', {})).toBe('/Library/Application Support/Clinic Office/policy.json');
  });

  it('reads "off" and pinned feeds; absent is no policy', () => {
    expect(readMachinePolicy(path.join(dir, 'none.json'))).toEqual({ state: 'absent' });
    expect(readMachinePolicy(write('off.json', '\uFEFF{ "updates": "off" }'))).toEqual({ state: 'in-force', policy: { updates: 'off' } });
    const pinned = readMachinePolicy(write('pinned.json', '{"updates":"on","ring":"beta","feedUrl":"https://lan-server.clinic/beta"}'));
    expect(pinned).toEqual({ state: 'in-force', policy: { updates: 'on', ring: 'beta', feedUrl: 'https://lan-server.clinic/beta/' } });
    expect(describeMachinePolicy(pinned)).toMatch(/the beta ring and the feed https:\/\/lan-server\.clinic\/beta\//);
  });

  it.each([
    ['not JSON', '{updates: off', /not valid JSON/],
    ['a typo', '{"update": "off"}', /unknown setting "update"|"updates"/],
    ['a wrong value', '{"updates": "no"}', /"updates"/],
    ['a plain-http feed', '{"updates": "on", "feedUrl": "http://lan-server.clinic/"}', /"feedUrl": The update feed must use https/],
    ['an array', '[]', /./],
  ])('is invalid (and says why) with %s', (_what, text, message) => {
    const read = readMachinePolicy(write(`bad-${Math.random()}.json`, text));
    expect(read.state).toBe('invalid');
    expect(read.state === 'invalid' && read.message).toMatch(message);
    expect(describeMachinePolicy(read)).toMatch(/In-app updates are off until it is fixed/);
  });

  it('is invalid when it cannot be read', () => {
    const folder = path.join(dir, 'a-folder.json');
    mkdirSync(folder);
    expect(readMachinePolicy(folder)).toEqual({ state: 'invalid', message: 'it cannot be read (EISDIR)' });
    const locked = write('locked.json', '{"updates":"off"}');
    chmodSync(locked, 0o000);
    const read = readMachinePolicy(locked);
    // root reads anything; anyone else is refused
    expect(read.state === 'in-force' || (read.state === 'invalid' && read.message === 'it cannot be read (EACCES)')).toBe(true);
  });
});

describe('the build’s own feed (resources/app-update.yml)', () => {
  it('is read from electron-builder’s generic publish entry', () => {
    expect(buildFeedOf('provider: generic\nurl: https://vendor.example/co\nchannel: beta\nupdaterCacheDirName: clinic-office-updater\n')).toEqual({
      url: 'https://vendor.example/co/',
      ring: 'beta',
    });
    expect(buildFeedOf("provider: generic\nurl: 'https://vendor.example/co/'\n")).toEqual({ url: 'https://vendor.example/co/', ring: 'stable' });
    expect(buildFeedOf('provider: github\nowner: x\n')).toBeNull();
    expect(buildFeedOf('provider: generic\nurl: http://vendor.example/co\n')).toBeNull();
    expect(buildFeedOf('')).toBeNull();
  });

  it('must name the code-signing publishers on Windows, or the app does not update itself', () => {
    expect(unverifiableWindowsBuild('provider: generic\nurl: https://v.example/\npublisherName:\n  - Clinic Office\n')).toBeNull();
    expect(unverifiableWindowsBuild('provider: generic\nurl: https://v.example/\n')).toMatch(/no code-signing publisher/);
    expect(unverifiableWindowsBuild(null)).toMatch(/in-app updates are off/);
  });
});

describe('when to check and when to install', () => {
  it('checks daily, sooner after a failure', () => {
    const at = new Date('2026-03-02T10:00:00Z');
    expect(nextCheckAfter(at, 'ok').toISOString()).toBe('2026-03-03T10:00:00.000Z');
    expect(nextCheckAfter(at, 'failed').toISOString()).toBe('2026-03-02T11:00:00.000Z');
  });

  it('installs now only with nothing unsaved, tonight only in the quiet hours', () => {
    expect(installDecision({ request: 'now', downloaded: true, busy: false, hour: 11 })).toEqual({ install: true });
    expect(installDecision({ request: 'now', downloaded: true, busy: true, hour: 23 })).toEqual({ install: false, reason: 'busy' });
    expect(installDecision({ request: 'now', downloaded: false, busy: false, hour: 11 })).toEqual({ install: false, reason: 'nothing-downloaded' });
    expect(installDecision({ request: 'tonight', downloaded: true, busy: false, hour: 21 })).toEqual({ install: false, reason: 'not-quiet-yet' });
    expect(installDecision({ request: 'tonight', downloaded: true, busy: true, hour: 23 })).toEqual({ install: false, reason: 'busy' });
    expect(installDecision({ request: 'tonight', downloaded: true, busy: false, hour: 2 })).toEqual({ install: true });
    expect([21, 22, 23, 0, 5, 6].map(isQuietHour)).toEqual([false, true, true, true, true, false]);
  });
});
