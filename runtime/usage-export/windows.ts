/**
 * The time grid the exporter works on. Windows ("cells") are aligned to the UTC hour, never cross
 * one, and each starts where the previous one ended, so a cell's bounds depend only on the
 * checkpoint: re-running after a failure recomputes the same cell and overwrites the same objects.
 */
export interface Cell {
  start: Date;
  end: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Divisors of 60, so cells tile every hour exactly. */
const CELL_SIZES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

/** Cloudflare's logs and analytics lag by minutes: only windows at least this old are read. */
export const CLOSED_AFTER_MINUTES = 10;

/** Largest divisor of 60 not above the schedule interval (an hour for daily schedules). */
export function cellMinutesFor(exportEveryMinutes: number): number {
  if (!Number.isInteger(exportEveryMinutes) || exportEveryMinutes < 1) throw new Error(`exportEveryMinutes must be a positive integer, got ${exportEveryMinutes}`);
  return CELL_SIZES.filter((size) => size <= exportEveryMinutes).pop() ?? 1;
}

/**
 * Cells per invocation: enough to keep up with the schedule plus room to catch up eight times as fast
 * after an outage, bounded so one invocation stays short.
 */
export function maxCellsPerRunFor(exportEveryMinutes: number, cellMinutes = cellMinutesFor(exportEveryMinutes)): number {
  return Math.min(96, Math.ceil(exportEveryMinutes / cellMinutes) * 8);
}

/** The end of the cell that starts at `start`: the next grid line of `cellMinutes` within the hour. */
export function cellEnd(start: Date, cellMinutes: number): Date {
  const ms = start.getTime();
  const hourStart = Math.floor(ms / HOUR) * HOUR;
  const next = hourStart + (Math.floor((ms - hourStart) / (cellMinutes * MINUTE)) + 1) * cellMinutes * MINUTE;
  return new Date(Math.min(next, hourStart + HOUR));
}

/** Cells from `from` that are closed at `now`, at most `maxCells` of them. */
export function planCells(from: Date, now: Date, cellMinutes: number, maxCells: number, closedAfterMinutes = CLOSED_AFTER_MINUTES): Cell[] {
  const closedUntil = now.getTime() - closedAfterMinutes * MINUTE;
  const cells: Cell[] = [];
  let start = from;
  while (cells.length < maxCells) {
    const end = cellEnd(start, cellMinutes);
    if (end.getTime() > closedUntil) break;
    cells.push({ start, end });
    start = end;
  }
  return cells;
}

/** Where an environment without a checkpoint starts: the beginning of the current UTC month, so month-to-date is whole. */
export function defaultStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export const monthOf = (date: Date): string => date.toISOString().slice(0, 7);
export const dateOf = (date: Date): string => date.toISOString().slice(0, 10);
