/**
 * One run's budget of Cloudflare API calls, shared by every read, probe and retry of the run.
 *
 * Cloudflare allows 1,200 calls per 5 minutes per token and answers the call over the limit, and
 * every call for the next five minutes, with 429 (https://developers.cloudflare.com/fundamentals/api/reference/limits/;
 * `retry-after` gives the seconds left, `Ratelimit: "default";r=<left>;t=<reset s>` the quota).
 * The exporter paces itself below that on a sliding five-minute window that carries over from the
 * previous run (through the checkpoint), and never starts a call it could not finish before the
 * run's deadline: the run stops early and publishes what it exported instead of being killed.
 */
import { CLOUDFLARE_API_LIMIT } from "./contract";

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** Calls per five minutes the exporter allows itself: Cloudflare's 1,200 less room for retries and people using the API. */
export const PACED_CALLS = 1000;
const WINDOW_MS = CLOUDFLARE_API_LIMIT.windowSeconds * 1000;

/** Thrown when the run has no time left for another call. `apiLimit`: it ran out waiting on the API limit. */
export class OutOfTime extends Error {
  constructor(readonly apiLimit: boolean) {
    super(apiLimit ? "stopped: waiting for Cloudflare's API limit would pass the run's deadline" : "stopped: the run's deadline is near");
  }
}

export class ApiBudget {
  private readonly calls: number[];
  /** True once the run stopped, or waited, because of the API limit. */
  stalled = false;
  /** 429 answers received. */
  rateLimited = 0;

  constructor(
    private readonly clock: Clock,
    /** Epoch ms after which no call starts. */
    readonly deadline: number,
    private readonly perWindow = PACED_CALLS,
    /** Epoch ms of calls made by earlier runs (from the checkpoint). */
    earlier: readonly number[] = [],
    /** Epoch ms until which Cloudflare blocks us (a 429 in an earlier run). */
    public blockedUntil = 0,
  ) {
    this.calls = [...earlier].sort((a, b) => a - b);
  }

  /** Waits until one more call is allowed, then counts it. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.calls.length && this.calls[0] <= now - WINDOW_MS) this.calls.shift();
      if (now >= this.deadline) throw new OutOfTime(false);
      const until = Math.max(this.blockedUntil, this.calls.length >= this.perWindow ? this.calls[0] + WINDOW_MS : 0);
      if (until <= now) {
        this.calls.push(now);
        return;
      }
      this.stalled = true;
      if (until >= this.deadline) throw new OutOfTime(true);
      await this.clock.sleep(until - now);
    }
  }

  /** Cloudflare blocked us (429): no call before `seconds` from now (five minutes when it does not say). */
  block(seconds: number | undefined): void {
    this.rateLimited++;
    this.stalled = true;
    const wait = seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : CLOUDFLARE_API_LIMIT.blockSeconds;
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + wait * 1000);
  }

  private callMs = 0;
  private callCount = 0;

  /** Records how long a call took (its answer included), for remaining(). */
  observe(ms: number): void {
    this.callMs += ms;
    this.callCount++;
  }

  /**
   * Calls that can still be made before the deadline: the paced limit's slots (each of the
   * window's calls frees its slot five minutes later), and no more than the calls' observed
   * duration leaves time for.
   */
  remaining(): number {
    return this.capacity().calls;
  }

  /** Whether the API limit, rather than the time left, is what bounds remaining(). */
  limitBinds(): boolean {
    return this.capacity().byLimit;
  }

  private capacity(): { calls: number; byLimit: boolean } {
    const now = this.clock.now();
    const start = Math.max(now, this.blockedUntil);
    if (start >= this.deadline) return { calls: 0, byLimit: this.blockedUntil > now };
    const slots = (free: number) => (free < this.deadline ? Math.floor((this.deadline - 1 - free) / WINDOW_MS) + 1 : 0);
    let held = 0;
    let paced = 0;
    for (const t of this.calls) {
      if (t <= now - WINDOW_MS) continue;
      held++;
      paced += slots(Math.max(start, t + WINDOW_MS));
    }
    paced += Math.max(0, this.perWindow - held) * slots(start);
    const average = this.callCount ? this.callMs / this.callCount : 0;
    const timed = average > 0 ? Math.floor((this.deadline - start) / average) : Number.POSITIVE_INFINITY;
    return { calls: Math.min(paced, timed), byLimit: paced < timed };
  }

  /** Calls of the last five minutes, for the next run. */
  recent(): number[] {
    const now = this.clock.now();
    return this.calls.filter((t) => t > now - WINDOW_MS);
  }
}
