import { describe, expect, it } from 'vitest';
import {
  ClockDriftError,
  HybridLogicalClock,
  MAX_CLOCK_DRIFT_MS,
  formatHlc,
  isDeviceId,
  parseHlc,
  type HlcParts,
} from '../../../src-main/sync/hlc';
import { randomHex, randomInt, seededRandom } from '../../support/seeded-random';

const DEVICE = '3f9a0c1d2e4b5a69';
const OTHER_DEVICE = '0123456789abcdef';
const T0 = Date.UTC(2026, 2, 2, 15, 4, 5);

/** A wall clock the test moves by hand. */
function manualWall(start = T0) {
  const wall = { now: start };
  return { wall, read: () => wall.now };
}

function compareParts(a: HlcParts, b: HlcParts): number {
  return a.ms - b.ms || a.counter - b.counter || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);
}

function expectStrictlyIncreasing(stamps: string[]): void {
  for (let i = 1; i < stamps.length; i++) {
    expect(stamps[i]! > stamps[i - 1]!, `${stamps[i]} after ${stamps[i - 1]}`).toBe(true);
    expect(compareParts(parseHlc(stamps[i]!), parseHlc(stamps[i - 1]!))).toBeGreaterThan(0);
  }
}

describe('HLC text', () => {
  it('is fixed width and its string order is time order, over many random stamps', () => {
    const random = seededRandom(42);
    const parts: HlcParts[] = [];
    for (let i = 0; i < 5_000; i++) {
      // Mix the whole range with near neighbours that differ only in a low position.
      const ms = i % 3 === 0 ? randomInt(random, 10 ** 15) : T0 + randomInt(random, 3);
      parts.push({ ms, counter: randomInt(random, i % 2 ? 100_000 : 3), deviceId: randomHex(random, 16) });
    }
    const texts = parts.map(formatHlc);
    const widths = new Set(texts.map((t) => t.length));
    expect(widths.size).toBe(1);
    const byString = [...texts].sort();
    const byTime = [...parts].sort(compareParts).map(formatHlc);
    expect(byString).toEqual(byTime);
  });

  it('round-trips through parseHlc', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 1_000; i++) {
      const p = { ms: randomInt(random, 10 ** 15), counter: randomInt(random, 100_000), deviceId: randomHex(random, 16) };
      expect(parseHlc(formatHlc(p))).toEqual(p);
    }
  });

  it('refuses malformed text', () => {
    const good = formatHlc({ ms: T0, counter: 1, deviceId: DEVICE });
    for (const bad of ['', 'nonsense', good.toUpperCase(), good.slice(1), `${good}0`, good.replace('-', '_'), ` ${good}`]) {
      expect(() => parseHlc(bad), bad).toThrow();
    }
  });
});

describe('HybridLogicalClock.now', () => {
  it('follows the wall clock when it moves forward', () => {
    const { wall, read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    const first = parseHlc(clock.now());
    wall.now += 10;
    const second = parseHlc(clock.now());
    expect(first).toEqual({ ms: T0, counter: 0, deviceId: DEVICE });
    expect(second).toEqual({ ms: T0 + 10, counter: 0, deviceId: DEVICE });
  });

  it('stays strictly increasing while the wall clock stands still', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    const stamps = Array.from({ length: 1_000 }, () => clock.now());
    expectStrictlyIncreasing(stamps);
    expect(parseHlc(stamps.at(-1)!).ms).toBe(T0);
  });

  it('stays strictly increasing while the wall clock goes backwards (within the drift limit)', () => {
    const { wall, read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    const stamps = [clock.now()];
    for (let i = 0; i < 100; i++) {
      wall.now -= 1_000;
      stamps.push(clock.now());
    }
    expectStrictlyIncreasing(stamps);
    expect(parseHlc(stamps.at(-1)!).ms).toBe(T0);
  });

  it('moves to the next millisecond when the counter is full', () => {
    const { read } = manualWall();
    const full = formatHlc({ ms: T0, counter: 99_998, deviceId: DEVICE });
    const clock = new HybridLogicalClock(DEVICE, read, full);
    const stamps = [full, clock.now(), clock.now(), clock.now()];
    expectStrictlyIncreasing(stamps);
    expect(stamps.slice(1).map(parseHlc)).toEqual([
      { ms: T0, counter: 99_999, deviceId: DEVICE },
      { ms: T0 + 1, counter: 0, deviceId: DEVICE },
      { ms: T0 + 1, counter: 1, deviceId: DEVICE },
    ]);
  });

  it('keeps every stamp the same width through a full counter', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    const stamps = Array.from({ length: 100_002 }, () => clock.now());
    expect(new Set(stamps.map((s) => s.length)).size).toBe(1);
    expect(parseHlc(stamps.at(-1)!)).toEqual({ ms: T0 + 1, counter: 1, deviceId: DEVICE });
    expectStrictlyIncreasing([stamps[0]!, stamps[99_999]!, stamps[100_000]!, stamps[100_001]!]);
  });

  it('resumes after a restart from the latest stamp seen, even if the wall clock is now behind it', () => {
    const { wall, read } = manualWall();
    const before = new HybridLogicalClock(DEVICE, read);
    let latest = '';
    for (let i = 0; i < 5; i++) latest = before.now();
    wall.now -= 60_000;
    const after = new HybridLogicalClock(DEVICE, read, latest);
    const next = after.now();
    expect(next > latest).toBe(true);
    expect(parseHlc(next)).toEqual({ ms: T0, counter: parseHlc(latest).counter + 1, deviceId: DEVICE });
  });

  it('resumes from a stamp of another device without taking its device id', () => {
    const { read } = manualWall();
    const latest = formatHlc({ ms: T0, counter: 4, deviceId: 'ffffffffffffffff' });
    const next = new HybridLogicalClock(DEVICE, read, latest).now();
    expect(parseHlc(next)).toEqual({ ms: T0, counter: 5, deviceId: DEVICE });
    expect(next > latest).toBe(true);
  });

  it('uses the wall clock after a restart when it is ahead of the latest stamp', () => {
    const { wall, read } = manualWall();
    const latest = formatHlc({ ms: T0, counter: 9, deviceId: DEVICE });
    wall.now += 5;
    expect(parseHlc(new HybridLogicalClock(DEVICE, read, latest).now())).toEqual({ ms: T0 + 5, counter: 0, deviceId: DEVICE });
  });

  it('refuses a bad device id', () => {
    const { read } = manualWall();
    for (const bad of ['', '3f9a0c1d2e4b5a6', '3f9a0c1d2e4b5a690', '3F9A0C1D2E4B5A69', '3f9a0c1d2e4b5a6g', '3f9a-0c1d2e4b5a6']) {
      expect(isDeviceId(bad), bad).toBe(false);
      expect(() => new HybridLogicalClock(bad, read), bad).toThrow();
    }
    expect(isDeviceId(DEVICE)).toBe(true);
  });
});

