/** "coverage" → "coverages", "record request" → "record requests" (the kinds the service names). */
export function pluralKind(kind: string): string {
  return kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

/** "1 coverage", "2 documents". */
export function countOf(count: number, kind: string): string {
  return `${count} ${count === 1 ? kind : pluralKind(kind)}`;
}

/** "2 coverages, 1 document and 3 patient contacts"; kinds with none are left out. */
export function recordList(items: readonly { kind: string; count: number }[]): string {
  const parts = items.filter((item) => item.count > 0).map((item) => countOf(item.count, item.kind));
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
