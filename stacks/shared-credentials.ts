/**
 * What two environments of one repository must not share by accident: the credentials and the
 * readers that reach a provider (a workload's reader role, a secret's ARN, a provider account, a
 * gateway key's name, which is the key's label in the front door and in the usage ledger). A
 * production environment sharing one with a non-production one is refused (a dev reader could
 * read prod's secrets, a dev incident spends prod's account); any other sharing is a warning,
 * since two non-production environments may share deliberately. `switchyard init` copies a
 * stack file, so this is where a copy left unedited is caught.
 */
import type { FieldPath } from "./checks";
import { isProduction } from "./environment";
import { formatPath, type SourcePosition, type StackDefect } from "./load";
import type { StackSpec } from "./schema";
import { secretReferences } from "./secret-references";

interface Stack {
  file: string;
  spec: StackSpec;
  locate: (path: FieldPath) => SourcePosition;
}

/** One shareable value of a stack file: what it is (the kind, in words) and where. */
interface Held {
  kind: string;
  value: string;
  path: FieldPath;
}

/** Every value of the stack file that must be its environment's own. */
export function ownValues(spec: StackSpec): Held[] {
  const held: Held[] = [];
  for (const [name, w] of Object.entries(spec.workloads)) {
    if (w.readerRoleArn !== undefined) held.push({ kind: "reader role", value: w.readerRoleArn, path: ["workloads", name, "readerRoleArn"] });
    w.keys.forEach((k, i) => held.push({ kind: "gateway key name", value: k.name, path: ["workloads", name, "keys", i, "name"] }));
  }
  for (const { path, ref } of secretReferences(spec)) {
    if (ref.awsSecretArn !== undefined) held.push({ kind: "secret ARN", value: ref.awsSecretArn, path: [...path, "awsSecretArn"] });
  }
  for (const [label, key] of Object.entries(spec.providerKeys)) {
    // An account id is the provider's: the same id at two providers is two accounts.
    if (key.providerAccount) held.push({ kind: `${key.provider} account`, value: key.providerAccount.id, path: ["providerKeys", label, "providerAccount", "id"] });
  }
  return held;
}

export function sharedAcrossStacks(stacks: readonly Stack[]): { defects: StackDefect[]; warnings: StackDefect[] } {
  const defects: StackDefect[] = [];
  const warnings: StackDefect[] = [];
  const values = stacks.map((s) => ({ stack: s, held: ownValues(s.spec) }));
  for (const { stack, held } of values) {
    const reported = new Set<string>();
    for (const h of held) {
      const key = `${h.kind}\n${h.value}`;
      if (reported.has(key)) continue;
      const sharers = values.filter((o) => o.stack !== stack && o.stack.spec.environment !== stack.spec.environment && o.held.some((x) => x.kind === h.kind && x.value === h.value)).map((o) => o.stack);
      if (sharers.length === 0) continue;
      reported.add(key);
      const prod = isProduction(stack.spec.environment);
      if (!prod && sharers.some((o) => isProduction(o.spec.environment))) continue; // refused on the production side
      if (!prod && sharers.some((o) => stacks.indexOf(o) > stacks.indexOf(stack))) continue; // a warning once, at the last file that holds it
      const refused = prod && sharers.some((o) => !isProduction(o.spec.environment));
      const names = sharers.map((o) => `${o.spec.environment} (${o.file})`).join(", ");
      const message = refused
        ? `${h.kind} "${h.value}" is also used by ${names}; a production environment shares no reader role, secret, provider account or gateway key name with a non-production one: give ${stack.spec.environment} its own`
        : `${h.kind} "${h.value}" is also used by ${names}; environments share it (intended? switchyard init copies these: give each environment its own)`;
      (refused ? defects : warnings).push({ ...stack.locate(h.path), path: formatPath(h.path), message });
    }
  }
  return { defects, warnings };
}
