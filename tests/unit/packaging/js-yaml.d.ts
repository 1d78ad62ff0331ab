// js-yaml 4 ships no types; the tests need only `load`.
declare module 'js-yaml' {
  export function load(input: string, options?: { filename?: string }): unknown;
}
