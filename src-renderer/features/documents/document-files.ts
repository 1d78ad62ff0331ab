import { checkDocumentFile, SNIFF_BYTES, sniffFileType, type DocumentFileCheck } from '../../../src-shared/documents/file-rules';
import { MAX_DOCUMENT_TITLE_LENGTH, type DocumentContentType } from '../../../src-shared/documents/schema';

/** The same rules the service applies, on the file's first bytes only: a fast message before sending megabytes. */
export async function checkFileBeforeSending(file: File): Promise<DocumentFileCheck> {
  const start = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  return checkDocumentFile({ fileName: file.name, byteSize: file.size, sniffed: await sniffFileType(start) });
}

/** The file's bytes as base64 (the browser encodes natively: fast even for 20 MB). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

export function base64ToBlob(base64: string, type: DocumentContentType): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** "Referral Dr Chen.pdf" → "Referral Dr Chen": a starting point for the title. */
export function titleFromFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return base.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_DOCUMENT_TITLE_LENGTH);
}
