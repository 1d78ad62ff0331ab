/**
 * This renderer's Clinic Office version: package.json's, put in by the build (vite `define`). The
 * service's `system.info` says the same, but only to a signed-in user; the first-run screens need
 * it before anyone exists. null when the code runs unbuilt (unit tests).
 */
export const APP_VERSION: string | null = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : null;

function parse(version: string): { parts: number[]; pre: string } {
  const [core = '', ...pre] = (version.trim().replace(/^v/i, '').split('+')[0] ?? '').split('-');
  return { parts: core.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0)), pre: pre.join('-') };
}

/** > 0 when `a` is newer than `b`, < 0 when older, 0 when the same (1.2.10 > 1.2.9; 1.0.0-beta < 1.0.0). */
export function compareVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i += 1) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return Math.sign(x.pre.localeCompare(y.pre, 'en', { numeric: true }));
}

/** A version written by a newer Clinic Office than this one (false when this one's version is unknown). */
export function isNewerThanThisApp(version: string): boolean {
  return APP_VERSION !== null && compareVersions(version, APP_VERSION) > 0;
}
