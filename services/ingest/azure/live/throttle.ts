/**
 * Resource Graph throttling. ARG enforces a per-user quota and reports it on every response:
 * `x-ms-user-quota-remaining` (queries left in the window) and `x-ms-user-quota-resets-after` (`hh:mm:ss` until the
 * window resets). When the remaining quota reaches 0 the next query waits for the reset instead of being rejected;
 * a 429 waits for `Retry-After` (seconds or HTTP date; `retry-after-ms` / `x-ms-retry-after-ms` when given) or, if
 * absent, for the quota reset, then retries.
 */

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `hh:mm:ss` (optionally with fractional seconds or a day prefix `d.hh:mm:ss`) → milliseconds. */
export function parseResetsAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const match = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return Math.round(((Number(days ?? 0) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000);
}

export interface HeaderReader {
  get(name: string): string | undefined | null;
}

/** How long a 429 asks us to wait, in ms. */
export function retryAfterMs(headers: HeaderReader | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name) ?? NaN);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return parseResetsAfter(headers.get('x-ms-user-quota-resets-after') ?? undefined);
}

export class QuotaGate {
  private resumeAt = 0;
  /** Every wait the gate imposed, in ms (reported by the collector). */
  readonly waits: number[] = [];

  constructor(
    private readonly sleep: Sleep,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits until the quota window has reset, if the last response said it was exhausted. */
  async ready(): Promise<void> {
    const wait = this.resumeAt - this.now();
    this.resumeAt = 0;
    if (wait > 0) await this.wait(wait);
  }

  /** Milliseconds still to wait for the quota window (0 when none). Clears it: the caller takes over the wait. */
  takePending(): number {
    const wait = Math.max(0, this.resumeAt - this.now());
    this.resumeAt = 0;
    return wait;
  }

  async wait(ms: number): Promise<void> {
    this.waits.push(ms);
    await this.sleep(ms);
  }

  /** Reads the quota headers of a response. */
  observe(headers: HeaderReader | undefined): void {
    const remaining = headers?.get('x-ms-user-quota-remaining');
    if (remaining === undefined || remaining === null || remaining === '') return;
    if (Number(remaining) <= 0) {
      const resetMs = parseResetsAfter(headers?.get('x-ms-user-quota-resets-after') ?? undefined) ?? 5000;
      this.resumeAt = Math.max(this.resumeAt, this.now() + resetMs);
    }
  }
}
