/**
 * End-to-end support: an example stack through the real program under the mock engine
 * (plan/capture.ts), then every policy with that environment's config file (plan/run-policies.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { captureStack } from "../../plan/capture";
import { runPolicies, type CapturedResource, type PolicyViolation } from "../../plan/run-policies";
import type { StackSpec } from "../../stacks/schema";
import { TODAY } from "./harness";

/** Credential-shaped stand-ins for the provider keys' config secrets, assembled so no such literal sits in the repo. */
export const FAKE_SECRETS: Record<string, string> = {
  openaiApiKey: ["sk", "proj", "E2eFakeOpenAiKeyValue0123456789"].join("-"),
  anthropicApiKey: ["sk", "ant", "api03", "E2eFakeAnthropicKeyValue012345"].join("-"),
  geminiApiKey: ["AIza", "SyE2eFakeGeminiKeyValue0123456789ab"].join(""),
  mistralApiKey: "e2e-fake-mistral-key-value",
};

export function environmentConfig(env: string): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(__dirname, "..", "..", "policies", "config", `${env}.json`), "utf8")) as Record<string, Record<string, unknown>>;
  // Stack files carry fixed dates: judge them as of the day they were written.
  for (const name of ["switchyard-keys-expiry", "switchyard-secrets-rotation-due", "switchyard-decision-review-due"]) config[name] = { ...config[name], today: TODAY };
  return config;
}

export async function capture(spec: StackSpec): Promise<CapturedResource[]> {
  const config = Object.fromEntries(Object.values(spec.providerKeys).flatMap((k) => (k.source.pulumiSecret ? [[k.source.pulumiSecret, FAKE_SECRETS[k.source.pulumiSecret] ?? "e2e-fake-key"]] : [])));
  return (await captureStack(spec, { config })).resources;
}

export async function judge(resources: CapturedResource[], env: string): Promise<PolicyViolation[]> {
  return runPolicies(resources, { config: environmentConfig(env), stackTags: { "switchyard:environment": env } });
}

export const describeViolation = (v: PolicyViolation) => `${v.enforcementLevel} ${v.policyName}: ${v.message}`;
