import type { Payer } from '../../../src-shared/insurance/schema';

/** Payers whose name or EDI payer id contains every typed word; names starting with the first word first. */
export function matchingPayers(payers: readonly Payer[], typed: string): Payer[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  const text = (p: Payer) => `${p.name} ${p.ediPayerId ?? ''}`.toLowerCase();
  const matches = payers.filter((p) => words.every((word) => text(p).includes(word)));
  const first = words[0];
  if (!first) return matches;
  return [...matches.filter((p) => p.name.toLowerCase().startsWith(first)), ...matches.filter((p) => !p.name.toLowerCase().startsWith(first))];
}
