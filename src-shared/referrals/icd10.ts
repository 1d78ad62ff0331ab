/**
 * ICD-10-CM diagnosis codes, checked by their shape: a letter, a digit, a digit or A/B (C4A, M1A,
 * O9A), then up to four letters or digits after a dot (E11.65, S52.521A). The shape is all that is
 * checked: the app does not ship the code set yet, so a well-formed code that does not exist passes.
 */
const ICD10CM_CODE = /^[A-Z][0-9][0-9AB](?:\.[0-9A-Z]{1,4})?$/;

export const MAX_DIAGNOSES = 12;

/** "e119", " E11.9 " → "E11.9": upper case, no spaces, the dot after the category put back when typed without it. */
export function normalizeIcd10(text: string): string {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (compact.length > 3 && !compact.includes('.')) return `${compact.slice(0, 3)}.${compact.slice(3)}`;
  return compact;
}

export function isIcd10CmCode(code: string): boolean {
  return ICD10CM_CODE.test(code);
}

/** Codes as typed in one box: separated by commas, semicolons or spaces. */
export function splitDiagnosisCodes(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
