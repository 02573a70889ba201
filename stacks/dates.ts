/**
 * Dates as the whole project judges them: UTC calendar days, today injectable. Today is, in this
 * order: a policy's `today` setting (passed in), the SWITCHYARD_TODAY environment variable (to
 * preview what fails next month: `SWITCHYARD_TODAY=2027-01-01 pulumi preview --policy-pack
 * ./policies`), the clock. The policies, the plan and the CLI all ask here.
 */
import { isCalendarDate } from "./schema";

export { isCalendarDate };

export function todayUtc(setting?: string): string {
  const fromEnv = process.env.SWITCHYARD_TODAY;
  const chosen = setting ?? (fromEnv === undefined || fromEnv === "" ? undefined : fromEnv);
  if (chosen === undefined) return new Date().toISOString().slice(0, 10);
  if (!isCalendarDate(chosen)) {
    throw new Error(`today must be a YYYY-MM-DD date, got "${chosen}" (from ${setting !== undefined ? "the policy's today setting" : "SWITCHYARD_TODAY"})`);
  }
  return chosen;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days`, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "1 day" / "3 days". */
export function days(n: number): string {
  return `${n} day${Math.abs(n) === 1 ? "" : "s"}`;
}
