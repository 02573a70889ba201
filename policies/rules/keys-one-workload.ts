import type { PolicyResource } from "@pulumi/policy";
import type { GatewayOutputs, WorkloadScope } from "../../components/contract";
import type { KeyTableEntry } from "../../runtime/front-door/key-entry";
import { keyNameUses, type KeyUse } from "../../stacks/key-names";
import { keyTableEntries, scopeOf } from "../support/key-table";
import { reportAt } from "../support/location";
import type { SwitchyardStackPolicy } from "../support/policy";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

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
  unknownValues:
    "Reads the scope each Workload registers as outputs and the key table's values, all written from the stack file and known in a preview; a key table value that is unknown makes the engine report that the policy can't run during preview.",
  validateStack: (args, report) => {
    const workloads = args.resources.flatMap((r) => {
      const scope = r.type === TYPES.Workload ? scopeOf(r) : undefined;
      return scope ? [{ resource: r, scope }] : []; // switchyard-keys-scope reports a Workload without a registered scope
    });
    const gateway = args.resources.find((r) => r.type === TYPES.Gateway);
    const environment = gateway ? (gateway.props as Partial<GatewayOutputs>).environment : undefined;

    for (const { resource, scope } of workloads) {
      if (environment !== undefined && scope.environment !== environment) {
        reportAt(
          report,
          ["workloads", scope.workload],
          `Workload "${scope.workload}" is declared for environment "${scope.environment}" but this stack's gateway serves "${environment}". A key belongs to one environment: declare the workload in the ${scope.environment} stack file.`,
          resource.urn,
        );
      }
    }
    for (const [key, declared] of keyNameUses(workloads.map((w) => w.scope))) {
      if (declared.length > 1) {
        const second = declared[1] as KeyUse;
        const urn = (workloads.find((w) => w.scope.workload === second.workload) as { resource: PolicyResource }).resource.urn;
        reportAt(
          report,
          ["workloads", second.workload, "keys", second.index],
          `Gateway key "${key}" is declared by ${declared.length} workloads (${declared.map((d) => d.workload).join(", ")}); a key belongs to exactly one workload. Rename it in all but one of them.`,
          urn,
        );
      }
    }

    const byWorkload = new Map<string, WorkloadScope>(workloads.map((w) => [w.scope.workload, w.scope]));
    const entries = keyTableEntries(args.resources);
    const seen = new Map<string, number>();
    for (const { resource, entry } of entries) {
      seen.set(`${entry.workload}/${entry.keyName}`, (seen.get(`${entry.workload}/${entry.keyName}`) ?? 0) + 1);
      const owner = byWorkload.get(entry.workload);
      if (!owner) {
        report(`Key table entry for key "${entry.keyName}" names workload "${entry.workload}", which is not declared in this stack. Remove the entry or declare the workload. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      } else if (!(owner.keys ?? []).some((k) => k.name === entry.keyName)) {
        report(`Key table entry names key "${entry.keyName}" of workload "${entry.workload}", but that workload declares no such key. Remove the entry or declare the key under workloads.${entry.workload}.keys. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      } else if (entry.environment !== owner.environment) {
        report(`Key table entry for key "${entry.keyName}" of workload "${entry.workload}" is for environment "${entry.environment}" but the workload is in "${owner.environment}". A key works in exactly one environment. ${NOT_FROM_A_STACK_FILE}`, resource.urn);
      }
    }
    for (const [pair, count] of seen) {
      if (count > 1) {
        const [workload, keyName] = pair.split("/");
        const dup = entries.filter(({ entry }) => entry.workload === workload && entry.keyName === keyName)[1] as { resource: PolicyResource; entry: KeyTableEntry };
        report(`The key table holds ${count} entries for key "${keyName}" of workload "${workload}"; each key has exactly one. Remove the extra entries. ${NOT_FROM_A_STACK_FILE}`, dup.resource.urn);
      }
    }
  },
};
