/**
 * The Today board in real Chromium: a browser-mode host (as the e2e tests start it) seeded through
 * the contract with a clinic day of 400 appointments (20 providers; about a third checked in, some
 * roomed, with the provider or done; half the patients insured), opened at 1366×768 as the front
 * desk works.
 *
 * - `p50_ms` / `p95_ms`: from changing the address to that day (from an empty day) until its rows
 *   are in the page and painted (a MutationObserver sees the rows, then the next frame is drawn):
 *   the `frontDesk.board` call, the render and the paint.
 * - `refresh_*`: from another session's write (a patient checked in through the RPC, as another
 *   workstation would) until the board's counts show it, painted: write, change feed, reload, render.
 * - `rpc_*`: `frontDesk.board` alone over HTTP, for comparison.
 *
 * The host serves the built renderer: `npm run build:renderer` first (or set E2E_RENDERER_DIR to a
 * build of your own, as for the e2e tests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import playwrightConfig from '../../playwright.config';
import { addDays } from '../../src-shared/scheduling/clinic-time';
import { npiCheckDigit } from '../../src-shared/validation/npi';
import { rpcValue, startHost, type RunningHost } from '../e2e/support/host';
import { randomInt, seededRandom } from '../support/seeded-random';
import { percentile, round, type Benchmark } from './harness';

const ZONE = 'America/New_York';
const PROVIDERS = 20;
const PER_PROVIDER = 20;
const ROOMS = 12;
const RUNS = 30;
const WARM_UP = 3;
const EVERY_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const ADMIN = { clinicName: 'Bench Family Practice', displayName: 'Bench Admin', username: 'bench.admin', password: 'Quiet-Harbor-Lantern-92' };
const GIVEN = ['Maria', 'Sam', 'Lee', 'Noor', 'Ada', 'Grace', 'Omar', 'Ines', 'Tomas', 'Yuki', 'Priya', 'Jonas', 'Leila', 'Mateo', 'Hana', 'Ravi', 'Elena', 'Kofi', 'Sara', 'Ivan'];
const FAMILY = ['Lopez', 'Okafor', 'Park', 'Haddad', 'Novak', 'Silva', 'Khan', 'Berg', 'Moreau', 'Tanaka', 'Rossi', 'Adeyemi', 'Kowalski', 'Nguyen', 'Larsen', 'Costa', 'Fischer', 'Sato', 'Mensah', 'Walsh'];

/** A valid NPI per provider (they must differ). */
const npiFor = (n: number) => {
  const first = String(123456000 + n);
  return `${first}${npiCheckDigit(first)}`;
};
const clinicToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const timings = (prefix: string, times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { [`${prefix}p50_ms`]: round(percentile(sorted, 50)), [`${prefix}p95_ms`]: round(percentile(sorted, 95)) };
};

