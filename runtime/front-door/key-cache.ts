/**
 * A short-lived, bounded in-isolate memo of key-table lookups, so a busy isolate does not go to
 * KV on every request, and concurrent requests with one key share one KV read. Found keys are
 * remembered for MEMO_TTL_MS (a revoked or changed key is seen within that, plus KV's own edge
 * cache and propagation); unknown keys only for NEGATIVE_TTL_MS, so a key tried just before it
 * is issued works a second later (KV's own cache may still hold the miss: docs/front-door.md).
 */
export const MEMO_TTL_MS = 10_000;
export const NEGATIVE_TTL_MS = 1_000;
export const MEMO_MAX_ENTRIES = 10_000;

export class KeyMemo<T> {
  private readonly entries = new Map<string, { value: Promise<T>; until: number }>();

  /** `ttlOf` says how long a loaded value may be served from memory. */
  constructor(
    private readonly ttlOf: (value: T) => number,
    private readonly maxEntries = MEMO_MAX_ENTRIES,
  ) {}

  /** The memoised value for `digest`, or the loader's (one load at a time per digest). */
  get(digest: string, load: () => Promise<T>, now: number = Date.now()): Promise<T> {
    const hit = this.entries.get(digest);
    if (hit && hit.until > now) return hit.value;
    // Bounded: a flood of made-up keys can only reset the memo, never grow it without limit.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry = { value: load(), until: Number.POSITIVE_INFINITY };
    this.entries.set(digest, entry);
    entry.value.then(
      (value) => {
        entry.until = now + this.ttlOf(value);
      },
      () => {
        if (this.entries.get(digest) === entry) this.entries.delete(digest);
      },
    );
    return entry.value;
  }
}
