import type { PolicyConfigSchema } from "@pulumi/policy";
import { actionStrength, GUARDRAIL_ACTIONS, GUARDRAIL_CATEGORIES, GUARDRAIL_CATEGORY_NAMES, type GuardrailAction, type GuardrailCategory } from "../../stacks/guardrails";
import { reportAt } from "../support/location";
import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";

type Required = Partial<Record<GuardrailCategory, GuardrailAction>>;
interface Settings {
  prompts: Required;
  responses: Required;
}

const required = (side: string, fallback: Required) => ({
  type: "object" as const,
  propertyNames: { enum: [...GUARDRAIL_CATEGORY_NAMES] },
  additionalProperties: { enum: [...GUARDRAIL_ACTIONS] },
  default: fallback,
  description: `Hazard category (stack-file name) -> the weakest action the gateway may take on ${side} in it: flag, or block. Categories left out are not required.`,
});
const configSchema: PolicyConfigSchema = {
  properties: { prompts: required("prompts", { "prompt-injection": "flag" }), responses: required("responses", {}) },
};

/** The AiGateway inputs this policy reads: @pulumi/cloudflare's lower-case codes (p1, s1..s13) to FLAG or BLOCK. */
interface Gateway {
  aiGatewayId?: string;
  guardrails?: { prompt?: Record<string, string>; response?: Record<string, string> };
}

const SIDES = [
  { name: "prompts", api: "prompt" },
  { name: "responses", api: "response" },
] as const;

const list = (r: Required) => Object.entries(r).map(([c, a]) => `${c}: ${a}`).join(", ");

/** A gateway without the guardrails the environment requires lets harmful prompts and answers through unmarked. */
export const gatewayGuardrails: SwitchyardResourcePolicy = {
  name: "switchyard-gateway-guardrails",
  description:
    "The AI Gateway's Guardrails evaluate the hazard categories the environment's config names, on prompts and on responses, with at least the action it names (block is stronger than flag). Mandatory in prod.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Declare gateway.guardrails in the stack file: under prompts and responses, each required category with flag or block (docs/gateway-safety.md).",
  unknownValues: "Reads the gateway's guardrails, literals of the program known in every preview; were they unknown, the engine would report that the policy can't run during preview.",
  validateResource: validateTypes<Gateway>(TYPES.AiGateway, (g, args, report) => {
    const settings = readSettings<Settings>(configSchema, args);
    const id = g.aiGatewayId ?? args.name;
    if (SIDES.every((s) => Object.keys(settings[s.name]).length === 0)) return;
    const actual = (api: "prompt" | "response", category: GuardrailCategory) => {
      const code = GUARDRAIL_CATEGORIES[category].code;
      const side = g.guardrails?.[api] ?? {};
      return side[code.toLowerCase()] ?? side[code];
    };
    const anySet = SIDES.some((s) => Object.values(g.guardrails?.[s.api] ?? {}).some((a) => actionStrength(a) > 0));
    if (!anySet) {
      const wanted = SIDES.filter((s) => Object.keys(settings[s.name]).length).map((s) => `on ${s.name} (${list(settings[s.name])})`);
      reportAt(report, ["gateway", "guardrails"], `AI Gateway "${id}" has no guardrails; this environment requires them ${wanted.join(" and ")}. Declare gateway.guardrails in the stack file.`);
      return;
    }
    for (const side of SIDES) {
      for (const [category, needed] of Object.entries(settings[side.name]) as Array<[GuardrailCategory, GuardrailAction]>) {
        const has = actual(side.api, category);
        if (actionStrength(has) >= actionStrength(needed)) continue;
        const doing = has === undefined ? "does not evaluate" : "only flags";
        reportAt(
          report,
          ["gateway", "guardrails", side.name, category],
          `AI Gateway "${id}" ${doing} ${category} (${GUARDRAIL_CATEGORIES[category].code}) in ${side.name}; this environment requires ${needed}. Set gateway.guardrails.${side.name}.${category}: ${needed}.`,
        );
      }
    }
  }),
};
