/**
 * Reading one time range [start, end) of gateway logs so that what was read is known to be
 * complete, or known not to be, whatever the API does with the created_at filter.
 *
 * Pages are read newest first. When the API applies the filter (every entry inside the range),
 * the read is complete when the distinct entries seen reach the API's own `total_count` (from the
 * last page read, so logs arriving meanwhile are included). Short or empty pages, `result: null`,
 * a `per_page` echoed but not served, or logs arriving above the read position all leave it short,
 * and the range is reported unverified instead of trusted.
 *
 * When the API ignores the filter (entries outside the range come back, counted as `outside`),
 * `total_count` is the whole store's: the read binary-searches the page where the range's end
 * falls, reads on until an entry older than the range's start, and is complete when every page in
 * between was full. Pages read stay bounded by log2(store pages) plus the range's own pages.
 */
import { createdAtMs, checkEntry, type CountedEntry, type QuarantinedEntry } from "./gateway-log";
import { MAX_PER_PAGE, type LogsClient, type LogsPage } from "./cloudflare-logs";

export interface Range {
  start: number;
  end: number;
}

export interface RangeRead {
  /** Entries inside the range, each once. */
  entries: CountedEntry[];
  /** Entries the API returned for the range that cannot be counted. */
  quarantined: QuarantinedEntry[];
  verified: boolean;
  /** Why the read is not verified. */
  problem?: string;
  /** The API's count for the range (when it applied the filter): what a later probe compares with. */
  apiCount?: number;
  /** Entries returned outside the requested range (the filter was not applied). */
  outside: number;
  /** Set instead of reading on when the range needs more pages than `maxPages`. */
  pagesNeeded?: number;
  /**
   * Entries the API counted for the range when the read began that the read never saw, while its
   * count fell by the end: logs deleted (the gateway's oldest) before the read reached them.
   */
  vanished?: number;
}

export interface ProbeResult {
  /** The API's count for the range, when the answer shows the filter was applied. */
  count?: number;
  outside: number;
}

/** Where an entry falls against the range [start, end) as the filter (created_at > start - 1 ms, < end) states it. */
function place(raw: unknown, range: Range): "newer" | "older" | "edge" | "inside" | "unknown" {
  const at = createdAtMs((raw as { created_at?: unknown } | null)?.created_at);
  if (!Number.isFinite(at)) return "unknown";
  if (at >= range.end) return "newer";
  if (at < range.start - 1) return "older";
  // Within the filter's first millisecond but before start: the previous range's entry.
  return at < range.start ? "edge" : "inside";
}

/** The API's count for a range: one call of one entry. */
export async function probeRange(client: LogsClient, range: Range): Promise<ProbeResult> {
  const page = await client.page({ ...range, page: 1, perPage: 1 });
  const outside = page.entries.filter((raw) => ["newer", "older"].includes(place(raw, range))).length;
  return { count: outside === 0 && !page.nullResult ? page.total : undefined, outside };
}

export interface StoreProbe {
  /** created_at of the oldest log the gateway still keeps (undefined: it keeps none, or it is unreadable). */
  oldestMs?: number;
  /** How many logs it keeps. */
  total?: number;
}

/**
 * The oldest log the gateway keeps, and how many it keeps: one call, oldest first, one entry. The
 * gateway deletes its oldest logs once it holds gateway.logs.maxStored, so a full store whose
 * oldest log is newer than a moment not yet read has deleted logs nobody read.
 */
export async function probeStore(client: LogsClient, now: number): Promise<StoreProbe> {
  const page = await client.page({ start: 0, end: now + 86_400_000, page: 1, perPage: 1, direction: "asc" });
  const at = createdAtMs((page.entries[0] as { created_at?: unknown } | undefined)?.created_at);
  return { ...(Number.isFinite(at) ? { oldestMs: at } : {}), ...(page.total === undefined ? {} : { total: page.total }) };
}

