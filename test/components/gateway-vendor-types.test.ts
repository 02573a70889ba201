/**
 * What the Gateway component sends for the AI Gateway, checked against the official `cloudflare`
 * SDK 7.3.0's AIGatewayCreateParams (resources/ai-gateway/ai-gateway.d.ts) rather than against our
 * own notes: every value each stack-file choice produces is one the SDK's types allow. The literal
 * lists below are tied to the SDK's unions in both directions at compile time.
 */
import type { AIGatewayCreateParams } from "cloudflare/resources/ai-gateway/ai-gateway";
import { describe, expect, it } from "vitest";
import type { GatewayArgs } from "../../components/contract";
import { aiGatewayArgs } from "../../components/gateway";
import type { StackSpec } from "../../stacks/schema";

type Body = Omit<AIGatewayCreateParams, "account_id">;
type Exactly<List extends readonly unknown[], Union> = [Exclude<Union, List[number]>] extends [never] ? true : false;

const STRATEGIES = ["STOP_INSERTING", "DELETE_OLDEST"] as const satisfies ReadonlyArray<NonNullable<Body["log_management_strategy"]>>;
const TECHNIQUES = ["fixed", "sliding"] as const satisfies ReadonlyArray<NonNullable<Body["rate_limiting_technique"]>>;
const BACKOFFS = ["constant", "linear", "exponential"] as const satisfies ReadonlyArray<NonNullable<Body["retry_backoff"]>>;
const WHEN_FULL = ["delete-oldest", "stop-inserting"] as const satisfies ReadonlyArray<StackSpec["gateway"]["logs"]["whenFull"]>;
type Gw = StackSpec["gateway"];
const exact: [
  Exactly<typeof STRATEGIES, NonNullable<Body["log_management_strategy"]>>,
  Exactly<typeof TECHNIQUES, NonNullable<Body["rate_limiting_technique"]>>,
  Exactly<typeof BACKOFFS, NonNullable<Body["retry_backoff"]>>,
  Exactly<typeof WHEN_FULL, Gw["logs"]["whenFull"]>,
  Exactly<typeof TECHNIQUES, NonNullable<Gw["rateLimit"]>["technique"]>,
  Exactly<typeof BACKOFFS, NonNullable<Gw["retries"]>["backoff"]>,
] = [true, true, true, true, true, true];
void exact;

const base: GatewayArgs = {
  environment: "dev",
  accountId: "1f2e3d4c5b6a79880123456789abcdef",
  gatewayId: "acme-dev",
  billing: "byok",
  cacheTtlSeconds: 0,
  logs: { collect: true, maxStored: 10_000, whenFull: "delete-oldest" },
  spendLimitRules: [],
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
});
