/**
 * The `--today` option every dated command takes: a real calendar date, or, where the command
 * needs one, today in UTC (SWITCHYARD_TODAY pins it for reproducible runs).
 */
import { todayUtc } from "../stacks/dates";
import { isCalendarDate } from "../stacks/schema";
import { CliError } from "./args";

/** The date given, checked; undefined when none was given. */
export function givenToday(given: unknown): string | undefined {
  if (given === undefined) return undefined;
  const date = String(given);
  if (!isCalendarDate(date)) throw new CliError(`--today ${date} is not a calendar date`, "give a date that exists, as YYYY-MM-DD");
  return date;
}

/** The date given, else today in UTC. */
export function todayOption(given: unknown): string {
  const date = givenToday(given);
  if (date !== undefined) return date;
  try {
    return todayUtc();
  } catch (e) {
    throw new CliError((e as Error).message, "set SWITCHYARD_TODAY to a YYYY-MM-DD date, or unset it");
  }
}
