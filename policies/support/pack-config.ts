/**
 * A policy pack config file (policies/config/<env>.json, the file given to
 * `pulumi preview --policy-pack-config`) checked with ajv against the policies' configSchemas:
 * `{ "all"?: level, "<policy>": level | { enforcementLevel?, ...settings } }`. Unknown policy
 * names and unknown settings are errors, so a typo cannot silently fall back to a default.
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import type { SwitchyardPolicy } from "./policy";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

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

const cache = new Map<string, ReturnType<Ajv["compile"]>>();

/** Returns the config unchanged when valid; throws PolicyConfigError naming every problem. */
export function validatePackConfig(config: unknown, policies: readonly SwitchyardPolicy[]): Record<string, unknown> {
  const key = policies.map((p) => p.name).join("\n");
  let validate = cache.get(key);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(packConfigSchema(policies));
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
