/**
 * A verified window cut into equal slices for its re-checks. A late log makes a window's count
 * rise; reading the whole window again costs its pages (500 for 25,000 logs), probing its slices
 * costs one call each and reading again only the slices that grew costs their pages. Slices are
 * at least a minute long, at most SLICES per window.
 */
import { MAX_PER_PAGE } from "./cloudflare-logs";
import type { CountedEntry } from "./gateway-log";
import type { Range } from "./range-read";
import { MINUTE } from "./windows";

export const SLICES = 15;

/** The slices of a range: equal in length to the millisecond, the last taking the remainder. */
export function slicesOf(range: Range): Range[] {
  const n = Math.max(1, Math.min(SLICES, Math.floor((range.end - range.start) / MINUTE)));
  const length = Math.floor((range.end - range.start) / n);
  return Array.from({ length: n }, (_, i) => ({ start: range.start + i * length, end: i === n - 1 ? range.end : range.start + (i + 1) * length }));
}

/** How many of the entries fall in each slice. */
export function sliceCounts(range: Range, entries: readonly CountedEntry[]): number[] {
  const n = slicesOf(range).length;
  const length = Math.floor((range.end - range.start) / n);
  const counts: number[] = new Array(n).fill(0);
  for (const e of entries) if (e.atMs >= range.start && e.atMs < range.end) counts[Math.min(n - 1, Math.floor((e.atMs - range.start) / length))]++;
  return counts;
}

/** Whether probing the slices costs fewer calls than reading the window's `count` logs again. */
export const worthSlicing = (count: number, slices: number): boolean => slices > 1 && Math.ceil(count / MAX_PER_PAGE) > slices + 1;

/** A window's kept slice counts, when they fit its slices and probing them is worth it (else it is read whole). */
export function usableSlices(range: Range, slices: number[] | undefined): number[] | undefined {
  return slices?.length === slicesOf(range).length && worthSlicing(slices.reduce((a, b) => a + b, 0), slices.length) ? slices : undefined;
}