/** 400 appointments today for 20 providers, through the contract; returns the ids still booked (for the refresh runs). */
async function seedDay(host: RunningHost, today: string): Promise<string[]> {
  const random = seededRandom(6);
  const allDay = Object.fromEntries(EVERY_DAY.map((day) => [day, { from: '00:00', to: '24:00' }]));
  await rpcValue(host, 'settings.update', { timeZone: ZONE, openingHours: allDay });
  const rooms: string[] = [];
  for (let i = 1; i <= ROOMS; i++) rooms.push((await rpcValue<{ id: string }>(host, 'schedule.resources.create', { kind: 'room', name: `Exam ${i}` })).id);
  const typeId = (await rpcValue<{ id: string }>(host, 'schedule.types.create', { name: 'Standard visit', durationMinutes: 20, color: '#1f9d55', overbookRule: 'never' })).id;
  const payer = await rpcValue<{ id: string }>(host, 'payers.create', { name: 'Blue Harbor Health', ediPayerId: 'BHH01' });
  const booked: string[] = [];
  let roomed = 0;
  for (let p = 0; p < PROVIDERS; p++) {
    const providerId = (await rpcValue<{ id: string }>(host, 'providers.create', { givenName: GIVEN[p]!, familyName: `${FAMILY[p]!}son`, credentials: 'MD', npi: npiFor(p) })).id;
    await rpcValue(host, 'schedule.templates.save', { providerId, days: Object.fromEntries(EVERY_DAY.map((day) => [day, { hours: [{ from: '00:00', to: '24:00' }] }])) });
    for (let k = 0; k < PER_PROVIDER; k++) {
      const n = p * PER_PROVIDER + k;
      const patientId = (
        await rpcValue<{ id: string }>(host, 'patients.create', {
          givenName: GIVEN[n % GIVEN.length]!,
          familyName: FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]!,
          dateOfBirth: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`,
          confirmNewPatient: true,
        })
      ).id;
      if (n % 2 === 0) await rpcValue(host, 'coverages.add', { patientId, payerId: payer.id, rank: 'primary', memberId: `BHH-${100000 + n}` });
      const { id } = await rpcValue<{ id: string }>(host, 'appointments.book', { patientId, providerId, appointmentTypeId: typeId, date: today, time: hhmm(7 * 60 + 20 * k) });
      // The morning's visits have moved on; the afternoon's are still to come.
      if (k < 7) {
        await rpcValue(host, 'frontDesk.checkIn', {
          appointmentId: id,
          idempotencyKey: crypto.randomUUID(),
          identityChecked: true,
          insurance: { kind: 'self_pay' },
          consentsSigned: random() < 0.8 ? ['privacy_notice', 'treatment', 'financial_policy'] : ['treatment'],
          copay: random() < 0.5 ? { amountCents: 2500, method: 'cash' } : null,
        });
        const step = randomInt(random, 4);
        if (step >= 1 && roomed < ROOMS) await rpcValue(host, 'appointments.setStatus', { id, status: 'roomed', roomId: rooms[roomed++] });
        if (step >= 2) await rpcValue(host, 'appointments.setStatus', { id, status: 'with_provider' });
        if (step >= 3) await rpcValue(host, 'appointments.setStatus', { id, status: 'checked_out' });
      } else booked.push(id);
    }
    process.stderr.write(`bench: frontdesk seeded ${(p + 1) * PER_PROVIDER} / ${PROVIDERS * PER_PROVIDER} appointments\n`);
  }
  return booked;
}

async function signIn(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  const form = page.getByTestId('signin-form');
  await form.getByLabel('Username').fill(ADMIN.username);
  await form.getByLabel('Password').fill(ADMIN.password);
  await form.getByLabel('Password').press('Enter');
  await page.getByRole('navigation', { name: 'Areas' }).waitFor();
}

interface Wanted {
  hash?: string;
  date: string;
  rows?: number;
  /** The "Arrived" count to wait for (a check-in from another session raises it). */
  arrived?: number;
}

/**
 * Installed in the page as plain text (the bench runs through tsx, whose helpers do not exist in
 * the page): go to `hash` and resolve once the board of `date` shows `rows` rows (or, with
 * `arrived`, that count) and the next frame has been painted. Resolves to the milliseconds from
 * the address change (or from the call, without `hash`) until then; fails after 10 seconds.
 */
const PAINTED_SCRIPT = `
window.boardPainted = function (wanted) {
  return new Promise(function (resolve, reject) {
    var started = performance.now();
    var timer = setTimeout(function () { observer.disconnect(); reject(new Error('the board did not show ' + JSON.stringify(wanted))); }, 10000);
    function shown() {
      var table = document.querySelector('[data-testid="board-rows"]');
      if (!table || table.dataset.date !== wanted.date) return false;
      if (wanted.arrived !== undefined) {
        var count = document.querySelector('[data-testid="board-count-arrived"] .board-count-value');
        return count !== null && count.textContent === String(wanted.arrived);
      }
      return Number(table.dataset.count) === wanted.rows && (wanted.rows === 0 || table.querySelector('[data-testid="board-row"]') !== null);
    }
    function painted() {
      clearTimeout(timer);
      requestAnimationFrame(function () { setTimeout(function () { resolve(performance.now() - started); }, 0); });
    }
    var observer = new MutationObserver(function () {
      if (!shown()) return;
      observer.disconnect();
      painted();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-date', 'data-count'] });
    if (wanted.hash) window.location.hash = wanted.hash;
    else if (shown()) { observer.disconnect(); painted(); }
  });
};`;

const untilPainted = (page: Page, wanted: Wanted) => page.evaluate((w) => (window as unknown as { boardPainted(w: Wanted): Promise<number> }).boardPainted(w), wanted);

export const frontDeskBenchmarks: Benchmark[] = [
  {
    name: 'frontdesk.board',
    run: async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'clinic-bench-frontdesk-'));
      const host = await startHost(path.join(root, 'data'));
      const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
      try {
        await rpcValue(host, 'setup.createFirstAdmin', ADMIN);
        await host.signIn(ADMIN.username, ADMIN.password);
        const today = clinicToday();
        const empty = addDays(today, 1);
        const booked = await seedDay(host, today);
        const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
        await page.addInitScript({ content: PAINTED_SCRIPT });
        await signIn(page, host);
        const rows = PROVIDERS * PER_PROVIDER;

        const navigation: number[] = [];
        for (let run = 0; run < WARM_UP + RUNS; run++) {
          await untilPainted(page, { hash: `#/front-desk/board/${empty}`, date: empty, rows: 0 });
          const ms = await untilPainted(page, { hash: `#/front-desk/board/${today}`, date: today, rows });
          if (run >= WARM_UP) navigation.push(ms);
        }
        const rendered = await page.locator('[data-testid="board-row"]').count();

        const refresh: number[] = [];
        let arrived = (await rpcValue<{ counts: { arrived: number } }>(host, 'frontDesk.board', { date: today })).counts.arrived;
        for (const appointmentId of booked.slice(0, WARM_UP + RUNS)) {
          const painted = untilPainted(page, { date: today, arrived: ++arrived });
          const started = performance.now();
          await rpcValue(host, 'frontDesk.checkIn', { appointmentId, idempotencyKey: crypto.randomUUID(), identityChecked: true, insurance: { kind: 'self_pay' } });
          await painted;
          refresh.push(performance.now() - started);
        }

        const rpc: number[] = [];
        for (let run = 0; run < WARM_UP + RUNS; run++) {
          const started = performance.now();
          await rpcValue(host, 'frontDesk.board', { date: today });
          rpc.push(performance.now() - started);
        }
        return {
          appointments: rows,
          runs: RUNS,
          rows_rendered: rendered,
          ...timings('', navigation),
          ...timings('refresh_', refresh.slice(WARM_UP)),
          ...timings('rpc_', rpc.slice(WARM_UP)),
        };
      } finally {
        await browser.close();
        await host.stop();
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
];
