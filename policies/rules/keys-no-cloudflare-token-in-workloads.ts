import type { PolicyResource } from "@pulumi/policy";
import { scopeOf } from "../support/key-table";
import type { SwitchyardStackPolicy } from "../support/policy";
import { CLOUDFLARE_TOKEN_TYPES, TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

function workloadOf(resource: PolicyResource): PolicyResource | undefined {
  for (let p = resource.parent; p; p = p.parent) if (p.type === TYPES.Workload) return p;
  return undefined;
}

/** Cloudflare tokens are account-wide (an AI Gateway Run token reaches every gateway): only the front door holds one. */
export const keysNoCloudflareTokenInWorkloads: SwitchyardStackPolicy = {
  name: "switchyard-keys-no-cloudflare-token-in-workloads",
  description:
    "No workload holds a Cloudflare API token: no token is created under a Workload, and nothing under a Workload (its key secret, for instance) takes a token's value. AI Gateway Run tokens reach every gateway of the account, so only the front door holds one.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Give the workload a gateway key (workloads.<w>.keys) and let it call the front door; never hand it a Cloudflare token or store one in its secret.",
  unknownValues: "Reads only types, parents and dependencies, which the engine knows in every preview; no value decides the verdict.",
  validateStack: (args, report) => {
    for (const resource of args.resources) {
      const workload = workloadOf(resource);
      if (!workload) continue;
      const name = scopeOf(workload)?.workload ?? workload.name;
      if (CLOUDFLARE_TOKEN_TYPES.includes(resource.type)) {
        report(`Workload "${name}" holds Cloudflare token "${resource.name}"; a Cloudflare token reaches the whole account. Remove it: workloads call the front door with their gateway keys. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
        continue;
      }
      const sources = [...resource.dependencies, ...Object.values(resource.propertyDependencies).flat()];
      const token = sources.find((d) => CLOUDFLARE_TOKEN_TYPES.includes(d.type));
      if (token) {
        report(`"${resource.name}" of workload "${name}" takes a value from Cloudflare token "${token.name}", putting an account-wide token in the workload's hands. Store only the workload's gateway key there. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      }
    }
  },
};
