import { reportAt } from "../support/location";
import { decisive, peek } from "../support/known";
import type { SwitchyardStackPolicy } from "../support/policy";
import { TYPES } from "../support/types";
import { gatewayRecordedWorkloads, hasLedger, names } from "../support/usage-record";

/** Every request the gateway does not log is missing from the ledger and from the decision records that rely on it. */
export const ledgerLogsCollected: SwitchyardStackPolicy = {
  name: "switchyard-ledger-logs-collected",
  description:
    "Wherever the usage ledger is on or a workload's decision record names the gateway as usage or billing source of record, the AI Gateway collects request logs and keeps collecting when full (the ledger is built from them).",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set gateway.logs.collect: true and gateway.logs.whenFull: delete-oldest in the stack file (the defaults), or name the provider as those workloads' source of record and turn the ledger off.",
  unknownValues: "Reads the gateway's collectLogs and logManagementStrategy (literals), whether a UsageLedger exists, and the sources of record Workloads register: all known in every preview.",
  validateStack: (args, report) => {
    const recorded = gatewayRecordedWorkloads(args.resources);
    const ledger = hasLedger(args.resources);
    if (!ledger && recorded.length === 0) return;
    const records = recorded.length ? `the decision records of ${names(recorded)} (the gateway is their usage or billing source of record)` : "";
    const who = `${[ledger ? "the usage ledger" : "", records].filter(Boolean).join(" and ")} ${records ? "are" : "is"}`;
    for (const g of args.resources.filter((r) => r.type === TYPES.AiGateway)) {
      const id = String(peek(g.props, "aiGatewayId") ?? g.name);
      if (decisive(g.props, "collectLogs") !== true) {
        reportAt(report, ["gateway", "logs", "collect"], `AI Gateway "${id}" does not collect request logs, but ${who} built from them: every request would go unrecorded. Set gateway.logs.collect: true.`, g.urn);
      } else if (decisive(g.props, "logManagementStrategy") === "STOP_INSERTING") {
        reportAt(
          report,
          ["gateway", "logs", "whenFull"],
          `AI Gateway "${id}" stops inserting logs once it holds gateway.logs.maxStored, but ${who} built from them: every request after that would go unrecorded. Set gateway.logs.whenFull: delete-oldest.`,
          g.urn,
        );
      }
    }
  },
};
