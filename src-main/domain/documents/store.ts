/**
 * The documents' files: `<data folder>/documents/<2 hex>/<sha256>.bin`, each encrypted with the
 * data folder's file key (src-main/security/files.ts). Named by the SHA-256 of the plain content,
 * so the same file attached twice (or to two charts) is stored once, and every read is checked
 * against the hash and size the database recorded: a damaged, swapped or missing file is reported,
 * never shown.
 *
 * Files are written before the row that names them is committed: if that transaction then fails,
 * an unreferenced file is left (harmless, and reused by the next attach of the same content); a
 * row naming a file that was never written cannot happen.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Logger } from '../../log';
import { decryptBuffer, DOCUMENT_CONTEXT, DOCUMENTS_DIR, writeEncryptedFile } from '../../security/files';

export interface StoredFile {
  sha256: string;
  byteSize: number;
}

export interface DocumentStore {
  /** Stores the content (unless a sound copy is already there) and says under which hash. */
  put(content: Buffer): StoredFile;
  /** The content of a recorded file, checked against its hash and size. */
  read(file: StoredFile): Buffer;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const TEMP_SUFFIX = '.tmp';

export type DocumentFileFailure = 'missing' | 'damaged';

const FAILURE_MESSAGES: Record<DocumentFileFailure, string> = {
  missing: "This document's file is missing from the data folder. Restore it from a backup; nothing was changed.",
  damaged: "This document's file is damaged (it no longer matches its checksum). Restore it from a backup; nothing was changed.",
};

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function createDocumentStore(options: { dataDir: string; fileKey: Buffer; logger: Logger }): DocumentStore {
  const root = path.join(options.dataDir, DOCUMENTS_DIR);
  removeLeftoverTempFiles(root);

  const fileOf = (sha256: string) => path.join(root, sha256.slice(0, 2), `${sha256}.bin`);

  /** The verified content, or why there is none. */
  function load(file: StoredFile): Buffer | DocumentFileFailure {
    if (!SHA256_HEX.test(file.sha256)) return 'damaged';
    let encrypted: Buffer;
    try {
      encrypted = readFileSync(fileOf(file.sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw error;
    }
    try {
      const content = decryptBuffer(encrypted, options.fileKey, DOCUMENT_CONTEXT);
      return content.length === file.byteSize && sha256Hex(content) === file.sha256 ? content : 'damaged';
    } catch {
      return 'damaged';
    }
  }

  return {
    put(content) {
      const stored = { sha256: sha256Hex(content), byteSize: content.length };
      // A damaged copy under the same name is replaced: attaching the file again repairs it.
      if (existsSync(fileOf(stored.sha256)) && Buffer.isBuffer(load(stored))) return stored;
      mkdirSync(path.dirname(fileOf(stored.sha256)), { recursive: true, mode: 0o700 });
      writeEncryptedFile(fileOf(stored.sha256), content, options.fileKey, DOCUMENT_CONTEXT);
      return stored;
    },
    read(file) {
      const content = load(file);
      if (Buffer.isBuffer(content)) return content;
      // The file's place (its hash) helps whoever restores it; it says nothing about the patient.
      const place = SHA256_HEX.test(file.sha256) ? path.relative(options.dataDir, fileOf(file.sha256)) : null;
      options.logger.error('document.file_unreadable', { failure: content, file: place });
      throw new AppError('INTERNAL', FAILURE_MESSAGES[content], { details: { documentFile: content } });
    },
  };
}

/**
 * A write cut short by a crash leaves its temporary file (files.ts writes beside the target, then
 * renames). Backups copy every file of the folder, so these would fail them: they go at start-up.
 */
function removeLeftoverTempFiles(root: string): void {
  if (!existsSync(root)) return;
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(path.join(root, dir.name))) {
      if (name.endsWith(TEMP_SUFFIX)) rmSync(path.join(root, dir.name, name), { force: true });
    }
  }
}
