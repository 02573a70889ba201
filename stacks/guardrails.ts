/**
 * AI Gateway Guardrails' hazard categories: the readable names a stack file uses, each mapped to
 * the code Cloudflare's API and logs use. The one place that knows the codes.
 *
 * Source: cloudflare-docs src/content/docs/ai-gateway/features/guardrails/usage-considerations.mdx
 * ("Hazard categories": S1-S13 are the Llama Guard 3 categories evaluated by
 * @cf/meta/llama-guard-3-8b; S14 is not evaluated; P1 is prompt injection, evaluated by
 * @cf/meta/prompt-guard-2-86m). The official `cloudflare` SDK 7.3.0 names them P1, S1..S13 in
 * AIGatewayCreateParams.Guardrails; @pulumi/cloudflare 6.22.1 (AiGatewayGuardrailsPrompt) and
 * terraform-provider-cloudflare (internal/services/ai_gateway/model.go: tfsdk "s1", json "S1")
 * spell the same fields in lower case.
 */
export const GUARDRAIL_CATEGORIES = {
  "violent-crimes": { code: "S1", title: "Violent Crimes" },
  "non-violent-crimes": { code: "S2", title: "Non-Violent Crimes" },
  "sex-related-crimes": { code: "S3", title: "Sex-Related Crimes" },
  "child-sexual-exploitation": { code: "S4", title: "Child Sexual Exploitation" },
  defamation: { code: "S5", title: "Defamation" },
  "specialized-advice": { code: "S6", title: "Specialized Advice" },
  privacy: { code: "S7", title: "Privacy" },
  "intellectual-property": { code: "S8", title: "Intellectual Property" },
  "indiscriminate-weapons": { code: "S9", title: "Indiscriminate Weapons" },
  hate: { code: "S10", title: "Hate" },
  "suicide-and-self-harm": { code: "S11", title: "Suicide & Self-Harm" },
  "sexual-content": { code: "S12", title: "Sexual Content" },
  elections: { code: "S13", title: "Elections" },
  "prompt-injection": { code: "P1", title: "Prompt Injection" },
} as const;

export type GuardrailCategory = keyof typeof GUARDRAIL_CATEGORIES;
export type GuardrailCode = (typeof GUARDRAIL_CATEGORIES)[GuardrailCategory]["code"];
export const GUARDRAIL_CATEGORY_NAMES = Object.keys(GUARDRAIL_CATEGORIES) as [GuardrailCategory, ...GuardrailCategory[]];

/** What the gateway does with a prompt or response that matches (a hazard category, or a DLP profile): flag logs it, block refuses it. */
export const GUARDRAIL_ACTIONS = ["flag", "block"] as const;
export type GuardrailAction = (typeof GUARDRAIL_ACTIONS)[number];

/** block is stronger than flag; 0 for nothing (a category left out is not evaluated at all). */
export const actionStrength = (action: string | undefined): number => (action === undefined ? 0 : GUARDRAIL_ACTIONS.indexOf(action.toLowerCase() as GuardrailAction) + 1);

/** The category a code (any case: `s1`, `S1`) stands for. */
export function categoryOfCode(code: string): GuardrailCategory | undefined {
  const upper = code.toUpperCase();
  return GUARDRAIL_CATEGORY_NAMES.find((name) => GUARDRAIL_CATEGORIES[name].code === upper);
}
