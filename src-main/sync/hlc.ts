/**
 * Hybrid logical clock: wall-clock milliseconds + a counter + the device id, written at fixed
 * width so that comparing two timestamps as strings compares them in time order.
 * Example: `001764186975123-00000-3f9a0c1d2e4b5a69`.
 */
const MS_WIDTH = 15;
const COUNTER_WIDTH = 5;
const MAX_COUNTER = 10 ** COUNTER_WIDTH - 1;
const DEVICE_ID = /^[0-9a-f]{16}$/;
const HLC_TEXT = /^(\d{15})-(\d{5})-([0-9a-f]{16})$/;

/** How far ahead of this machine's wall clock a timestamp may be before it is refused. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60_000;

export interface HlcParts {
  ms: number;
  counter: number;
  deviceId: string;
}

export class ClockDriftError extends Error {
  constructor(readonly aheadByMs: number) {
    super(
      `A change is stamped ${Math.round(aheadByMs / 60_000)} minutes ahead of this computer's clock; ` +
        'check the date and time settings of this computer.',
    );
    this.name = 'ClockDriftError';
  }
}

export function isDeviceId(text: string): boolean {
  return DEVICE_ID.test(text);
}

export function formatHlc({ ms, counter, deviceId }: HlcParts): string {
  return `${String(ms).padStart(MS_WIDTH, '0')}-${String(counter).padStart(COUNTER_WIDTH, '0')}-${deviceId}`;
}

export function parseHlc(text: string): HlcParts {
  const match = HLC_TEXT.exec(text);
  if (!match) throw new Error('Malformed HLC timestamp');
  return { ms: Number(match[1]), counter: Number(match[2]), deviceId: match[3] ?? '' };
}

export class HybridLogicalClock {
  private last: HlcParts;

  /**
   * @param latestSeen the greatest timestamp already recorded (from the op log), so the clock
   *   never goes backwards across restarts.
   */
  constructor(
    readonly deviceId: string,
    private readonly wallClock: () => number,
    latestSeen?: string | null,
    private readonly maxDriftMs = MAX_CLOCK_DRIFT_MS,
  ) {
    if (!isDeviceId(deviceId)) throw new Error('Device id must be 16 lowercase hex digits');
    const seen = latestSeen ? parseHlc(latestSeen) : null;
    this.last = { ms: seen?.ms ?? 0, counter: seen?.counter ?? 0, deviceId };
  }

  /** A new timestamp for a local event, later than every timestamp seen so far. */
  now(): string {
    const wall = this.wallClock();
    this.refuseDrift(this.last.ms, wall);
    if (wall > this.last.ms) {
      this.last = { ms: wall, counter: 0, deviceId: this.deviceId };
    } else {
      this.advanceCounter(this.last.ms);
    }
    return formatHlc(this.last);
  }

  /** Takes in a timestamp from another device so later local events sort after it. */
  receive(remote: string): void {
    const { ms, counter } = parseHlc(remote);
    const wall = this.wallClock();
    this.refuseDrift(ms, wall);
    if (ms > this.last.ms || (ms === this.last.ms && counter > this.last.counter)) {
      this.last = { ms, counter, deviceId: this.deviceId };
    }
  }

  private advanceCounter(ms: number): void {
    if (this.last.counter < MAX_COUNTER) {
      this.last = { ms, counter: this.last.counter + 1, deviceId: this.deviceId };
    } else {
      this.last = { ms: ms + 1, counter: 0, deviceId: this.deviceId };
    }
  }

  private refuseDrift(ms: number, wall: number): void {
    if (ms - wall > this.maxDriftMs) throw new ClockDriftError(ms - wall);
  }
}
