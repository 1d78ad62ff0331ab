/**
 * What a file must be to be attached to a chart: not empty, not over the size limit, a PDF, PNG
 * or JPEG by its content (sniffed, not taken from the name), and named with a matching extension.
 * The same rules run in the screens (a fast message) and in the service (which decides).
 * Messages never quote the file name: names of scans often hold a patient's name.
 */
import { fileTypeFromBuffer } from 'file-type/core';
import type { DocumentContentType } from './schema';

const MEGABYTE = 1024 * 1024;
export const MAX_DOCUMENT_MEGABYTES = 20;
export const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MEGABYTES * MEGABYTE;
/** Enough of a file's start for sniffing any of the allowed types. */
export const SNIFF_BYTES = 4100;

export const DOCUMENT_TYPE_LABELS: Record<DocumentContentType, string> = {
  'application/pdf': 'PDF document',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
};
const EXTENSIONS: Record<DocumentContentType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
};
/** file-type's answers that are one of ours (an animated PNG is still a PNG). */
const SNIFFED_TYPES: Record<string, DocumentContentType> = {
  'application/pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/apng': 'image/png',
  'image/jpeg': 'image/jpeg',
};
/** For <input type="file" accept>: the extensions and types allowed. */
export const DOCUMENT_ACCEPT = [...Object.values(EXTENSIONS).flat(), ...Object.keys(EXTENSIONS)].join(',');

export type DocumentFileProblemReason = 'empty' | 'too_large' | 'unsupported_type' | 'extension_mismatch';
export type DocumentFileCheck =
  | { ok: true; contentType: DocumentContentType }
  | { ok: false; reason: DocumentFileProblemReason; message: string };

/** What a file's first bytes say it is (undefined: nothing file-type recognises). */
export interface SniffedType {
  ext: string;
  mime: string;
}

export function sniffFileType(start: Uint8Array): Promise<SniffedType | undefined> {
  return fileTypeFromBuffer(start);
}

/** 900 bytes, 14 KB, 3.2 MB, 25.5 MB, 120 MB (powers of 1024, as file managers show sizes). */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MEGABYTE) return `${Math.round(bytes / 1024)} KB`;
  const megabytes = bytes / MEGABYTE;
  return `${megabytes < 100 ? megabytes.toFixed(1) : Math.round(megabytes)} MB`;
}

/** The name's extension in lower case with its dot (".pdf"), or '' when it has none. */
export function fileExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot).toLowerCase() : '';
}

/** Whether a file may be attached, from its name, its size and what its content was sniffed as. */
export function checkDocumentFile(file: { fileName: string; byteSize: number; sniffed: SniffedType | undefined }): DocumentFileCheck {
  if (file.byteSize === 0) return { ok: false, reason: 'empty', message: 'This file is empty: there is nothing in it to attach.' };
  if (file.byteSize > MAX_DOCUMENT_BYTES) {
    return {
      ok: false,
      reason: 'too_large',
      message: `This file is ${formatByteSize(file.byteSize)}; documents can be at most ${MAX_DOCUMENT_MEGABYTES} MB. Scan it at a lower resolution, or in parts.`,
    };
  }
  const contentType = file.sniffed ? SNIFFED_TYPES[file.sniffed.mime] : undefined;
  if (!contentType) {
    const what = file.sniffed ? `of type ${file.sniffed.ext.toUpperCase()}` : 'not a PDF, PNG or JPEG file (judged by its content)';
    return { ok: false, reason: 'unsupported_type', message: `This file is ${what}: only PDF, PNG and JPEG files can be attached.` };
  }
  const allowed = EXTENSIONS[contentType];
  const extension = fileExtension(file.fileName);
  if (!allowed.includes(extension)) {
    const name = extension ? `its name ends in ${extension}` : 'its name has no extension';
    return {
      ok: false,
      reason: 'extension_mismatch',
      message: `This file is a ${DOCUMENT_TYPE_LABELS[contentType]}, but ${name}. Rename it to end in ${allowed.join(' or ')}, or choose the right file.`,
    };
  }
  return { ok: true, contentType };
}
