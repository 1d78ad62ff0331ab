// @ts-check
/**
 * Writes SHA256SUMS for a release folder's installers and update metadata, in the format
 * `sha256sum -c` reads, and signs it with gpg (a detached, ASCII-armoured SHA256SUMS.asc) when a
 * key is given. Anyone can then check a download without trusting the server it came from:
 *
 *   gpg --verify SHA256SUMS.asc SHA256SUMS && sha256sum --check --ignore-missing SHA256SUMS
 *
 *   node scripts/release/sha256sums.mjs DIR [--gpg-key FINGERPRINT]
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createReadStream, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a release folder publishes: installers, update packages, their blockmaps and the feed files. */
export const PUBLISHED_FILE = /\.(AppImage|deb|exe|msi|dmg|zip|blockmap|yml)$/;
export const SUMS_FILE = 'SHA256SUMS';
export const SIGNATURE_FILE = 'SHA256SUMS.asc';

/** @param {string} file @returns {Promise<string>} */
export function sha256Of(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** @param {string} dir @returns {string[]} the published files directly in dir, sorted */
export function publishedFiles(dir) {
  return readdirSync(dir)
    .filter((name) => PUBLISHED_FILE.test(name) && name !== 'builder-debug.yml' && name !== 'builder-effective-config.yaml' && statSync(path.join(dir, name)).isFile())
    .sort();
}

/**
 * @param {string} dir
 * @param {{ gpgKey?: string | undefined, gpgHome?: string | undefined }} [options]
 * @returns {Promise<{ sums: string, signature: string | undefined, files: string[] }>}
 */
export async function writeSha256Sums(dir, options = {}) {
  const files = publishedFiles(dir);
  if (files.length === 0) throw new Error(`sha256sums: nothing to list in ${dir}`);
  const lines = [];
  for (const name of files) lines.push(`${await sha256Of(path.join(dir, name))}  ${name}`);
  const sums = path.join(dir, SUMS_FILE);
  writeFileSync(sums, `${lines.join('\n')}\n`);
  if (!options.gpgKey) return { sums, signature: undefined, files };
  const signature = path.join(dir, SIGNATURE_FILE);
  const env = options.gpgHome ? { ...process.env, GNUPGHOME: options.gpgHome } : process.env;
  execFileSync('gpg', ['--batch', '--yes', '--local-user', options.gpgKey, '--armor', '--detach-sign', '--output', signature, sums], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  return { sums, signature, files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, flag, key] = process.argv.slice(2);
  if (!dir || (flag !== undefined && (flag !== '--gpg-key' || !key))) {
    console.error('usage: sha256sums.mjs DIR [--gpg-key FINGERPRINT]');
    process.exitCode = 2;
  } else {
    const result = await writeSha256Sums(dir, { gpgKey: key });
    console.log(`sha256sums: ${result.files.length} files in ${path.relative(process.cwd(), result.sums)}${result.signature ? `, signed in ${path.basename(result.signature)}` : ' (unsigned)'}`);
  }
}
