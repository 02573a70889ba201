import type { WorkloadArgs } from "../../components/contract";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

const EVERYWHERE = /^(0\.0\.0\.0\/0|::\/0|::0\/0)$/;

/** Gateway keys work only from the workload's own addresses. */
export const keysAllowedIps: SwitchyardResourcePolicy = {
  name: "switchyard-keys-allowed-ips",
  description: "Every gateway key is restricted to allowedIps (CIDRs), none of which is the whole internet (0.0.0.0/0 or ::/0). Mandatory in prod, advisory elsewhere.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Add workloads.<w>.keys[].allowedIps with the CIDRs the workload calls from (its NAT gateways or egress ranges).",
  unknownValues: "Reads only the Workload's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<WorkloadArgs>(TYPES.Workload, (w, _args, report) => {
    (w.keys ?? []).forEach((key, i) => {
      const what = `Gateway key "${key.name}" of workload "${w.workload}"`;
      const field = ["workloads", w.workload, "keys", i, "allowedIps"];
      const ips = key.allowedIps ?? [];
      if (ips.length === 0) {
        reportAt(report, field, `${what} can be used from any address. Set workloads.${w.workload}.keys[${i}].allowedIps to the CIDRs the workload calls from.`);
        return;
      }
      const open = ips.filter((c) => EVERYWHERE.test(c));
      if (open.length > 0) reportAt(report, field, `${what} allows ${open.join(", ")}, which is every address. Replace it in workloads.${w.workload}.keys[${i}].allowedIps with the CIDRs the workload calls from.`);
    });
  }),
};
