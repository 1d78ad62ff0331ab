import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Relative posix paths of every file (and folder) under ROOT, sorted, passing over the names in SKIP; none when ROOT does not exist. */
export function walk(root: string, skip: ReadonlySet<string> = new Set()): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const visit = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        dirs.push(rel);
        visit(rel);
      } else {
        files.push(rel);
      }
    }
  };
  if (existsSync(root)) visit('');
  return { files: files.sort(), dirs: dirs.sort() };
}
