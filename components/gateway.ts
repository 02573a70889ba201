/**
 * The environment's Cloudflare AI Gateway: authentication always on, BYOK-only unless billing is
 * unified, logs, rate limit, retries, and the workloads' spend-limit rules.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, type GatewayArgs } from "./contract";

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
    super(COMPONENT_TYPES.Gateway, name, args, opts);
    this.gateway = new cloudflare.AiGateway(`${name}-ai-gateway`, aiGatewayArgs(args), { parent: this, protect: args.protect });
    this.gatewayId = this.gateway.aiGatewayId;
    // Stack policies judge the gateway by its outputs (the engine sends them no component inputs).
    this.registerOutputs({ gatewayId: this.gatewayId, environment: args.environment, billing: args.billing });
  }
}
