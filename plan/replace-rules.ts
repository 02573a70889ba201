/**
 * Which input changes make the engine replace a resource rather than update it in place: a lookup
 * over the providers' own schemas (vendor/replace-on-change.ts, each rule citing its source) and
 * our dynamic provider's rule (components/contract.ts BYOK_REPLACING_INPUTS: only the key of a BYOK
 * provider config changes in place, components/byok-provider-config.ts says which). A rule is a
 * top-level input or a dotted path into one; an input no rule names updates in place.
 */
import { isDeepStrictEqual } from "node:util";
import { BYOK_PROVIDER_CONFIG_TYPE, BYOK_REPLACING_INPUTS } from "../components/contract";
import { REPLACE_ON_CHANGE } from "../vendor/replace-on-change";

const RULES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(Object.entries(REPLACE_ON_CHANGE).map(([type, rules]) => [type, rules.map((r) => r.input)])),
  [BYOK_PROVIDER_CONFIG_TYPE]: [...BYOK_REPLACING_INPUTS],
};

/** Whether the type has rules at all (a custom type without them would pass every change as an update). */
export function hasReplaceRules(type: string): boolean {
  return Object.hasOwn(RULES, type);
}

/** The value at a dotted path; a list on the way yields the list of its elements' values. */
function at(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.map((v) => at(v, path));
  if (value === null || typeof value !== "object") return undefined;
  return at((value as Record<string, unknown>)[path[0]], path.slice(1));
}

/**
 * The paths whose value differs between the two input sets and force a replacement: the type's
 * rules (top-level names, or nested paths such as `objectLockConfiguration.objectLockEnabled` when
 * only that part replaces) and the resource's own `replaceOnChanges` option, which the engine
 * applies on top of the provider's diff (pulumi/pulumi step_generator.go, applyReplaceOnChanges;
 * `*` is every input).
 */
export function replacingInputs(type: string, before: Record<string, unknown>, after: Record<string, unknown>, replaceOnChanges: readonly string[] = []): string[] {
  const all = replaceOnChanges.includes("*") ? [...new Set([...Object.keys(before), ...Object.keys(after)])] : [];
  return [...new Set([...(RULES[type] ?? []), ...replaceOnChanges.filter((p) => p !== "*"), ...all])].filter((rule) => {
    const path = rule.split(".");
    return !isDeepStrictEqual(at(before, path), at(after, path));
  });
}
