/**
 * The policies' `today` setting; the dates themselves (today, day arithmetic) are stacks/dates.ts's,
 * shared with the plan and the CLI.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export { addDays, days, daysBetween, isCalendarDate, todayUtc } from "../../stacks/dates";

export const todaySchema: PolicyConfigJSONSchema = {
  type: "string",
  format: "date",
  description: "Judge dates as if today (UTC) were this YYYY-MM-DD date. Default: the SWITCHYARD_TODAY environment variable, else the clock.",
};
