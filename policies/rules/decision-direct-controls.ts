import type { WorkloadArgs } from "../../components/contract";
import { readsDirectly } from "../../stacks/paths";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

/** A workload that bypasses the gateway relies on the provider's own controls: they must be named, and so must the account. */
export const decisionDirectControls: SwitchyardResourcePolicy = {
  name: "switchyard-decision-direct-controls",
  description: "Every direct or hybrid workload names the provider-native controls it relies on, and every provider key it reads directly names its provider account.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set workloads.<w>.decision.providerNativeControls (e.g. [audit-logs, committed-spend]) and providerKeys.<k>.providerAccount: { id, contract } for each key in workloads.<w>.directKeys.",
  unknownValues: "Reads only the Workload's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<WorkloadArgs>(TYPES.Workload, (w, _args, report) => {
    if (!readsDirectly(w.path)) return;
    const where = `Workload "${w.workload}" (path ${w.path})`;
    if ((w.decision?.providerNativeControls ?? []).length === 0) {
      reportAt(
        report,
        ["workloads", w.workload, "decision", "providerNativeControls"],
        `${where} names no provider-native controls, yet it calls providers outside the gateway. List them in workloads.${w.workload}.decision.providerNativeControls (e.g. audit-logs, quota-increase).`,
      );
    }
    for (const k of w.directKeyAccounts ?? []) {
      if (!k.providerAccount) reportAt(report, ["providerKeys", k.name], `${where} reads provider key "${k.name}" directly, but that key names no provider account. Set providerKeys.${k.name}.providerAccount: { id, contract }.`);
    }
  }),
};
