/**
 * Who depends on the gateway's request logs for the usage record, read from what the engine hands
 * stack policies: the UsageLedger component (the exporter reads the logs API), and the workloads
 * whose decision record names the gateway as source of record for usage or billing (their
 * registered outputs, components/contract.ts WorkloadOutputs).
 */
import type { PolicyResource } from "@pulumi/policy";
import type { WorkloadOutputs } from "../../components/contract";
import { TYPES } from "./types";

export const hasLedger = (resources: readonly PolicyResource[]) => resources.some((r) => r.type === TYPES.UsageLedger);

/** Workloads (labels, sorted) that name the gateway as their usage or billing source of record. */
export function gatewayRecordedWorkloads(resources: readonly PolicyResource[]): string[] {
  return resources
    .filter((r) => r.type === TYPES.Workload)
    .flatMap((r) => {
      const out = r.props as Partial<WorkloadOutputs>;
      const s = out.sourcesOfRecord;
      return typeof out.workload === "string" && (s?.usageSourceOfRecord === "gateway" || s?.billingSourceOfRecord === "gateway") ? [out.workload] : [];
    })
    .sort();
}

/** "a, b and c"; past `shown` names, "a, b and 4 more". */
export function names(list: readonly string[], shown = 5): string {
  if (list.length <= 1) return list.join("");
  if (list.length > shown) return `${list.slice(0, shown).join(", ")} and ${list.length - shown} more`;
  return `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}
