import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import path from 'node:path';
import { resolveDataDir } from '../data-dir';
import { deriveClinicKeys, type ClinicKeys } from '../security/keys';
import { browserModeMasterKey } from '../security/master-key';

/** Options every admin command takes: the data folder and where its key comes from. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  'dev-key-file': { type: 'string' },
} as const;

export interface CommonFlags {
  dataDir: string;
  keys: ClinicKeys;
}

export function commonFlags(values: Record<string, string | boolean | undefined>): CommonFlags {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const devKeyFile = text('dev-key-file') ? path.resolve(text('dev-key-file')!) : undefined;
  return { dataDir: resolveDataDir(text('data-dir')), keys: deriveClinicKeys(browserModeMasterKey(process.env, devKeyFile).key) };
}

/** Parses a command's arguments: the common options plus its own (strings and booleans). */
export function parseCommand(
  args: string[],
  options: ParseArgsOptionsConfig,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const parsed = parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals: true });
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

/** What a command returns: the process exit code. Output goes to stdout; nothing patient-identifying. */
export type Command = (args: string[]) => Promise<number>;
