/**
 * What the Gateway component sends for the AI Gateway, checked against the official `cloudflare`
 * SDK 7.3.0's AIGatewayCreateParams (resources/ai-gateway/ai-gateway.d.ts) rather than against our
 * own notes: every value each stack-file choice produces is one the SDK's types allow. The literal
 * lists below are tied to the SDK's unions in both directions at compile time.
 *
 * @pulumi/cloudflare spells some API fields differently; the bridge maps them through the Terraform
 * provider's model (terraform-provider-cloudflare internal/services/ai_gateway/model.go): guardrail
 * codes `s1` -> JSON `S1`, a DLP policy's `checks` -> `check`, `otels` -> `otel`, `contentType` ->
 * `content_type`.
 */
import type { AIGatewayCreateParams } from "cloudflare/resources/ai-gateway/ai-gateway";
import { describe, expect, it } from "vitest";
import type { GatewayArgs } from "../../components/contract";
import { aiGatewayArgs } from "../../components/gateway";
import { GUARDRAIL_ACTIONS, GUARDRAIL_CATEGORIES, GUARDRAIL_CATEGORY_NAMES } from "../../stacks/guardrails";
import type { StackSpec } from "../../stacks/schema";

type Body = Omit<AIGatewayCreateParams, "account_id">;
type Exactly<List extends readonly unknown[], Union> = [Exclude<Union, List[number]>] extends [never] ? true : false;

