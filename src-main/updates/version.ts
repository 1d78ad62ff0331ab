/**
 * Semantic versions (semver.org 2.0.0) as the updater compares them: MAJOR.MINOR.PATCH, an
 * optional pre-release (1.4.0-beta.2 comes before 1.4.0) and build metadata, which does not count.
 */
export interface Semver {
  core: [number, number, number];
  prerelease: (string | number)[];
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(text: string): Semver | null {
  const match = SEMVER.exec(text.trim());
  if (!match) return null;
  const parts = match[4] ? match[4].split('.') : [];
  if (parts.some((part) => /^0\d+$/.test(part))) return null; // numeric identifiers have no leading zeros
  const prerelease = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease };
}

function compareIdentifiers(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'number') return -1; // numeric identifiers come before alphanumeric ones
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** < 0 when a comes before b, 0 when they are the same version, > 0 when a is newer. */
export function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i += 1) {
    const d = a.core[i]! - b.core[i]!;
    if (d !== 0) return Math.sign(d);
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return Math.sign(b.prerelease.length - a.prerelease.length);
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i += 1) {
    if (a.prerelease[i] === undefined) return -1;
    if (b.prerelease[i] === undefined) return 1;
    const d = compareIdentifiers(a.prerelease[i]!, b.prerelease[i]!);
    if (d !== 0) return d;
  }
  return 0;
}
