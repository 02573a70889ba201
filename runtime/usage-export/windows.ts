/**
 * The time grid the exporter reads on. Windows are aligned to the UTC hour and never cross one, so
 * every window belongs to exactly one hour file. Their size follows the schedule, but nothing
 * depends on it: ledger rows are merged by log id, so windows of any size, re-read or overlapping,
 * count each log once.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The end of the window that starts at `start`: the next grid line of `windowMinutes` within its hour. */
export function windowEnd(start: number, windowMinutes: number): number {
  const hourStart = Math.floor(start / HOUR) * HOUR;
  const next = hourStart + (Math.floor((start - hourStart) / (windowMinutes * MINUTE)) + 1) * windowMinutes * MINUTE;
  return Math.min(next, hourStart + HOUR);
}

export const floorHour = (ms: number): number => Math.floor(ms / HOUR) * HOUR;
export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
export const monthStart = (month: string): number => Date.parse(`${month}-01T00:00:00Z`);
export function monthEnd(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return Date.UTC(y, m, 1);
}
export const previousMonth = (month: string): string => monthOf(monthStart(month) - 1);
export const iso = (ms: number): string => new Date(ms).toISOString();
