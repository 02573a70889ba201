/**
 * End-to-end support: an example stack through the real program under the mock engine
 * (engine/capture.ts), then every policy with that environment's config file through
 * @pulumi/policy's analyzer (engine/analyze.ts), as the offline plan judges it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runPolicies, type PolicyViolation } from "../../engine/analyze";
import { captureStack, type CaptureOptions, type CapturedResource } from "../../engine/capture";
import type { StackSpec } from "../../stacks/schema";
import { pulumiSecretNames } from "../../stacks/secret-references";
import { TODAY } from "./harness";

/** Credential-shaped stand-ins for the provider keys' config secrets, assembled so no such literal sits in the repo. */
export const FAKE_SECRETS: Record<string, string> = {
  openaiApiKey: ["sk", "proj", "E2eFakeOpenAiKeyValue0123456789"].join("-"),
  anthropicApiKey: ["sk", "ant", "api03", "E2eFakeAnthropicKeyValue012345"].join("-"),
  geminiApiKey: ["AIza", "SyE2eFakeGeminiKeyValue0123456789ab"].join(""),
  mistralApiKey: "e2e-fake-mistral-key-value",
  honeycombApiKey: "e2e-fake-honeycomb-team-key",
};

/** The day the example stacks were written, as a clock for the program (token rotation). */
export const NOW = new Date(`${TODAY}T00:00:00Z`);

/** policies/config/<env>.json, as --policy-pack-config gives it. */
export function configFile(env: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "policies", "config", `${env}.json`), "utf8")) as Record<string, unknown>;
}

/** The environment's config file with dates judged as of TODAY. */
export function environmentConfig(env: string): Record<string, unknown> {
  const config = configFile(env) as Record<string, Record<string, unknown>>;
  // Stack files carry fixed dates: judge them as of the day they were written.
  for (const name of ["switchyard-keys-expiry", "switchyard-secrets-rotation-due", "switchyard-decision-review-due", "switchyard-tokens-front-door-run-only"]) config[name] = { ...config[name], today: TODAY };
  return config;
}

export function fakeSecretsFor(spec: StackSpec): Record<string, string> {
  return Object.fromEntries(pulumiSecretNames(spec).map((name) => [name, FAKE_SECRETS[name] ?? "e2e-fake-key"]));
}

export async function capture(spec: StackSpec, options: Omit<CaptureOptions, "config"> = {}): Promise<CapturedResource[]> {
  return (await captureStack(spec, { now: NOW, config: fakeSecretsFor(spec), ...options })).resources;
}

export async function judge(resources: readonly CapturedResource[], env: string): Promise<PolicyViolation[]> {
  return runPolicies(resources, { config: environmentConfig(env), stackTags: { "switchyard:environment": env } });
}

export const describeViolation = (v: PolicyViolation) => `${v.enforcementLevel} ${v.policyName}: ${v.message}`;
