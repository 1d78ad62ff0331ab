import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './host';

/** The first administrator every test's clinic is set up with (unless a test asks for a fresh clinic). */
export const ADMIN = {
  clinicName: 'Riverside Family Practice',
  displayName: 'Dana Whitfield',
  username: 'dana.admin',
  password: 'Quiet-Harbor-Lantern-92',
} as const;

interface LaunchOptions {
  port?: number;
  /**
   * true (default): make sure the clinic is set up with ADMIN, and sign `host.rpc` in as ADMIN.
   * false: leave a fresh data folder at its first-run set-up.
   */
  setup?: boolean;
}

interface Fixtures {
  /**
   * Makes another fresh, empty data folder in a temporary folder of its own — so with its own
   * development key file beside it, like a second computer. All are removed after the test.
   */
  newDataDir(): string;
  /** A fresh, empty data folder for this test (its development key file sits beside it), removed afterwards. */
  dataDir: string;
  /** Starts (another) host on a data folder; every host started is stopped after the test. */
  launchHost(dataDir: string, options?: LaunchOptions): Promise<RunningHost>;
  /** A host on `dataDir`, set up with ADMIN and signed in as ADMIN for `host.rpc`, started for this test. */
  host: RunningHost;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  newDataDir: async ({}, use) => {
    const roots: string[] = [];
    await use(() => {
      const root = mkdtempSync(path.join(tmpdir(), 'clinic-e2e-'));
      roots.push(root);
      const dir = path.join(root, 'data');
      mkdirSync(dir);
      return dir;
    });
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  },
  dataDir: async ({ newDataDir }, use) => {
    await use(newDataDir());
  },
  // Depends on newDataDir so that every host has stopped before the data folders are removed.
  launchHost: async ({ newDataDir }, use) => {
    void newDataDir;
    const hosts: RunningHost[] = [];
    await use(async (dataDir, { setup = true, ...options } = {}) => {
      const host = await startHost(dataDir, options);
      hosts.push(host);
      if (setup) await setUpClinic(host);
      return host;
    });
    for (const host of hosts) await host.stop();
  },
  host: async ({ dataDir, launchHost }, use) => {
    await use(await launchHost(dataDir));
  },
  // Every page of a test must run without uncaught errors, unhandled rejections or CSP refusals.
  context: async ({ context }, use) => {
    const problems: string[] = [];
    const watch = (page: Page) => {
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        // Chromium logs every non-2xx fetch ("Failed to load resource"); those are expected answers here.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
      });
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    await use(context);
    expect(problems, 'errors in the page').toEqual([]);
  },
});

export { expect };

/** Creates ADMIN on a fresh clinic (through the contract, as an outside script would) and signs `host.rpc` in. */
async function setUpClinic(host: RunningHost): Promise<void> {
  const status = await host.rpc<{ needsSetup: boolean }>('setup.status');
  if (!status.body.ok) throw new Error(`setup.status refused: ${status.body.error.message}`);
  if (status.body.value.needsSetup) {
    const created = await host.rpc<{ recoveryKey: string }>('setup.createFirstAdmin', {
      clinicName: ADMIN.clinicName,
      displayName: ADMIN.displayName,
      username: ADMIN.username,
      password: ADMIN.password,
    });
    if (!created.body.ok) throw new Error(`setup.createFirstAdmin refused: ${created.body.error.message}`);
    host.recoveryKey = created.body.value.recoveryKey;
  }
  await host.signIn(ADMIN.username, ADMIN.password);
}

/** Fills the sign-in screen and waits for the signed-in shell. */
export async function signInAs(page: Page, user: { username: string; password: string } = ADMIN): Promise<void> {
  const form = page.getByTestId('signin-form');
  await expect(form).toBeVisible();
  await form.getByLabel('Username').fill(user.username);
  await form.getByLabel('Password').fill(user.password);
  await form.getByLabel('Password').press('Enter');
  await expect(page.getByRole('navigation', { name: 'Areas' })).toBeVisible();
}

/** Signs in again at the "session has ended" overlay (after a restart of the service), keeping the screen. */
export async function signInAgainAtOverlay(page: Page, password: string = ADMIN.password): Promise<void> {
  const overlay = page.getByTestId('lock-overlay');
  await expect(overlay).toBeVisible();
  await overlay.getByLabel('Password').fill(password);
  await overlay.getByLabel('Password').press('Enter');
  await expect(overlay).toBeHidden();
}

/**
 * Opens the app from the host's printed address and waits for the shell, signing in as `user`
 * (ADMIN by default) when the sign-in screen shows.
 */
export async function openApp(page: Page, host: RunningHost, user: { username: string; password: string } = ADMIN): Promise<void> {
  await page.goto(host.url);
  const nav = page.getByRole('navigation', { name: 'Areas' });
  const signIn = page.getByTestId('signin-form');
  await expect(nav.or(signIn)).toBeVisible();
  if (await signIn.isVisible()) await signInAs(page, user);
  await expect(nav).toBeVisible();
}
