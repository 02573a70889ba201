/**
 * The environment's Cloudflare AI Gateway: authentication always on, BYOK-only unless billing is
 * unified, logs, rate limit, retries, and the workloads' spend-limit rules.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { StackSpec } from "../stacks/schema";
import type { SpendLimitRule } from "./spend-limit-rules";

export interface GatewayArgs {
  /** The environment (stack-file `environment`). */
  environment: string;
  /** Cloudflare account id, 32 hex characters. */
  accountId: string;
  /** The AI Gateway id, 1-64 of a-z, 0-9, -; changing it replaces the gateway. */
  gatewayId: string;
  /** byok: provider keys are ours and Unified Billing fallback is refused; unified: Cloudflare bills. */
  billing: "byok" | "unified";
  /** Response cache TTL in seconds; 0 turns caching off. */
  cacheTtlSeconds: number;
  /** Request logs: collect or not, how many to keep (10,000-10,000,000), what to do when full. */
  logs: StackSpec["gateway"]["logs"];
  /** Gateway-wide rate limit; absent means none. */
  rateLimit?: StackSpec["gateway"]["rateLimit"];
  /** Upstream retries (1-5 attempts, delay <= 5000 ms). */
  retries?: StackSpec["gateway"]["retries"];
  /** Spend-limit rules (see spend-limit-rules.ts); at most 20. */
  spendLimitRules: SpendLimitRule[];
  /** The account's Secrets Store, which holds BYOK keys. */
  storeId: pulumi.Input<string>;
  /** Protect the gateway from deletion (prod). */
  protect: boolean;
}

/** The `cloudflare.AiGateway` arguments for a gateway entry: pure, so tests read them directly. */
export function aiGatewayArgs(args: GatewayArgs): cloudflare.AiGatewayArgs {
  return {
    accountId: args.accountId,
    aiGatewayId: args.gatewayId,
    // New gateways reject authentication: false, and it can never be switched off again.
    authentication: true,
    byokOnly: args.billing === "byok",
    storeId: args.storeId,
    cacheTtl: args.cacheTtlSeconds,
    cacheInvalidateOnUpdate: true,
    collectLogs: args.logs.collect,
    logManagement: args.logs.maxStored,
    logManagementStrategy: args.logs.whenFull === "stop-inserting" ? "STOP_INSERTING" : "DELETE_OLDEST",
    rateLimitingLimit: args.rateLimit?.requests ?? 0,
    rateLimitingInterval: args.rateLimit?.perSeconds ?? 0,
    ...(args.rateLimit ? { rateLimitingTechnique: args.rateLimit.technique } : {}),
    ...(args.retries ? { retryMaxAttempts: args.retries.maxAttempts, retryBackoff: args.retries.backoff, retryDelay: args.retries.delayMs } : {}),
    // Removing spendLimits does not clear them at Cloudflare: always send the block, disabled when empty.
    spendLimits: { enabled: args.spendLimitRules.length > 0, rules: args.spendLimitRules },
  };
}

export class Gateway extends pulumi.ComponentResource {
  /** The AI Gateway id, known once the gateway exists. */
  readonly gatewayId: pulumi.Output<string>;
  readonly gateway: cloudflare.AiGateway;

  constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("switchyard:index:Gateway", name, args, opts);
    this.gateway = new cloudflare.AiGateway(`${name}-ai-gateway`, aiGatewayArgs(args), { parent: this, protect: args.protect });
    this.gatewayId = this.gateway.aiGatewayId;
    this.registerOutputs({ gatewayId: this.gatewayId });
  }
}