describe('HybridLogicalClock.receive', () => {
  it('sorts later local stamps after a remote stamp ahead of the wall clock', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    clock.now();
    const remote = formatHlc({ ms: T0 + 30_000, counter: 7, deviceId: OTHER_DEVICE });
    clock.receive(remote);
    const next = clock.now();
    expect(next > remote).toBe(true);
    expect(parseHlc(next)).toEqual({ ms: T0 + 30_000, counter: 8, deviceId: DEVICE });
  });

  it('sorts after a remote stamp in the same millisecond with a higher counter', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    clock.now();
    const remote = formatHlc({ ms: T0, counter: 500, deviceId: 'ffffffffffffffff' });
    clock.receive(remote);
    expect(clock.now() > remote).toBe(true);
  });

  it('sorts after a remote stamp equal to its own latest (ms and counter) from a higher device id', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    const mine = parseHlc(clock.now());
    const remote = formatHlc({ ...mine, deviceId: 'ffffffffffffffff' });
    clock.receive(remote);
    expect(clock.now() > remote).toBe(true);
  });

  it('does not move back for an older remote stamp', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    const stamps = [clock.now(), clock.now()];
    clock.receive(formatHlc({ ms: T0 - 60_000, counter: 99, deviceId: OTHER_DEVICE }));
    stamps.push(clock.now());
    expectStrictlyIncreasing(stamps);
  });

  it('sets the drift limit at five minutes', () => {
    expect(MAX_CLOCK_DRIFT_MS).toBe(5 * 60_000);
  });

  it('accepts a remote stamp exactly at the drift limit and refuses one beyond it with ClockDriftError', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    clock.receive(formatHlc({ ms: T0 + MAX_CLOCK_DRIFT_MS, counter: 0, deviceId: OTHER_DEVICE }));
    expect(parseHlc(clock.now()).ms).toBe(T0 + MAX_CLOCK_DRIFT_MS);

    const other = new HybridLogicalClock(DEVICE, read);
    const before = other.now();
    const tooFar = formatHlc({ ms: T0 + MAX_CLOCK_DRIFT_MS + 1, counter: 0, deviceId: OTHER_DEVICE });
    expect(() => other.receive(tooFar)).toThrow(ClockDriftError);
    expect(() => other.receive(formatHlc({ ms: T0 + 3_600_000, counter: 0, deviceId: OTHER_DEVICE }))).toThrow(
      /60 minutes ahead/,
    );
    const after = other.now();
    expect(after > before).toBe(true);
    expect(after < tooFar).toBe(true);
    expect(parseHlc(after).ms).toBe(T0);
  });

  it('refuses a malformed remote stamp', () => {
    const { read } = manualWall();
    const clock = new HybridLogicalClock(DEVICE, read);
    expect(() => clock.receive('not-a-stamp')).toThrow();
  });
});
