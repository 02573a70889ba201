import { reportAt } from "../support/location";
import type { SwitchyardStackPolicy } from "../support/policy";
import { gatewayRecordedWorkloads, hasLedger, names } from "../support/usage-record";

/** A decision record that names the gateway as source of record promises finance a ledger. */
export const ledgerRequired: SwitchyardStackPolicy = {
  name: "switchyard-ledger-required",
  description: "Wherever a workload's decision record names the gateway as usage or billing source of record, the usage ledger is on.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set usageLedger.enabled: true in the stack file (the default), or name the provider as those workloads' usageSourceOfRecord and billingSourceOfRecord.",
  unknownValues: "Reads whether a UsageLedger exists and the sources of record Workloads register, both known in every preview.",
  validateStack: (args, report) => {
    const recorded = gatewayRecordedWorkloads(args.resources);
    if (recorded.length === 0 || hasLedger(args.resources)) return;
    const one = recorded.length === 1;
    reportAt(
      report,
      ["usageLedger", "enabled"],
      `Workload${one ? "" : "s"} ${names(recorded)} name${one ? "s" : ""} the gateway as ${one ? "its" : "their"} usage or billing source of record, but the usage ledger is off, so finance has no record of ${one ? "its" : "their"} usage. Set usageLedger.enabled: true.`,
    );
  },
};
