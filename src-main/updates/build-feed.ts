import { checkFeedUrl } from '../../src-shared/updates/feed-url';
import type { BuildFeed } from './policy';

function topLevelValue(text: string, key: string): string | null {
  const match = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*$`, 'm').exec(text);
  if (!match?.[1]) return null;
  return match[1].replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * The feed a release build names in resources/app-update.yml (electron-builder writes it from the
 * `publish` entry: provider, url, channel as top-level `key: value` lines). Only a generic https
 * feed counts; a channel of "beta" means the beta ring, anything else the stable one.
 */
export function buildFeedOf(appUpdateYml: string): BuildFeed | null {
  if (topLevelValue(appUpdateYml, 'provider') !== 'generic') return null;
  const url = topLevelValue(appUpdateYml, 'url');
  const checked = url ? checkFeedUrl(url) : null;
  if (!checked?.ok) return null;
  return { url: checked.url, ring: topLevelValue(appUpdateYml, 'channel') === 'beta' ? 'beta' : 'stable' };
}

/**
 * electron-updater checks a Windows installer's Authenticode signature against the publisher
 * names in app-update.yml, and silently skips the check when the file or the names are missing.
 * A Windows build without them therefore gets no in-app updates at all; the reason, or null.
 */
export function unverifiableWindowsBuild(appUpdateYml: string | null): string | null {
  if (appUpdateYml !== null && /^publisherName:/m.test(appUpdateYml)) return null;
  return 'This build names no code-signing publisher (resources/app-update.yml), so the signature of an update could not be checked: in-app updates are off.';
}
