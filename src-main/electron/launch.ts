/**
 * Start-up decisions of the Electron shell that need no 'electron' import (tested in plain Node):
 * where the data lives, where the Electron-ABI database driver is, and what to tell the user when
 * something needed is missing.
 */
import path from 'node:path';
import { resolveDataDir as resolveDataDirFrom } from '../data-dir';

/** Where `npm run build:native-electron` writes the driver built against Electron's headers. */
export const NATIVE_BINDING_DEV_PATH = 'native/electron/better_sqlite3.node';
/** Where electron-builder's extraResources puts it, relative to process.resourcesPath. */
export const NATIVE_BINDING_RESOURCE_PATH = 'native/better_sqlite3.node';

export interface DataDirSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** app.getPath('userData') */
  userDataPath: string;
}

function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = arg === '--data-dir' ? argv[i + 1] : arg?.startsWith('--data-dir=') ? arg.slice('--data-dir='.length) : undefined;
    if (arg !== '--data-dir' && value === undefined) continue;
    if (value === undefined || value === '' || value.startsWith('--')) throw new Error('--data-dir needs a folder');
    return value;
  }
  return undefined;
}

/** `--data-dir DIR` (or `--data-dir=DIR`), else `$CLINIC_DATA_DIR`, else Electron's userData folder. */
export function resolveDataDir({ argv, env, userDataPath }: DataDirSources): string {
  return resolveDataDirFrom(dataDirFlag(argv), env, userDataPath);
}

export interface NativeBindingSources {
  isPackaged: boolean;
  /** process.resourcesPath (packaged app) */
  resourcesPath: string;
  /** The app's root folder (the repository in development). */
  appRoot: string;
}

/** The Electron-ABI driver: never the Node build in node_modules, which the tests use. */
export function nativeBindingPath({ isPackaged, resourcesPath, appRoot }: NativeBindingSources): string {
  return isPackaged
    ? path.join(resourcesPath, ...NATIVE_BINDING_RESOURCE_PATH.split('/'))
    : path.join(appRoot, ...NATIVE_BINDING_DEV_PATH.split('/'));
}

export interface FatalMessage {
  title: string;
  message: string;
}

export function missingDriverMessage(bindingPath: string, isPackaged: boolean): FatalMessage {
  return {
    title: 'Clinic Office cannot start',
    message: isPackaged
      ? `The database driver is missing from this installation:\n${bindingPath}\n\nPlease reinstall Clinic Office.`
      : `The database driver built for Electron is missing:\n${bindingPath}\n\n` +
        'Build it once with `npm run build:native-electron` (needs internet access for the Electron headers), ' +
        'then start again. Until then, `npm start -- --browser` runs the app in browser mode.',
  };
}

/** A build output the shell needs (the renderer or the preload) is missing. */
export function missingBuildMessage(file: string, buildCommand: string, isPackaged: boolean): FatalMessage {
  return {
    title: 'Clinic Office cannot start',
    message: isPackaged
      ? 'Part of the application is missing from this installation. Please reinstall Clinic Office.'
      : `This part of the application has not been built:\n${file}\n\nRun \`${buildCommand}\`, then start again.`,
  };
}

/** Errors whose message says what happened without quoting any data, and that nothing was changed: shown as they are. */
const SAYS_WHAT_HAPPENED: Readonly<Record<string, string>> = {
  WrongKeyError: 'Clinic Office cannot open its data',
  DatabaseEncryptionError: 'Clinic Office cannot open its data',
  NewerDatabaseError: 'The clinic data is from a newer Clinic Office',
  UpgradeBackupError: 'Clinic Office could not upgrade its data',
  MigrationError: 'Clinic Office could not upgrade its data',
};

/**
 * What to say when the database cannot be opened. Only the error's name and code are shown (never
 * its message, which could quote data); a driver built for another ABI gets its own advice.
 */
export function startupFailureMessage(error: unknown, dataDir: string, isPackaged: boolean): FatalMessage {
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : undefined;
  const name = error instanceof Error ? error.name : typeof error;
  const abiMismatch =
    code === 'ERR_DLOPEN_FAILED' || (error instanceof Error && /NODE_MODULE_VERSION|invalid ELF header|not a valid Win32 application/.test(error.message));
  if (abiMismatch) {
    return {
      title: 'Clinic Office cannot start',
      message: isPackaged
        ? 'The database driver in this installation does not fit this computer. Please reinstall Clinic Office.'
        : 'The database driver in native/electron/ was built for another Electron version, operating system or processor. ' +
          'Rebuild it with `npm run build:native-electron`, then start again.',
    };
  }
  if (error instanceof Error && Object.hasOwn(SAYS_WHAT_HAPPENED, name)) {
    return { title: SAYS_WHAT_HAPPENED[name]!, message: `${error.message}\n\nData folder:\n${dataDir}` };
  }
  return {
    title: 'Clinic Office cannot open its data',
    message: `The clinic database in\n${dataDir}\ncould not be opened (${name}${code ? `, ${code}` : ''}).\n\nPlease contact your administrator.`,
  };
}

/**
 * Electron shows nothing when the page's beforeunload refuses to close (unsaved form input):
 * the shell asks with this dialog instead. Button 0 leaves, discarding the input.
 */
export const UNSAVED_WORK_PROMPT = Object.freeze({
  type: 'warning' as const,
  title: 'Unsaved changes',
  message: 'A form has changes that are not saved yet.',
  detail: 'Close anyway and lose them, or go back and save?',
  buttons: ['Close and discard', 'Keep editing'],
  defaultId: 1,
  cancelId: 1,
  noLink: true,
});

export function leavesDespiteUnsavedWork(chosenButton: number): boolean {
  return chosenButton === 0;
}
