import type { WorkloadArgs } from "../../components/contract";
import { callsGateway } from "../../stacks/paths";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

/** Spend through the gateway is only watched if someone set a number and a place to tell. */
export const budgetsRequired: SwitchyardResourcePolicy = {
  name: "switchyard-budgets-required",
  description: "Every gateway or hybrid workload has a monthly budget, at least one alert threshold and at least one alert channel; a direct workload whose budget has thresholds has an alert channel too.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set workloads.<w>.budget: { monthlyUsd, alertAtPercent: [50, 80, 100] } and workloads.<w>.alerts: [<channel from alerts>].",
  unknownValues: "Reads only the Workload's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<WorkloadArgs>(TYPES.Workload, (w, _args, report) => {
    const where = `Workload "${w.workload}" (path ${w.path})`;
    const entry = ["workloads", w.workload];
    if (!callsGateway(w.path)) {
      // A direct workload's budget is its AWS budget (bedrock spend), whose thresholds notify only its channels.
      if ((w.budget?.alertAtPercent ?? []).length > 0 && (w.alerts ?? []).length === 0) {
        reportAt(report, [...entry, "alerts"], `${where} has a budget with alert thresholds but no alert channel, so they reach nobody. Add a channel from the alerts section to workloads.${w.workload}.alerts.`);
      }
      return;
    }
    if (!w.budget) reportAt(report, [...entry, "budget"], `${where} has no budget, so its spend is neither limited nor alarmed. Set workloads.${w.workload}.budget: { monthlyUsd, alertAtPercent }.`);
    else if ((w.budget.alertAtPercent ?? []).length === 0) reportAt(report, [...entry, "budget", "alertAtPercent"], `${where} has a budget with no alert thresholds. Set workloads.${w.workload}.budget.alertAtPercent, e.g. [50, 80, 100].`);
    if ((w.alerts ?? []).length === 0) reportAt(report, [...entry, "alerts"], `${where} has no alert channel, so budget alarms reach nobody. Add a channel from the alerts section to workloads.${w.workload}.alerts.`);
  }),
};
