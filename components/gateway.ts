/**
 * The environment's Cloudflare AI Gateway: authentication always on, BYOK-only unless billing is
 * unified, logs, rate limit, retries, the workloads' spend-limit rules, and the declared safety
 * and observability controls (guardrails, DLP, zero data retention, OpenTelemetry exporters;
 * docs/gateway-safety.md).
 */
import * as cloudflare from "../vendor/pulumi-cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { GUARDRAIL_CATEGORIES, type GuardrailCategory } from "../stacks/guardrails";
import type { GuardrailsSpec, HeaderValueSpec } from "../stacks/schema";
import { COMPONENT_TYPES, type GatewayArgs } from "./contract";
import { secretValue } from "./secret-reference";

/** An OpenTelemetry header's value from its declaration: the component resolves references to Pulumi secrets. */
export type HeaderValue = (exporter: string, header: string, declared: HeaderValueSpec) => pulumi.Input<string>;

/** Plain values only: what the pure mapping can resolve without Pulumi config or AWS. */
const plainOnly: HeaderValue = (exporter, header, declared) => {
  if (declared.value !== undefined) return declared.value;
  throw new Error(`gateway.openTelemetry.${exporter}.headers.${header} is a reference: pass a HeaderValue that resolves it`);
};

/** One side (prompt or response) of the guardrails: the SDK's lower-case codes (s1, p1) to FLAG or BLOCK. */
function guardrailSide(categories: GuardrailsSpec["prompts"]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(categories)
      .filter(([, action]) => action !== undefined)
      .map(([name, action]) => [GUARDRAIL_CATEGORIES[name as GuardrailCategory].code.toLowerCase(), String(action).toUpperCase()]),
  );
}

/** The `cloudflare.AiGateway` arguments for a gateway entry: pure, so tests read them directly. */
export function aiGatewayArgs(args: GatewayArgs, headerValue: HeaderValue = plainOnly): cloudflare.AiGatewayArgs {
  const byName = <T>(record: Readonly<Record<string, T>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
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
    // Left out when none are declared: no guardrails (the API's null, AIGatewayCreateParams.guardrails).
    ...(args.guardrails ? { guardrails: { prompt: guardrailSide(args.guardrails.prompts), response: guardrailSide(args.guardrails.responses) } } : {}),
    // The API has no null for dlp (AIGatewayCreateParams.dlp): DLP not declared is sent as off, with no policy.
    dlp: args.dlp
      ? { enabled: true, policies: byName(args.dlp.policies).map(([id, p]) => ({ id, action: p.action.toUpperCase(), checks: p.check.map((c) => c.toUpperCase()), enabled: true, profiles: [...p.profiles] })) }
      : { enabled: false, policies: [] },
    // zdr and otels keep their last state when left out (terraform-provider-cloudflare ai_gateway
    // schema.go: computed, UseNonNullStateForUnknown): always send both, so removing turns them off.
    zdr: args.zeroDataRetention,
    otels: byName(args.openTelemetry).map(([name, exporter]) => ({
      url: exporter.url,
      contentType: exporter.contentType,
      headers: Object.fromEntries(byName(exporter.headers).map(([header, declared]) => [header, headerValue(name, header, declared)])),
    })),
  };
}

export class Gateway extends pulumi.ComponentResource {
  /** The AI Gateway id, known once the gateway exists. */
  readonly gatewayId: pulumi.Output<string>;
  readonly gateway: cloudflare.AiGateway;

  constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Gateway, name, args, opts);
    const config = new pulumi.Config();
    // A header given by reference becomes a Pulumi secret here: the SDK does not mark otels secret.
    const headerValue: HeaderValue = (_exporter, _header, declared) => declared.value ?? secretValue(declared, config, this);
    this.gateway = new cloudflare.AiGateway(`${name}-ai-gateway`, aiGatewayArgs(args, headerValue), {
      parent: this,
      protect: args.protect,
      // What Cloudflare reads back for otels (headers included) stays encrypted in state too.
      additionalSecretOutputs: ["otels"],
    });
    this.gatewayId = this.gateway.aiGatewayId;
    // Stack policies judge the gateway by its outputs (the engine sends them no component inputs).
    this.registerOutputs({ gatewayId: this.gatewayId, environment: args.environment, billing: args.billing });
  }
}
