/**
 * A short-lived, bounded in-isolate memo of key-table lookups, so a busy isolate does not go to
 * KV on every request, and concurrent requests with one key share one KV read. Found keys are
 * remembered for MEMO_TTL_MS. Revocation does not wait for it: the Worker consults the memo only
 * for keys its own script admits (live-keys.ts), so it cannot outlive the live set; an edited
 * entry's old copy is refused by its version (docs/front-door.md, "How fast a key change is
 * seen"). Entries not found (KV not caught up with a new key) only for NEGATIVE_TTL_MS.
 */
export const MEMO_TTL_MS = 2_000;
export const NEGATIVE_TTL_MS = 1_000;
export const MEMO_MAX_ENTRIES = 10_000;

interface Memoised<T> {
  value: Promise<T>;
  until: number;
  /** Used since it was last passed over for eviction (a hit sets it: no reordering on the hot path). */
  used: boolean;
}

/**
 * Evicts in least-recently-used order, approximated the way the "clock" algorithm does: the Map
 * keeps insertion order, a hit only marks its entry, and eviction moves marked entries to the
 * back (unmarked) until it finds an unmarked one, the least recently used of those left.
 */
export class KeyMemo<T> {
  private readonly entries = new Map<string, Memoised<T>>();

  /** `ttlOf` says how long a loaded value may be served from memory. */
  constructor(
    private readonly ttlOf: (value: T) => number,
    private readonly maxEntries = MEMO_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The memoised value for `digest`, or the loader's (one load at a time per digest). */
  get(digest: string, load: () => Promise<T>, now: number = Date.now()): Promise<T> {
    const hit = this.entries.get(digest);
    if (hit && hit.until > now) {
      hit.used = true;
      return hit.value;
    }
    if (hit) this.entries.delete(digest);
    // Bounded: a flood of made-up keys pushes out the least recently used entries, one for one,
    // while the keys in use stay (issue 22: it used to forget them all at once).
    else if (this.entries.size >= this.maxEntries) this.evictOne();
    const entry: Memoised<T> = { value: load(), until: Number.POSITIVE_INFINITY, used: false };
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

  private evictOne(): void {
    for (const [digest, entry] of this.entries) {
      this.entries.delete(digest);
      if (!entry.used) return;
      entry.used = false;
      this.entries.set(digest, entry);
    }
  }
}
