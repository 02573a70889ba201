/**
 * A policy pack config file (policies/config/<env>.json, the file given to
 * `pulumi preview --policy-pack-config`): checked with ajv against the policies' configSchemas
 * (`{ "all"?: level, "<policy>": level | { enforcementLevel?, ...settings } }`; unknown policy
 * names and unknown settings are errors, so a typo cannot silently fall back to a default), and
 * reconciled into each policy's level and settings exactly as the Pulumi CLI does before it
 * configures the pack. Every reader of a level (the offline engine, the README) goes through
 * reconcilePackConfig.
 */
import type { ValidateFunction } from "ajv";
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import { compiledSchema } from "./compiled-schema";
import type { SwitchyardPolicy } from "./policy";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

/** What the CLI knows of a policy before configuring it (the pack's GetAnalyzerInfo answer). */
export interface PolicyDefaults {
  name: string;
  enforcementLevel: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
}

/** One policy's (or `all`'s) configuration as the CLI sends it in ConfigureAnalyzerRequest. */
export interface ReconciledPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

const isLevel = (value: unknown): value is EnforcementLevel => typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);

/**
 * The config the CLI sends the pack, per pulumi/pulumi pkg/resource/analyzer/config.go
 * (ReconcilePolicyPackConfig): every policy starts at its own level with its schema's defaults;
 * the file's `all` level then applies to every policy; then each entry of the file sets its
 * policy's level and settings over those (settings merge shallowly; `all` itself is sent too).
 */
export function reconcilePackConfig(policies: readonly PolicyDefaults[], file: Record<string, unknown>): Record<string, ReconciledPolicyConfig> {
  const result: Record<string, ReconciledPolicyConfig> = {};
  for (const policy of policies) {
    const defaults = Object.entries(policy.configSchema?.properties ?? {}).filter(([, schema]) => (schema as { default?: unknown }).default !== undefined);
    result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties: Object.fromEntries(defaults.map(([key, schema]) => [key, structuredClone((schema as { default: unknown }).default)])) };
  }
  const given = new Map<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }>();
  for (const [name, value] of Object.entries(file)) {
    if (typeof value === "string") given.set(name, { ...(isLevel(value) ? { enforcementLevel: value } : {}), properties: {} });
    else if (value && typeof value === "object") {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      given.set(name, { ...(isLevel(enforcementLevel) ? { enforcementLevel } : {}), properties });
    }
  }
  const all = given.get("all")?.enforcementLevel;
  if (all) for (const config of Object.values(result)) config.enforcementLevel = all;
  for (const [name, config] of given) {
    if (config.enforcementLevel === undefined && Object.keys(config.properties).length === 0) continue;
    const current = result[name];
    const enforcementLevel = config.enforcementLevel ?? current?.enforcementLevel;
    if (enforcementLevel === undefined) continue; // the CLI would refuse an entry with no valid level
    result[name] = { enforcementLevel, properties: { ...current?.properties, ...config.properties } };
  }
  return result;
}

export class PolicyConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`policy pack config is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** The JSON Schema of a whole config file for these policies. */
export function packConfigSchema(policies: readonly SwitchyardPolicy[]): Record<string, unknown> {
  const level = { enum: [...ENFORCEMENT_LEVELS] };
  // A level string or an object of level and settings; if/then/else keeps ajv's errors to the form used.
  const levelOr = (object: Record<string, unknown>) => ({ if: { type: "string" }, then: level, else: object });
  const properties: Record<string, unknown> = { all: levelOr({ type: "object", properties: { enforcementLevel: level }, additionalProperties: false }) };
  for (const policy of policies) {
    properties[policy.name] = levelOr({
      type: "object",
      properties: { enforcementLevel: level, ...policy.configSchema.properties },
      ...(policy.configSchema.required ? { required: policy.configSchema.required } : {}),
      additionalProperties: false,
    });
  }
  return { type: "object", properties, additionalProperties: false };
}

const cache = new Map<string, ValidateFunction>();

/** Returns the config unchanged when valid; throws PolicyConfigError naming every problem. */
export function validatePackConfig(config: unknown, policies: readonly SwitchyardPolicy[]): Record<string, unknown> {
  const key = policies.map((p) => p.name).join("\n");
  let validate = cache.get(key);
  if (!validate) {
    validate = compiledSchema(packConfigSchema(policies));
    cache.set(key, validate);
  }
  if (validate(config)) return config as Record<string, unknown>;
  const problems = (validate.errors ?? [])
    .filter((e) => e.keyword !== "if")
    .map((e) => {
      const where = e.instancePath || "/";
      if (e.keyword === "additionalProperties") return `${where}: unknown ${where === "/" ? "policy" : "setting"} "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      if (e.keyword === "enum") return `${where}: must be one of ${ENFORCEMENT_LEVELS.join(", ")}`;
      return `${where}: ${e.message ?? e.keyword}`;
    });
  throw new PolicyConfigError([...new Set(problems)]);
}