const STRATEGIES = ["STOP_INSERTING", "DELETE_OLDEST"] as const satisfies ReadonlyArray<NonNullable<Body["log_management_strategy"]>>;
const TECHNIQUES = ["fixed", "sliding"] as const satisfies ReadonlyArray<NonNullable<Body["rate_limiting_technique"]>>;
const BACKOFFS = ["constant", "linear", "exponential"] as const satisfies ReadonlyArray<NonNullable<Body["retry_backoff"]>>;
const WHEN_FULL = ["delete-oldest", "stop-inserting"] as const satisfies ReadonlyArray<StackSpec["gateway"]["logs"]["whenFull"]>;
type Prompt = AIGatewayCreateParams.Guardrails.Prompt;
type DlpPolicy = AIGatewayCreateParams.UnionMember1.Policy;
type Otel = AIGatewayCreateParams.Otel;
const GUARDRAIL_CODES = ["P1", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "S12", "S13"] as const satisfies ReadonlyArray<keyof Prompt>;
const GUARDRAIL_VALUES = ["FLAG", "BLOCK"] as const satisfies ReadonlyArray<NonNullable<Prompt[keyof Prompt]>>;
const DLP_ACTIONS = ["FLAG", "BLOCK"] as const satisfies ReadonlyArray<DlpPolicy["action"]>;
const DLP_CHECKS = ["REQUEST", "RESPONSE"] as const satisfies ReadonlyArray<DlpPolicy["check"][number]>;
const CONTENT_TYPES = ["json", "protobuf"] as const satisfies ReadonlyArray<NonNullable<Otel["content_type"]>>;
type Gw = StackSpec["gateway"];
type Exporter = Gw["openTelemetry"][string];
type DlpSpecPolicy = NonNullable<Gw["dlp"]>["policies"][string];
const exact: [
  Exactly<typeof STRATEGIES, NonNullable<Body["log_management_strategy"]>>,
  Exactly<typeof TECHNIQUES, NonNullable<Body["rate_limiting_technique"]>>,
  Exactly<typeof BACKOFFS, NonNullable<Body["retry_backoff"]>>,
  Exactly<typeof WHEN_FULL, Gw["logs"]["whenFull"]>,
  Exactly<typeof TECHNIQUES, NonNullable<Gw["rateLimit"]>["technique"]>,
  Exactly<typeof BACKOFFS, NonNullable<Gw["retries"]>["backoff"]>,
  Exactly<typeof GUARDRAIL_CODES, keyof Prompt>,
  Exactly<typeof GUARDRAIL_CODES, keyof AIGatewayCreateParams.Guardrails.Response>,
  Exactly<typeof GUARDRAIL_VALUES, NonNullable<Prompt[keyof Prompt]>>,
  Exactly<typeof DLP_ACTIONS, DlpPolicy["action"]>,
  Exactly<typeof DLP_CHECKS, DlpPolicy["check"][number]>,
  Exactly<typeof CONTENT_TYPES, NonNullable<Otel["content_type"]>>,
  Exactly<typeof CONTENT_TYPES, Exporter["contentType"]>,
  Exactly<typeof GUARDRAIL_ACTIONS, DlpSpecPolicy["action"]>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void exact;

const base: GatewayArgs = {
  environment: "dev",
  accountId: "1f2e3d4c5b6a79880123456789abcdef",
  gatewayId: "acme-dev",
  billing: "byok",
  cacheTtlSeconds: 0,
  logs: { collect: true, maxStored: 10_000, whenFull: "delete-oldest" },
  spendLimitRules: [],
  zeroDataRetention: false,
  openTelemetry: {},
  storeId: "0123456789abcdef0123456789abcdef",
  protect: false,
};

describe("AI Gateway arguments against the official SDK's create params", () => {
  it.each(WHEN_FULL)("logs.whenFull %s is a log_management_strategy the SDK allows", (whenFull) => {
    expect(STRATEGIES).toContain(aiGatewayArgs({ ...base, logs: { ...base.logs, whenFull } }).logManagementStrategy);
  });

  it.each(TECHNIQUES)("rateLimit.technique %s is a rate_limiting_technique the SDK allows", (technique) => {
    expect(TECHNIQUES).toContain(aiGatewayArgs({ ...base, rateLimit: { requests: 1, perSeconds: 60, technique } }).rateLimitingTechnique);
  });

  it.each(BACKOFFS)("retries.backoff %s, and the stack file's extreme attempts and delay, fit the SDK (attempts 1-5, delay 0-60000 ms)", (backoff) => {
    for (const [maxAttempts, delayMs] of [[1, 0], [5, 5000]]) {
      const args = aiGatewayArgs({ ...base, retries: { maxAttempts, backoff, delayMs } });
      expect(BACKOFFS).toContain(args.retryBackoff);
      expect(args.retryMaxAttempts).toBeGreaterThanOrEqual(1);
      expect(args.retryMaxAttempts).toBeLessThanOrEqual(5);
      expect(args.retryDelay).toBeGreaterThanOrEqual(0);
      expect(args.retryDelay).toBeLessThanOrEqual(60_000);
    }
  });

  it("the gateway is linked to the Secrets Store (store_id) that holds its BYOK keys", () => {
    const storeId: Body["store_id"] = aiGatewayArgs(base).storeId as string;
    expect(storeId).toBe(base.storeId);
  });

  it("the stack file's guardrail categories are exactly the SDK's codes, P1 and S1 to S13", () => {
    expect(GUARDRAIL_CATEGORY_NAMES.map((name) => GUARDRAIL_CATEGORIES[name].code).sort()).toEqual([...GUARDRAIL_CODES].sort());
  });

  it.each(GUARDRAIL_ACTIONS)("every category set to %s on prompts and responses is a guardrails body the SDK allows", (action) => {
    const all = Object.fromEntries(GUARDRAIL_CATEGORY_NAMES.map((name) => [name, action]));
    const { guardrails } = aiGatewayArgs({ ...base, guardrails: { prompts: all, responses: all } }) as unknown as { guardrails: Record<"prompt" | "response", Record<string, string>> };
    for (const side of ["prompt", "response"] as const) {
      const body: Prompt = {};
      for (const [code, value] of Object.entries(guardrails[side])) {
        const key = code.toUpperCase() as (typeof GUARDRAIL_CODES)[number];
        expect(GUARDRAIL_CODES).toContain(key);
        expect(GUARDRAIL_VALUES).toContain(value);
        body[key] = value as (typeof GUARDRAIL_VALUES)[number];
      }
      expect(Object.keys(body)).toHaveLength(GUARDRAIL_CODES.length);
    }
  });

  it("DLP policies are the SDK's policy form (id, action, check, enabled, profiles); DLP left out is that form with no policy, disabled", () => {
    for (const action of GUARDRAIL_ACTIONS) {
      for (const check of [["request"], ["response"], ["request", "response"]] as Array<DlpSpecPolicy["check"]>) {
        const { dlp } = aiGatewayArgs({ ...base, dlp: { policies: { pii: { profiles: ["7d1f0e2a-8c3b-4a5d-9e6f-1a2b3c4d5e6f"], action, check } } } }) as unknown as {
          dlp: { enabled: boolean; policies: Array<{ id: string; action: string; checks: string[]; enabled: boolean; profiles: string[] }> };
        };
        const [p] = dlp.policies;
        expect(DLP_ACTIONS).toContain(p.action);
        for (const c of p.checks) expect(DLP_CHECKS).toContain(c);
        const body: AIGatewayCreateParams.UnionMember1 = {
          enabled: dlp.enabled,
          policies: [{ id: p.id, action: p.action as DlpPolicy["action"], check: p.checks as DlpPolicy["check"], enabled: p.enabled, profiles: p.profiles }],
        };
        expect(body).toEqual({ enabled: true, policies: [{ id: "pii", action: action.toUpperCase(), check: check.map((c) => c.toUpperCase()), enabled: true, profiles: ["7d1f0e2a-8c3b-4a5d-9e6f-1a2b3c4d5e6f"] }] });
      }
    }
    const off = aiGatewayArgs(base).dlp as unknown as AIGatewayCreateParams.UnionMember1;
    expect(off).toEqual({ enabled: false, policies: [] });
  });

  it.each(CONTENT_TYPES)("an exporter with content type %s is an otel entry the SDK allows, and zdr is its boolean", (contentType) => {
    const args = aiGatewayArgs({ ...base, openTelemetry: { collector: { url: "https://otel.example.com/v1/traces", contentType, headers: { "x-dataset": { value: "gw" } } } } });
    const [o] = args.otels as Array<{ url: string; contentType: string; headers: Record<string, string> }>;
    expect(CONTENT_TYPES).toContain(o.contentType);
    const otel: Otel = { url: o.url, headers: o.headers, content_type: o.contentType as Otel["content_type"] };
    expect(otel).toEqual({ url: "https://otel.example.com/v1/traces", headers: { "x-dataset": "gw" }, content_type: contentType });
    const zdr: Body["zdr"] = args.zdr as boolean;
    expect(zdr).toBe(false);
  });
});
