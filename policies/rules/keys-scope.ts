import type { WorkloadScope } from "../../components/contract";
import { dynamicModel } from "../../stacks/providers";
import { keyTableEntries, scopeOf } from "../support/key-table";
import { reportAt } from "../support/location";
import type { SwitchyardStackPolicy } from "../support/policy";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

const isWildcard = (value: string) => value.includes("*");
const list = (values: string[]) => values.map((v) => `"${v}"`).join(", ");
const sameList = (a: string[] = [], b: string[] = []) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** Gateway keys allow only their workload's routes and models, and no wildcard. */
export const keysScope: SwitchyardStackPolicy = {
  name: "switchyard-keys-scope",
  description:
    "Every gateway key allows only its workload's routes and models, never a wildcard; the front door's key table entry for a key carries exactly the workload's scope and the key's endpoint families, expiry and IP limits.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "List the routes and models the workload needs by name under workloads.<w>.routes and workloads.<w>.models (no `*`), and let the Workload component write the key table from them.",
  unknownValues:
    "Reads the scope each Workload registers as outputs and the key table's values, all written from the stack file and known in a preview; a key table value that is unknown makes the engine report that the policy can't run during preview.",
  validateStack: (args, report) => {
    const workloads = new Map<string, WorkloadScope>();
    for (const r of args.resources) {
      if (r.type !== TYPES.Workload) continue;
      const w = scopeOf(r);
      if (!w) {
        report(`Workload "${r.name}" registered no scope (routes, models, keys) in its outputs, so its keys cannot be checked. Build workloads with the Switchyard Workload component. ${NOT_FROM_A_STACK_FILE}`, r.urn);
        continue;
      }
      workloads.set(w.workload, w);
      for (const field of ["routes", "models"] as const) {
        const wild = (w[field] ?? []).filter(isWildcard);
        if (wild.length > 0) {
          reportAt(
            report,
            ["workloads", w.workload, field],
            `Workload "${w.workload}" allows the wildcard ${list(wild)}; a key may call only named routes and models. Replace it in workloads.${w.workload}.${field} with the ${field} the workload uses.`,
            r.urn,
          );
        }
      }
    }
    for (const { resource, entry } of keyTableEntries(args.resources)) {
      const w = workloads.get(entry.workload);
      if (!w) continue; // switchyard-keys-one-workload reports entries without a workload
      const where = `Key table entry for key "${entry.keyName}" of workload "${entry.workload}"`;
      const allowedRoutes = new Set((w.routes ?? []).map(dynamicModel));
      const wild = [...(entry.routes ?? []), ...(entry.models ?? [])].filter(isWildcard);
      if (wild.length > 0) report(`${where} allows the wildcard ${list(wild)}; a key may call only named routes and models. Recreate the entry from the workload's routes and models. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      const extraRoutes = (entry.routes ?? []).filter((r) => !isWildcard(r) && !allowedRoutes.has(r));
      if (extraRoutes.length > 0) report(`${where} allows ${list(extraRoutes)}, which the workload does not declare (its routes: ${list([...allowedRoutes]) || "none"}). Remove them from the entry or add the routes under workloads.${entry.workload}.routes. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      const extraModels = (entry.models ?? []).filter((m) => !isWildcard(m) && !(w.models ?? []).includes(m));
      if (extraModels.length > 0) report(`${where} allows ${list(extraModels)}, which the workload does not declare (its models: ${list(w.models ?? []) || "none"}). Remove them from the entry or add the models under workloads.${entry.workload}.models. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      const key = (w.keys ?? []).find((k) => k.name === entry.keyName);
      if (key && key.expiresOn !== entry.expiresOn) report(`${where} expires on ${entry.expiresOn} but the workload declares ${key.expiresOn ?? "no expiry"}. The entry must carry the declared expiry. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      if (key && (key.families === undefined) !== (entry.families === undefined || entry.families === null)) {
        report(`${where} ${entry.families ? `allows the endpoint families ${list(entry.families)}` : "allows every endpoint family"} but the workload declares ${key.families ? list(key.families) : "none (every family)"}. The entry must carry the declared families. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      } else if (key?.families && !sameList(key.families, entry.families ?? [])) {
        report(`${where} allows the endpoint families ${list(entry.families ?? [])} but the workload declares ${list(key.families)}. The entry must carry the declared families. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      }
      if (key && !sameList(key.allowedIps, entry.allowedIps)) report(`${where} allows addresses ${list(entry.allowedIps ?? []) || "from anywhere"} but the workload declares ${list(key.allowedIps ?? []) || "none"}. The entry must carry the declared allowedIps. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
    }
  },
};
