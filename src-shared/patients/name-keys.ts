/**
 * Search keys of a person's name: how a name is stored for index lookups and how a typed name
 * token is read, so both sides fold the same way. Lower case, accents removed ("Álvarez" →
 * "alvarez"), apostrophes dropped ("O'Keefe" → "okeefe", so "okee" finds it), any other run of
 * non-letters made one space; hyphens stay (a key is one sortable string per name field).
 */

/** Letters that have no Unicode decomposition into a base letter and a mark. */
const UNDECOMPOSABLE: Record<string, string> = { đ: 'd', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ð: 'd', ħ: 'h' };
const UNDECOMPOSABLE_RE = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');
const APOSTROPHES = /['’ʼ`´]/g;

function foldKeepingApostrophes(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSABLE_RE, (ch) => UNDECOMPOSABLE[ch] ?? ch)
    .replace(/[^\p{L}\p{N}'’ʼ`´-]+/gu, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/\s*-\s*/g, '-')
    .trim()
    .replace(/^-+|-+$/g, '');
}

/** The sortable search key of one name field (given or family name). */
export function nameKey(text: string): string {
  return foldKeepingApostrophes(text).replace(APOSTROPHES, '').replace(/^-+|-+$/g, '').trim();
}

/**
 * The words of a name that do not start either field's key, so the key indexes cannot find them
 * by prefix: later words ("Anne-Marie" → "marie", "Van Der Berg" → "der", "berg") and the part
 * after an apostrophe ("O'Keefe" → "keefe").
 */
export function innerNameWords(givenName: string, familyName: string): string[] {
  const words = new Set<string>();
  for (const field of [givenName, familyName]) {
    const folded = foldKeepingApostrophes(field);
    folded.split(/[\s-]+/).forEach((word, index) => {
      const plain = word.replace(APOSTROPHES, '');
      if (index > 0 && plain) words.add(plain);
      const parts = word.split(APOSTROPHES);
      for (const part of parts.slice(1)) if (part.length >= 2) words.add(part);
    });
  }
  return [...words];
}

/** The least string greater than every string that starts with `prefix` (for a B-tree range). */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}
