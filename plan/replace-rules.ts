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
 * The rule paths whose value differs between the two input sets: top-level names, or nested paths
 * (`objectLockConfiguration.objectLockEnabled`) when only that part of the input replaces.
 */
export function replacingInputs(type: string, before: Record<string, unknown>, after: Record<string, unknown>): string[];
/** The changed top-level inputs that force a replacement (a nested-path rule counts its whole input: use the before/after form). */
export function replacingInputs(type: string, changedInputs: readonly string[]): string[];
export function replacingInputs(type: string, a: Record<string, unknown> | readonly string[], b?: Record<string, unknown>): string[] {
  if (Array.isArray(a)) return replacingInputNames(type, a);
  const before = a as Record<string, unknown>;
  const after = b ?? {};
  return (RULES[type] ?? []).filter((rule) => {
    const path = rule.split(".");
    return !isDeepStrictEqual(at(before, path), at(after, path));
  });
}

/** The old form: of the changed top-level inputs, those some rule of the type starts with. */
export function replacingInputNames(type: string, changedInputs: readonly string[]): string[] {
  const tops = new Set((RULES[type] ?? []).map((rule) => rule.split(".")[0]));
  return changedInputs.filter((input) => tops.has(input));
}
