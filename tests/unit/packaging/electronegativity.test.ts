/**
 * scripts/electronegativity.ts must be able to fail: electronegativity itself always exits 0, so the
 * script reads its report. A known-bad main process fails it with the expected findings named; a
 * hardened one passes (so a failure means the findings, not a broken script).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function scan(mainJs: string): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'clinic-electronegativity-test-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'main.js'), mainJs);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'electronegativity.ts'), '--scan', dir], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const HARDENED_HANDLERS = `
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
`;

describe('npm run test:electronegativity (scripts/electronegativity.ts)', () => {
  it('fails on a window with node integration and without context isolation, naming the findings', () => {
    const { status, output } = scan(`
import { app, BrowserWindow, session } from 'electron';
${HARDENED_HANDLERS}
app.whenReady().then(() => {
  const window = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });
  window.loadURL('https://example.org/');
});
`);
    expect(status, output).toBe(1);
    expect(output).toMatch(/HIGH CONTEXT_ISOLATION_JS_CHECK/);
    expect(output).toMatch(/NODE_INTEGRATION_JS_CHECK/);
    expect(output).toMatch(/finding\(s\) of MEDIUM or higher/);
  }, 60_000);

  it('passes a hardened window', () => {
    const { status, output } = scan(`
import { app, BrowserWindow, session } from 'electron';
${HARDENED_HANDLERS}
app.whenReady().then(() => {
  const window = new BrowserWindow({
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
  });
  window.loadURL('app://app/');
});
`);
    expect(status, output).toBe(0);
    expect(output).toMatch(/no finding of MEDIUM or higher/);
  }, 60_000);

  it('fails when a file cannot be parsed rather than report nothing', () => {
    const { status, output } = scan(`import { BrowserWindow } from 'electron';\nnew BrowserWindow({ webPreferences: { `);
    expect(status, output).toBe(1);
    expect(output).toMatch(/parse error in main\.js/);
  }, 60_000);
});
