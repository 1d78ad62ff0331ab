/**
 * The updater's decisions, apart from electron-updater so that they run (and are tested) in plain
 * Node: whether updates are on and from which feed, whether an offered version is taken, whether
 * this installation is inside a staged rollout, when to check and when an install may restart the
 * app. src-main/updates/controller.ts applies them to electron-updater.
 */
import { createHash } from 'node:crypto';
import type { UpdatePolicy, UpdateRing } from '../../src-shared/updates/schema';
import type { MachinePolicyRead } from './machine-policy';
import { compareSemver, parseSemver } from './version';

/** The first check waits a little after the start (the start itself stays quick), then one a day. */
export const FIRST_CHECK_AFTER_MS = 60_000;
export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
/** After a failed check (feed unreachable, malformed) the next one is sooner. */
export const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;
/** "Tonight": from 22:00 to 06:00 on this computer's clock. */
export const QUIET_FROM_HOUR = 22;
export const QUIET_UNTIL_HOUR = 6;

/** How this copy was installed, which decides whether the app may update itself at all. */
export type InstallKind = 'nsis' | 'msi' | 'mac' | 'appimage' | 'deb' | 'rpm' | 'unpacked' | 'development';

export interface InstallFacts {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** $APPIMAGE: set by the AppImage runtime to the running AppImage file. */
  appImage: string | undefined;
  /** resources/package-type, written by electron-builder into .deb and .rpm packages. */
  packageType: string | null;
  /** An NSIS install has its uninstaller beside the executable; an MSI install has none. */
  hasNsisUninstaller: boolean;
}

export function installKindOf(facts: InstallFacts): InstallKind {
  if (!facts.isPackaged) return 'development';
  if (facts.platform === 'win32') return facts.hasNsisUninstaller ? 'nsis' : 'msi';
  if (facts.platform === 'darwin') return 'mac';
  if (facts.packageType === 'deb' || facts.packageType === 'rpm') return facts.packageType;
  return facts.appImage ? 'appimage' : 'unpacked';
}

const NOT_SELF_UPDATING: Partial<Record<InstallKind, string>> = {
  development: 'This copy runs from the source code (a development build): it is not updated by the app.',
  unpacked: 'This copy is not an installed build (an unpacked folder): it is not updated by the app.',
  msi: 'Installed from the MSI package: it is updated by deploying the newer MSI (Group Policy, Intune), not by the app.',
  deb: 'Installed as a .deb package: it is updated through the system’s package manager (apt), not by the app.',
  rpm: 'Installed as an .rpm package: it is updated through the system’s package manager, not by the app.',
};

/** Why the app cannot update itself in this kind of install, or null when it can. */
export function selfUpdateRefusal(kind: InstallKind): string | null {
  return NOT_SELF_UPDATING[kind] ?? null;
}

export interface EffectivePolicy {
  enabled: boolean;
  ring: UpdateRing;
  feedUrl: string | null;
  allowDowngrade: boolean;
  /** Why updates are off (null while they are on). */
  offReason: string | null;
}

/** The feed a release build names (resources/app-update.yml): the vendor's, used when the clinic names none for that ring. */
export interface BuildFeed {
  url: string;
  ring: UpdateRing;
}

/**
 * The clinic's policy, narrowed by this computer's policy file: an unreadable or malformed file
 * turns updates off (and says why) rather than being ignored; a file may also pin the ring and the
 * feed (a centrally managed clinic). An install that cannot update itself is always off. The feed
 * is the file's, else the clinic's for the ring, else the build's own if it is of that ring.
 */
export function effectivePolicy(clinic: UpdatePolicy, machine: MachinePolicyRead, install: InstallKind, buildFeed: BuildFeed | null = null): EffectivePolicy {
  const pinned = machine.state === 'in-force' ? machine.policy : null;
  const ring = pinned?.ring ?? clinic.ring;
  const feedUrl =
    pinned?.feedUrl ?? (ring === 'stable' ? clinic.stableFeedUrl : clinic.betaFeedUrl) ?? (buildFeed?.ring === ring ? buildFeed.url : null);
  const off = (offReason: string): EffectivePolicy => ({ enabled: false, ring, feedUrl: null, allowDowngrade: false, offReason });
  const refusal = selfUpdateRefusal(install);
  if (refusal) return off(refusal);
  if (machine.state === 'invalid') return off(`This computer’s update policy file cannot be used (${machine.message}): in-app updates stay off until it is fixed.`);
  if (pinned?.updates === 'off') return off('Turned off on this computer by its update policy file (central management).');
  if (!clinic.enabled) return off('Turned off in the clinic’s update policy.');
  if (feedUrl === null) return off(`No update feed is set for the ${ring} ring.`);
  return { enabled: true, ring, feedUrl, allowDowngrade: clinic.allowDowngrade, offReason: null };
}

/** Where this installation falls in a staged rollout: a fixed number in [0, 1) from its id. */
export function stagingBucket(installationId: string): number {
  return createHash('sha256').update(`clinic-office-staging:${installationId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Inside a rollout of `stagingPercentage` (latest.yml's field; absent: everyone). 0 reaches no
 * one (how a bad release is pulled), 100 everyone. A value that is not a number from 0 to 100 is
 * treated as "not yet": a malformed feed must not push a release to everyone.
 */
export function withinRollout(stagingPercentage: unknown, bucket: number): boolean {
  if (stagingPercentage === undefined || stagingPercentage === null) return true;
  if (typeof stagingPercentage !== 'number' || !Number.isFinite(stagingPercentage) || stagingPercentage < 0 || stagingPercentage > 100) return false;
  return bucket * 100 < stagingPercentage;
}

export type OfferDecision =
  | { take: true; downgrade: boolean }
  | { take: false; reason: 'same' | 'older' | 'invalid-version' | 'not-in-rollout' };

/** Whether to take the version a feed offers: a newer one, an older one only when downgrades are allowed. */
export function decideOffer(input: { current: string; offered: string; allowDowngrade: boolean; stagingPercentage: unknown; bucket: number }): OfferDecision {
  const current = parseSemver(input.current);
  const offered = parseSemver(input.offered);
  if (!current || !offered) return { take: false, reason: 'invalid-version' };
  const order = compareSemver(offered, current);
  if (order === 0) return { take: false, reason: 'same' };
  if (order < 0 && !input.allowDowngrade) return { take: false, reason: 'older' };
  if (!withinRollout(input.stagingPercentage, input.bucket)) return { take: false, reason: 'not-in-rollout' };
  return { take: true, downgrade: order < 0 };
}

export function isQuietHour(hour: number): boolean {
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR;
}

/**
 * Whether a downloaded update may restart the app now. Never while a screen holds unsaved work
 * (a form, a check-in under way): "now" is then refused, "tonight" waits for the next moment
 * inside the quiet hours when nothing is open.
 */
export function installDecision(input: { request: 'now' | 'tonight'; downloaded: boolean; busy: boolean; hour: number }): { install: true } | { install: false; reason: 'nothing-downloaded' | 'busy' | 'not-quiet-yet' } {
  if (!input.downloaded) return { install: false, reason: 'nothing-downloaded' };
  if (input.busy) return { install: false, reason: 'busy' };
  if (input.request === 'tonight' && !isQuietHour(input.hour)) return { install: false, reason: 'not-quiet-yet' };
  return { install: true };
}

/** When the next check is due, after one that succeeded or failed. */
export function nextCheckAfter(at: Date, outcome: 'ok' | 'failed'): Date {
  return new Date(at.getTime() + (outcome === 'ok' ? CHECK_EVERY_MS : RETRY_AFTER_FAILURE_MS));
}
