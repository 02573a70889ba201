import type { PolicyConfigSchema } from "@pulumi/policy";
import type { WorkloadArgs } from "../../components/contract";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { addDays, daysBetween, days, isCalendarDate, todaySchema, todayUtc } from "../support/today";
import { TYPES } from "../support/types";

interface Settings {
  maxKeyLifetimeDays: number;
  today?: string;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    maxKeyLifetimeDays: { type: "integer", minimum: 1, maximum: 3650, default: 90, description: "Latest allowed expiry of a gateway key, in days from today (prod 90, dev 180)." },
    today: todaySchema,
  },
};

/** Gateway keys expire, have not expired, and expire soon enough. */
export const keysExpiry: SwitchyardResourcePolicy = {
  name: "switchyard-keys-expiry",
  description: "Every gateway key has an expiry date that has not passed and is at most maxKeyLifetimeDays from today (UTC).",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Set workloads.<w>.keys[].expiresOn to a date after today and no later than today + maxKeyLifetimeDays; to renew an expired key, add a new key with a new name and remove the old one.",
  unknownValues: "Reads only the Workload's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<WorkloadArgs>(TYPES.Workload, (w, args, report) => {
    const s = readSettings<Settings>(configSchema, args);
    const today = todayUtc(s.today);
    const latest = addDays(today, s.maxKeyLifetimeDays);
    (w.keys ?? []).forEach((key, i) => {
      const field = `workloads.${w.workload}.keys[${i}].expiresOn`;
      const at = ["workloads", w.workload, "keys", i, "expiresOn"];
      const what = `Gateway key "${key.name}" of workload "${w.workload}"`;
      if (!isCalendarDate(key.expiresOn)) {
        reportAt(report, at, `${what} has no expiry date. Set ${field} to a date no later than ${latest}.`);
        return;
      }
      const left = daysBetween(today, key.expiresOn);
      if (left <= 0) reportAt(report, at, `${what} expired on ${key.expiresOn} (today is ${today}). Issue a new key with an expiry no later than ${latest} and remove this one.`);
      else if (left > s.maxKeyLifetimeDays) reportAt(report, at, `${what} expires on ${key.expiresOn}, ${days(left)} from today (${today}); at most ${days(s.maxKeyLifetimeDays)} is allowed. Set ${field} to ${latest} or earlier.`);
    });
  }),
};