/** `maxPages`: pages the caller can still afford, asked once the first page gave the count; a larger range is not read. */
export async function readRange(client: LogsClient, range: Range, maxPages: () => number = () => Number.POSITIVE_INFINITY): Promise<RangeRead> {
  const counted = new Map<string, CountedEntry>();
  const quarantined = new Map<string, QuarantinedEntry>();
  const returned = new Set<string>();
  let outside = 0;
  let passedStart = false;
  let nullResult = false;
  let shortPage = false;
  let perPage = MAX_PER_PAGE;

  let seenTwice = 0;
  /** Milliseconds of the range a page boundary fell in (a page ends and the next begins in them): a group of their logs may straddle two pages. */
  const straddling = new Set<number>();
  let previousLast = Number.NaN;
  const atOf = (raw: unknown) => createdAtMs((raw as { created_at?: unknown } | undefined)?.created_at);
  const take = (page: LogsPage) => {
    if (page.nullResult) nullResult = true;
    const [first, last] = [atOf(page.entries[0]), atOf(page.entries[page.entries.length - 1])];
    if (first === previousLast && first >= range.start && first < range.end) straddling.add(first);
    previousLast = last;
    for (const raw of page.entries) {
      const where = place(raw, range);
      if (where === "newer" || where === "older") {
        outside++;
        if (where === "older") passedStart = true;
        continue;
      }
      const checked = checkEntry(raw);
      const id = "counted" in checked ? checked.counted.id : checked.quarantined.id;
      if (returned.has(id)) seenTwice++;
      returned.add(id);
      if (where === "edge") continue;
      if ("counted" in checked) counted.set(id, checked.counted);
      else quarantined.set(id, checked.quarantined);
    }
  };
  const fetch = (page: number) => client.page({ ...range, page, perPage });
  const lastAt = (page: LogsPage) => {
    for (let i = page.entries.length - 1; i >= 0; i--) {
      const at = createdAtMs((page.entries[i] as { created_at?: unknown } | null)?.created_at);
      if (Number.isFinite(at)) return at;
    }
    return Number.NaN;
  };

  let page = await fetch(1);
  let total = page.total;
  const firstTotal = total;
  // A server that serves fewer entries than asked pages by what it serves: ask for that from now on.
  if (page.entries.length > 0 && page.entries.length < perPage && total !== undefined && total > page.entries.length) perPage = page.entries.length;
  if (total !== undefined && maxPages() < Math.ceil(total / perPage) - 1 && !page.entries.some((raw) => place(raw, range) === "newer")) {
    return { entries: [], quarantined: [], verified: false, outside: 0, pagesNeeded: Math.ceil(total / perPage) };
  }
  let next = 2;
  if (page.entries.length === perPage && lastAt(page) >= range.end && total !== undefined) {
    // The filter was ignored and the range starts further down: find its first page.
    outside += page.entries.length;
    let [lo, hi] = [2, Math.max(2, Math.ceil(total / perPage))];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const probe = await fetch(mid);
      outside += probe.entries.length;
      if (probe.entries.length === 0 || lastAt(probe) < range.end) hi = mid;
      else lo = mid + 1;
    }
    next = lo;
    page = await fetch(next++);
    total = page.total ?? total;
  }
  take(page);
  for (;;) {
    const last = total !== undefined && (next - 1) * perPage >= total;
    if (passedStart || last || page.entries.length === 0) break;
    if (page.entries.length < perPage) shortPage = true;
    page = await fetch(next++);
    total = page.total ?? total;
    take(page);
  }

  if (outside === 0 && !nullResult && total !== undefined && returned.size < total && seenTwice > 0 && !shortPage) {
    // Entries seen twice while some were never served: the API orders logs of one millisecond
    // differently from call to call (ORDER BY created_at has no tie-breaker), so a group of them
    // across a page boundary loses some. Each millisecond a page boundary fell in (a page ends and
    // the next begins in it) is read on its own, in one page when it holds no more than a page of
    // logs. Logs arriving above the read position only repeat entries on later pages, so a group
    // they move is either whole on the next page or still straddles; what is still missing is
    // left to the window's retry, which reads only the slices the API holds more in.
    for (const at of [...straddling]) {
      const tie = { start: at, end: at + 1 };
      for (let n = 1; ; n++) {
        previousLast = Number.NaN;
        const p = await client.page({ ...tie, page: n, perPage });
        take(p);
        if (p.entries.length < perPage || p.total === undefined || n * perPage >= p.total) break;
      }
    }
    total = (await client.page({ ...range, page: 1, perPage: 1 })).total ?? total;
  }

  const entries = [...counted.values()];
  const result = { entries, quarantined: [...quarantined.values()], outside };
  if (outside === 0) {
    // The filter held: the count is the API's.
    const ties = seenTwice > 0 ? `, ${seenTwice} served twice: logs arrived during the read, or the API orders logs of the same millisecond differently between calls (more of them than a page)` : "";
    const problem = nullResult ? "the API answered result: null" : total === undefined ? "the API gave no total_count" : returned.size < total ? `read ${returned.size} of ${total} entries${ties}` : undefined;
    const vanished = firstTotal !== undefined && total !== undefined && total < firstTotal && returned.size < firstTotal ? firstTotal - returned.size : 0;
    return { ...result, verified: problem === undefined, problem, apiCount: total, ...(vanished > 0 ? { vanished } : {}) };
  }
  const reachedEnd = passedStart || page.entries.length === 0 || (total !== undefined && (next - 1) * perPage >= total);
  const problem = nullResult ? "the API answered result: null" : shortPage ? "a page came back short" : !reachedEnd ? "the read stopped before the range's start" : undefined;
  return { ...result, verified: problem === undefined, problem };
}
