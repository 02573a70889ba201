import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES, type WorkloadInputs } from "../support/types";

/** Spend through the gateway is only watched if someone set a number and a place to tell. */
export const budgetsRequired: SwitchyardResourcePolicy = {
  name: "switchyard-budgets-required",
  description: "Every gateway or hybrid workload has a monthly budget, at least one alert threshold and at least one alert channel.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set workloads.<w>.budget: { monthlyUsd, alertAtPercent: [50, 80, 100] } and workloads.<w>.alerts: [<channel from alerts>].",
  validateResource: validateTypes<WorkloadInputs>(TYPES.Workload, (w, _args, report) => {
    if (w.path !== "gateway" && w.path !== "hybrid") return;
    const where = `Workload "${w.workload}" (path ${w.path})`;
    if (!w.budget) report(`${where} has no budget, so its spend is neither limited nor alarmed. Set workloads.${w.workload}.budget: { monthlyUsd, alertAtPercent }.`);
    else if ((w.budget.alertAtPercent ?? []).length === 0) report(`${where} has a budget with no alert thresholds. Set workloads.${w.workload}.budget.alertAtPercent, e.g. [50, 80, 100].`);
    if ((w.alerts ?? []).length === 0) report(`${where} has no alert channel, so budget alarms reach nobody. Add a channel from the alerts section to workloads.${w.workload}.alerts.`);
  }),
};
