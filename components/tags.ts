/**
 * AWS tags every Switchyard resource carries, so that policies, cost reports and people can map a
 * cloud object back to its stack-file entry. Tag values keep to AWS's tag character set.
 */
import type { WorkloadSpec } from "../stacks/schema";

export const TAG = {
  environment: "switchyard:environment",
  workload: "switchyard:workload",
  providerKey: "switchyard:provider-key",
  decisionPrefix: "switchyard:decision:",
} as const;

/** AWS allows letters, digits, spaces and _ . : / = + - @ in tag values, at most 256 characters. */
export function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, "_").slice(0, 256);
}

export function environmentTags(environment: string): Record<string, string> {
  return { [TAG.environment]: tagValue(environment) };
}

/** The access decision record as tags: `switchyard:decision:<field-in-kebab-case>`. */
export function decisionTags(decision: WorkloadSpec["decision"]): Record<string, string> {
  if (!decision) return {};
  const tags: Record<string, string> = {};
  for (const [field, value] of Object.entries(decision)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? (value.length ? value.join(" ") : "none") : String(value);
    tags[`${TAG.decisionPrefix}${kebab(field)}`] = tagValue(text);
  }
  return tags;
}

export function workloadTags(environment: string, workload: string, decision: WorkloadSpec["decision"]): Record<string, string> {
  return { ...environmentTags(environment), [TAG.workload]: tagValue(workload), ...decisionTags(decision) };
}

function kebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
