import type { PolicyResource } from "@pulumi/policy";
import type { KeyTableEntry } from "../../runtime/front-door/key-entry";
import type { SwitchyardStackPolicy } from "../support/policy";
import { TYPES, type GatewayInputs, type WorkloadInputs } from "../support/types";
import { keyTableEntries } from "../support/key-table";

/** Every gateway key belongs to exactly one workload, in this stack's environment. */
export const keysOneWorkload: SwitchyardStackPolicy = {
  name: "switchyard-keys-one-workload",
  description:
    "Every gateway key belongs to exactly one workload and one environment: no key name is declared by two workloads, every workload is in the gateway's environment, and every entry of the front door's key table names a declared key of its workload.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Give each workload its own keys (names under workloads.<w>.keys[].name are unique across the stack), keep one environment per stack file, and let the Workload component write the key table rather than adding entries by hand.",
  validateStack: (args, report) => {
    const workloads = args.resources.filter((r) => r.type === TYPES.Workload);
    const gateway = args.resources.find((r) => r.type === TYPES.Gateway);
    const environment = gateway ? (gateway.props as GatewayInputs).environment : undefined;

    const owners = new Map<string, string[]>();
    for (const w of workloads) {
      const props = w.props as WorkloadInputs;
      if (environment !== undefined && props.environment !== environment) {
        report(`Workload "${props.workload}" is declared for environment "${props.environment}" but this stack's gateway serves "${environment}". A key belongs to one environment: declare the workload in the ${props.environment} stack file.`, w.urn);
      }
      for (const key of props.keys ?? []) owners.set(key.name, [...(owners.get(key.name) ?? []), props.workload]);
    }
    for (const [key, names] of owners) {
      if (names.length > 1) {
        const first = workloads.find((w) => (w.props as WorkloadInputs).workload === names[1]) as PolicyResource;
        report(`Gateway key "${key}" is declared by ${names.length} workloads (${names.join(", ")}); a key belongs to exactly one workload. Rename it in all but one of them.`, first.urn);
      }
    }

    const byWorkload = new Map(workloads.map((w) => [(w.props as WorkloadInputs).workload, w.props as WorkloadInputs]));
    const seen = new Map<string, number>();
    for (const { resource, entry } of keyTableEntries(args.resources)) {
      seen.set(`${entry.workload}/${entry.keyName}`, (seen.get(`${entry.workload}/${entry.keyName}`) ?? 0) + 1);
      const owner = byWorkload.get(entry.workload);
      if (!owner) {
        report(`Key table entry for key "${entry.keyName}" names workload "${entry.workload}", which is not declared in this stack. Remove the entry or declare the workload.`, resource.urn);
      } else if (!(owner.keys ?? []).some((k) => k.name === entry.keyName)) {
        report(`Key table entry names key "${entry.keyName}" of workload "${entry.workload}", but that workload declares no such key. Remove the entry or declare the key under workloads.${entry.workload}.keys.`, resource.urn);
      } else if (entry.environment !== owner.environment) {
        report(`Key table entry for key "${entry.keyName}" of workload "${entry.workload}" is for environment "${entry.environment}" but the workload is in "${owner.environment}". A key works in exactly one environment.`, resource.urn);
      }
    }
    for (const [pair, count] of seen) {
      if (count > 1) {
        const [workload, keyName] = pair.split("/");
        const dup = keyTableEntries(args.resources).filter(({ entry }) => entry.workload === workload && entry.keyName === keyName)[1] as { resource: PolicyResource; entry: KeyTableEntry };
        report(`The key table holds ${count} entries for key "${keyName}" of workload "${workload}"; each key has exactly one. Remove the extra entries.`, dup.resource.urn);
      }
    }
  },
};
