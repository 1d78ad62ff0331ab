import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './host';

interface Fixtures {
  /** A fresh, empty data folder for this test, removed afterwards. */
  dataDir: string;
  /** Starts (another) host on a data folder; every host started is stopped after the test. */
  launchHost(dataDir: string, options?: { port?: number }): Promise<RunningHost>;
  /** A host on `dataDir`, started for this test. */
  host: RunningHost;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clinic-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  launchHost: async ({}, use) => {
    const hosts: RunningHost[] = [];
    await use(async (dataDir, options) => {
      const host = await startHost(dataDir, options);
      hosts.push(host);
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

/** Opens the app from the host's printed address and waits for the shell. */
export async function openApp(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('navigation', { name: 'Areas' })).toBeVisible();
}
