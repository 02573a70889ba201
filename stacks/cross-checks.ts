/**
 * Rules across the environments of one repository. A gateway Run token reaches every gateway in
 * its Cloudflare account, so production must have an account of its own.
 */
import type { FieldPath } from "./checks";
import { isProduction } from "./environment";
import type { SourcePosition, StackDefect } from "./load";
import { formatPath } from "./load";
import type { StackSpec } from "./schema";

export interface LoadedStack {
  file: string;
  spec: StackSpec;
  locate: (path: FieldPath) => SourcePosition;
}

export function checkAcrossStacks(stacks: LoadedStack[]): StackDefect[] {
  const defects: StackDefect[] = [];
  const at = (s: LoadedStack, path: FieldPath, message: string) => defects.push({ ...s.locate(path), path: formatPath(path), message });
  for (const s of stacks) {
    const others = stacks.filter((o) => o !== s && o.spec.cloudflare.accountId === s.spec.cloudflare.accountId);
    if (isProduction(s.spec.environment) && others.length) {
      at(s, ["cloudflare", "accountId"], `production account is also used by ${others.map((o) => `${o.spec.environment} (${o.file})`).join(", ")}; an AI Gateway Run token reaches every gateway in its account, so production needs an account of its own`);
    }
    const sameId = others.filter((o) => o.spec.gateway.id === s.spec.gateway.id);
    if (sameId.length) {
      at(s, ["gateway", "id"], `gateway id "${s.spec.gateway.id}" is also used in the same account by ${sameId.map((o) => `${o.spec.environment} (${o.file})`).join(", ")}; gateway ids are unique per account`);
    }
  }
  return defects;
}
