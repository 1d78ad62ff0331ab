import type { RpcError } from '../../../../src-shared/rpc/errors';

/** A quantity as typed: a number for the contract to judge (blank or words become NaN, which it refuses with a message). */
export function typedQuantity(text: unknown): number {
  if (typeof text === 'number') return text;
  return typeof text === 'string' && text.trim() !== '' ? Number(text.trim()) : Number.NaN;
}

/** The refusal's messages for the lines of a list ("lines.2.quantity" → row 2), and what belongs to no line. */
export function lineErrors(error: RpcError): { byLine: Map<number, string>; other: string | null } {
  const byLine = new Map<number, string>();
  const other: string[] = [];
  for (const [path, message] of Object.entries(error.fields ?? {})) {
    const index = /^lines\.(\d+)\./.exec(path)?.[1];
    if (index === undefined) other.push(message);
    else if (!byLine.has(Number(index))) byLine.set(Number(index), message);
  }
  return { byLine, other: byLine.size === 0 ? error.message : other.length > 0 ? other.join(' ') : null };
}
