/**
 * Where updates come from: a generic electron-updater feed (a folder served over HTTPS holding
 * latest.yml, latest-mac.yml or latest-linux.yml and the installers). Plain http is refused except
 * on this computer's loopback address (tests and a feed served locally): an update must not be
 * replaceable by anyone on the network path. A clinic's own LAN server serves HTTPS with a
 * certificate its computers trust. Shared by the Admin form and the main process.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
/** scheme :// authority path? (?query | #fragment)? — src-shared has no URL class (no DOM, no Node). */
const ADDRESS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)([^?#\s]*)([?#].*)?$/i;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export type FeedUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** The feed URL as the updater uses it (lower-case scheme and host, a trailing slash), or why it is refused. */
export function checkFeedUrl(text: string): FeedUrlCheck {
  const match = ADDRESS.exec(text.trim());
  const notAnAddress: FeedUrlCheck = { ok: false, message: 'Not a web address (it starts with https://)' };
  if (!match) return notAnAddress;
  const [, rawScheme = '', authority = '', path = '', rest] = match;
  const scheme = rawScheme.toLowerCase();
  if (authority.includes('@')) return { ok: false, message: 'Put no user name or password in the address' };
  const hostPort = /^(.*?)(?::(\d{1,5}))?$/.exec(authority.toLowerCase());
  const host = hostPort?.[1] ?? '';
  const port = hostPort?.[2];
  if (!HOST.test(host) || (port !== undefined && (Number(port) < 1 || Number(port) > 65_535))) return notAnAddress;
  if (scheme !== 'https' && !(scheme === 'http' && isLoopback(host))) {
    return { ok: false, message: 'The update feed must use https:// (plain http is allowed only on this computer’s own address)' };
  }
  if (rest) return { ok: false, message: 'The address of a feed folder has no ? or # part' };
  const folder = path === '' ? '/' : path.endsWith('/') ? path : `${path}/`;
  return { ok: true, url: `${scheme}://${host}${port ? `:${port}` : ''}${folder}` };
}
