/**
 * A short-lived, bounded in-isolate memo of key-table lookups, so a busy isolate does not go to
 * KV on every request. It bounds how stale an answer may be: a revoked or changed key is seen
 * within MEMO_TTL_MS here plus KV's own edge cache (cacheTtl) plus KV propagation.
 */
export const MEMO_TTL_MS = 10_000;
export const MEMO_MAX_ENTRIES = 10_000;

export class KeyMemo<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs = MEMO_TTL_MS,
    private readonly maxEntries = MEMO_MAX_ENTRIES,
  ) {}

  /** The memoised value for `digest`, or the loader's, remembered until now + ttl. */
  async get(digest: string, load: () => Promise<T>, now: number = Date.now()): Promise<T> {
    const hit = this.entries.get(digest);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    // Bounded: a flood of made-up keys can only reset the memo, never grow it without limit.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(digest, { value, until: now + this.ttlMs });
    return value;
  }
}
