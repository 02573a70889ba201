import type { WorkloadArgs } from "../../components/contract";
import { ENDPOINT_FAMILIES } from "../../stacks/endpoint-families";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

/** Gateway keys name the endpoint families they may call, so a chat key cannot upload batches or open Realtime sessions. */
export const keysFamilies: SwitchyardResourcePolicy = {
  name: "switchyard-keys-families",
  description: `Every gateway key names the endpoint families it may call (keys[].families: ${ENDPOINT_FAMILIES.join(", ")}); a key without them may call every family. Mandatory by default and in prod (its production floor), advisory in the dev and staging configs.`,
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Add workloads.<w>.keys[].families with the families the workload calls (docs/front-door.md lists each family's operations).",
  unknownValues: "Reads only the Workload's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<WorkloadArgs>(TYPES.Workload, (w, _args, report) => {
    (w.keys ?? []).forEach((key, i) => {
      if (key.families && key.families.length > 0) return;
      reportAt(
        report,
        ["workloads", w.workload, "keys", i],
        `Gateway key "${key.name}" of workload "${w.workload}" names no endpoint families, so it may call every one (${ENDPOINT_FAMILIES.join(", ")}). Set workloads.${w.workload}.keys[${i}].families to the families the workload calls.`,
      );
    });
  }),
};
