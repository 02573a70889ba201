import type { WorkloadArgs } from "../../components/contract";
import { DECISION_REQUIRED as REQUIRED } from "../../stacks/schema";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

/** Who pays, who counts, who reviews and who rolls back must be written down before traffic flows. */
export const decisionRecordComplete: SwitchyardResourcePolicy = {
  name: "switchyard-decision-record-complete",
  description: "Every workload has a complete access decision record: billing and usage sources of record, invoice reviewer, quota owner, rollback owner and review date.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Fill workloads.<w>.decision: billingSourceOfRecord, usageSourceOfRecord, invoiceReviewer, quotaOwner, rollbackOwner, reviewDate.",
  unknownValues: "Reads only the Workload's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<WorkloadArgs>(TYPES.Workload, (w, _args, report) => {
    const d = w.decision;
    const missing = REQUIRED.filter((f) => d?.[f] === undefined || d?.[f] === "");
    if (!d) reportAt(report, ["workloads", w.workload], `Workload "${w.workload}" has no decision record. Add workloads.${w.workload}.decision with ${REQUIRED.join(", ")}.`);
    else if (missing.length > 0) {
      reportAt(report, ["workloads", w.workload, "decision"], `Workload "${w.workload}"'s decision record lacks ${missing.join(", ")}. Add ${missing.map((f) => `workloads.${w.workload}.decision.${f}`).join(", ")}.`);
    }
  }),
};
