import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under DIR (recursively), with its bytes. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) visit(full);
      else files.set(path.relative(dir, full), readFileSync(full));
    }
  };
  visit(dir);
  return files;
}

/** The files under DIR whose bytes contain NEEDLE (as UTF-8 or UTF-16LE, any case of ASCII letters). */
export function grepTree(dir: string, needle: string): string[] {
  const forms = [needle, needle.toLowerCase(), needle.toUpperCase()].flatMap((n) => [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')]);
  return [...filesUnder(dir)].filter(([, bytes]) => forms.some((form) => bytes.includes(form))).map(([name]) => name);
}

/** Names and bytes of everything under DIR, to prove a refused operation changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries([...filesUnder(dir)].map(([name, bytes]) => [name, bytes.toString('base64')]));
}
