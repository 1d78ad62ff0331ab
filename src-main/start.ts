import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openClinicApp } from './app';
import { resolveDataDir } from './data-dir';
import { electronBinaryPath } from './electron-runtime';
import { createLogger } from './log';
import { packageVersion, REPO_ROOT } from './package-info';
import { startHost } from './host/server';
import { deriveClinicKeys } from './security/keys';
import { browserModeMasterKey } from './security/master-key';

const USAGE = `Usage: npm start -- [--browser] [--port N] [--data-dir DIR]
  --browser       run in browser mode even when the Electron runtime is installed
  --port N        browser mode: listen on 127.0.0.1:N (default: a free port)
  --data-dir DIR  the clinic's data folder (default: $CLINIC_DATA_DIR, else the app's user-data folder)
  --dev-key-file FILE  browser mode without $CLINIC_MASTER_KEY: keep the data folder's key in FILE
                  (made on first use; for development and demonstrations only)
  --renderer-dir DIR  browser mode: serve the screens from another build folder (default: dist/renderer)`;

function parseFlags() {
  const { values } = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'dev-key-file': { type: 'string' },
      'renderer-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a whole number from 0 to 65535`);
  const devKeyFile = values['dev-key-file'] ? path.resolve(values['dev-key-file']) : undefined;
  const rendererDir = path.resolve(values['renderer-dir'] ?? path.join(REPO_ROOT, 'dist', 'renderer'));
  return { browser: values.browser, port, dataDir: resolveDataDir(values['data-dir']), devKeyFile, rendererDir, help: values.help };
}

function launchElectron(binary: string, dataDir: string): void {
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-electron.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('Building the Electron shell failed');
  const child = spawn(binary, [REPO_ROOT, '--data-dir', dataDir], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function runBrowserMode(port: number, dataDir: string, devKeyFile: string | undefined, rendererDir: string): Promise<void> {
  const logger = createLogger();
  const master = browserModeMasterKey(process.env, devKeyFile);
  if (master.source === 'dev-key-file') {
    console.error('Using a development key file: for real patient data set CLINIC_MASTER_KEY instead (see README).');
  }
  const keys = deriveClinicKeys(master.key);
  const app = await openClinicApp({ dataDir, runtime: 'browser', appVersion: packageVersion(), logger, keys });
  const host = await startHost({ app, rendererDir, port, logger });
  const url = `${host.url}#token=${host.token}`;
  process.stdout.write(`${JSON.stringify({ event: 'listening', url, token: host.token, dataDir })}\n`);
  console.error(`\nClinic Office is running in browser mode. Open this address in a browser on this computer:\n\n  ${url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

async function main(): Promise<void> {
  const flags = parseFlags();
  if (flags.help) {
    console.error(USAGE);
    return;
  }
  if (!flags.browser) {
    const electron = electronBinaryPath(REPO_ROOT);
    if (electron) return launchElectron(electron, flags.dataDir);
    console.error(
      'The Electron runtime is not installed on this machine (it is downloaded on first use with internet: ' +
        '`npx install-electron`), so Clinic Office starts in browser mode.',
    );
  }
  await runBrowserMode(flags.port, flags.dataDir, flags.devKeyFile, flags.rendererDir);
}

main().catch((error: unknown) => {
  console.error(`Clinic Office could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
