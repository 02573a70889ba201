import type { PolicyConfigSchema } from "@pulumi/policy";
import type { ProviderKeysArgs } from "../../components/contract";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { addDays, daysBetween, days, isCalendarDate, todaySchema, todayUtc } from "../support/today";
import { TYPES } from "../support/types";

const configSchema: PolicyConfigSchema = { properties: { today: todaySchema } };

/** A provider key past its rotation date has outlived the exposure budget its owner set. */
export const secretsRotationDue: SwitchyardResourcePolicy = {
  name: "switchyard-secrets-rotation-due",
  description: "Every provider key was rotated within its rotation.everyDays: lastRotated + everyDays is not before today (UTC), and lastRotated is not in the future.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Rotate the key at the provider, store the new value where source points, and set providerKeys.<k>.rotation.lastRotated to the rotation date.",
  unknownValues: "Reads only the ProviderKeys component's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<ProviderKeysArgs>(TYPES.ProviderKeys, (p, args, report) => {
    const today = todayUtc(readSettings<{ today?: string }>(configSchema, args).today);
    for (const [name, key] of Object.entries(p.keys ?? {})) {
      const { everyDays, lastRotated } = key.rotation ?? ({} as { everyDays?: number; lastRotated?: string });
      const where = `Provider key "${name}"`;
      const at = ["providerKeys", name, "rotation"];
      if (!isCalendarDate(lastRotated) || typeof everyDays !== "number") {
        reportAt(report, at, `${where} has no rotation record. Set providerKeys.${name}.rotation to { everyDays, lastRotated }.`);
        continue;
      }
      if (daysBetween(today, lastRotated) > 0) {
        reportAt(report, [...at, "lastRotated"], `${where} records lastRotated ${lastRotated}, after today (${today}). Set providerKeys.${name}.rotation.lastRotated to the date it was actually rotated.`);
        continue;
      }
      const due = addDays(lastRotated, everyDays);
      const overdue = daysBetween(due, today);
      if (overdue > 0) reportAt(report, [...at, "lastRotated"], `${where} was due for rotation on ${due} (every ${days(everyDays)} since ${lastRotated}), ${days(overdue)} ago. Rotate it and set providerKeys.${name}.rotation.lastRotated.`);
    }
  }),
};
