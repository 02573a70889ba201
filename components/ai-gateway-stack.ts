/**
 * One environment's AI API gateway, composed from the stack file: the stack's secrets key, the
 * gateway, provider keys, routes, alert channels, workloads, and (when present) the front door
 * and the usage ledger. Every child is named from its stack-file label, so adding or removing
 * one entry never renames another's resources.
 */
import * as aws from "../vendor/pulumi-aws";
import * as cloudflare from "../vendor/pulumi-cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { gatewayServedKeys } from "../stacks/gateway-keys";
import { gatewayCompatUrl } from "../stacks/providers";
import { callsGateway, readsDirectly } from "../stacks/paths";
import { readersOutside } from "../stacks/reader-accounts";
import type { StackSpec } from "../stacks/schema";
import { formerNames } from "./aliases";
import { Alerts } from "./alerts";
import { secretsKeyPolicy, type Caller } from "./aws-policy-documents";
import { COMPONENT_TYPES, type AiGatewayStackInputs } from "./contract";
import { Gateway } from "./gateway";
import { FrontDoor } from "./front-door";
import { ProviderKeys } from "./provider-keys";
import { Route } from "./route";
import { spendLimitRules } from "./spend-limit-rules";
import { UsageLedger } from "./usage-ledger";
import { environmentTags } from "./tags";
import { Workload } from "./workload";

export interface AiGatewayStackArgs {
  /** The validated stack file (stacks/load.ts). */
  spec: StackSpec;
  /** The account's Secrets Store id; looked up (the account's first store) when absent. */
  secretsStoreId?: pulumi.Input<string>;
  /** The clock for the front door's token rotation period (tests and the offline plan pin it; default: now). */
  now?: Date;
}

/** Per provider key label, the reader roles of the direct and hybrid workloads that read it (each once, sorted). */
export function directReadersByKey(spec: StackSpec): Record<string, string[]> {
  const readers: Record<string, string[]> = {};
  for (const w of Object.values(spec.workloads)) {
    if (!readsDirectly(w.path)) continue;
    for (const k of w.directKeys) (readers[k] ??= []).push(w.readerRoleArn);
  }
  return Object.fromEntries(Object.entries(readers).map(([k, roles]) => [k, [...new Set(roles)].sort()]));
}

export class AiGatewayStack extends pulumi.ComponentResource {
  /** The one base URL applications call. */
  readonly baseUrl: pulumi.Output<string>;
  /** What clients send as `model` for each route, by route label. */
  readonly routeModels: Record<string, string> = {};
  /** Per workload holding gateway keys, the ARN of the secret with its keys. */
  readonly keySecretArns: Record<string, pulumi.Output<string>> = {};
  readonly gatewayId: pulumi.Output<string>;
  readonly gateway: Gateway;
  readonly providerKeys: ProviderKeys;
  readonly alerts: Alerts;
  readonly routes: Record<string, Route> = {};
  readonly workloads: Record<string, Workload> = {};

  constructor(name: string, args: AiGatewayStackArgs, opts?: pulumi.ComponentResourceOptions) {
    // Policies see the environment; the rest reaches them through the child components' inputs.
    const inputs: AiGatewayStackInputs = { environment: args.spec.environment };
    super(COMPONENT_TYPES.AiGatewayStack, name, inputs, opts);
    const spec = args.spec;
    const env = spec.environment;
    const accountId = spec.cloudflare.accountId;
    const protect = spec.gateway.protect;
    const parent = { parent: this };

    const identity = aws.getCallerIdentityOutput({}, parent);
    const caller: pulumi.Output<Caller> = pulumi.all([identity.accountId, identity.arn]).apply(([id, arn]) => ({ accountId: id, arn }));
    // Every reader role in the deploying account (stacks/reader-accounts.ts says why): refused
    // before anything that grants a reader is written.
    const sameAccountCaller = caller.apply((c) => {
      const problems = readersOutside(spec, c.accountId);
      if (problems.length) throw new Error(problems.join("\n"));
      return c;
    });

    const secretsKey = new aws.kms.Key(
      `${name}-secrets-key`,
      {
        description: `Switchyard ${env}: provider and gateway key secrets`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: sameAccountCaller.apply((c) => JSON.stringify(secretsKeyPolicy(c, spec.aws.region, env))),
        tags: environmentTags(env),
      },
      { parent: this, protect },
    );
    new aws.kms.Alias(`${name}-secrets-key-alias`, { name: `alias/switchyard/${env}/secrets`, targetKeyId: secretsKey.keyId }, parent);

    const storeId =
      args.secretsStoreId ??
      cloudflare.getSecretsStoresOutput({ accountId }, parent).results.apply((stores) => {
        if (!stores.length) throw new Error(`Cloudflare account ${accountId} has no Secrets Store: create the account's one store first (it is shared by every environment)`);
        return stores[0].id;
      });

    this.gateway = new Gateway(
      spec.gateway.id,
      {
        environment: env,
        accountId,
        gatewayId: spec.gateway.id,
        billing: spec.gateway.billing,
        cacheTtlSeconds: spec.gateway.cacheTtlSeconds,
        logs: spec.gateway.logs,
        rateLimit: spec.gateway.rateLimit,
        retries: spec.gateway.retries,
        spendLimitRules: spendLimitRules(spec.workloads),
        ...(spec.gateway.guardrails ? { guardrails: spec.gateway.guardrails } : {}),
        ...(spec.gateway.dlp ? { dlp: spec.gateway.dlp } : {}),
        zeroDataRetention: spec.gateway.zeroDataRetention,
        openTelemetry: spec.gateway.openTelemetry,
        storeId,
        protect,
      },
      parent,
    );
    this.gatewayId = this.gateway.gatewayId;

    this.providerKeys = new ProviderKeys(
      "provider-keys",
      { environment: env, keys: spec.providerKeys, accountId, gatewayId: this.gatewayId, gatewayKeys: gatewayServedKeys(spec), kmsKeyArn: secretsKey.arn, directReaders: directReadersByKey(spec), region: spec.aws.region, caller: sameAccountCaller, protect },
      parent,
    );

    const declaredKeys = Object.keys(spec.providerKeys);
    for (const [label, route] of Object.entries(spec.routes)) {
      this.routes[label] = new Route(label, { ...route, environment: env, route: label, declaredKeys, accountId, gatewayId: this.gatewayId }, { ...parent, ...formerNames(route.renamedFrom, (old) => old) });
      this.routeModels[label] = this.routes[label].model;
    }

    this.alerts = new Alerts("alerts", { environment: env, channels: spec.alerts, caller, protect }, parent);

    const keyTable = new cloudflare.WorkersKvNamespace(`${name}-key-table`, { accountId, title: `switchyard-${env}-key-table` }, parent);

    for (const [label, w] of Object.entries(spec.workloads)) {
      const workload = new Workload(
        label,
        {
          ...w,
          environment: env,
          workload: label,
          directKeyAccounts: w.directKeys.map((k) => {
            const key = spec.providerKeys[k];
            return { name: k, provider: key.provider, ...(key.providerAccount ? { providerAccount: key.providerAccount } : {}) };
          }),
          formerRouteLabels: w.routes.flatMap((r) => (Object.hasOwn(spec.routes, r) ? (spec.routes[r].renamedFrom ?? []) : [])),
          alertChannels: Object.fromEntries(w.alerts.filter((a) => Object.hasOwn(spec.alerts, a)).map((a) => [a, { ...spec.alerts[a] }])),
          accountId,
          keyTableNamespaceId: keyTable.id,
          kmsKeyArn: secretsKey.arn,
          directKeySecretArns: Object.fromEntries(w.directKeys.map((k) => [k, this.providerKeys.secretArns[k]])),
          alertTopicArns: this.alerts.topicArns,
          caller: sameAccountCaller,
          protect,
        },
        { ...parent, ...formerNames(w.renamedFrom, (old) => old) },
      );
      this.workloads[label] = workload;
      if (workload.keySecretArn) this.keySecretArns[label] = workload.keySecretArn;
    }

    let baseUrl: pulumi.Output<string> = this.gatewayId.apply((id) => gatewayCompatUrl(accountId, id));
    if (spec.gateway.frontDoor) {
      if (!spec.cloudflare.zoneId) throw new Error("gateway.frontDoor needs cloudflare.zoneId");
      const frontDoor = new FrontDoor(
        "front-door",
        {
          accountId,
          zoneId: spec.cloudflare.zoneId,
          hostname: spec.gateway.frontDoor.hostname,
          environment: env,
          gatewayId: this.gatewayId,
          keyTableNamespaceId: keyTable.id,
          // A renamed route is served under its former labels too (its workloads' keys may call
          // them: WorkloadArgs.formerRouteLabels), so clients calling dynamic/<former label> keep working.
          routes: Object.fromEntries(
            Object.entries(spec.routes).flatMap(([label, r]) => {
              const entry = { graphs: this.routes[label].graphs, active: r.active, canaryPercent: r.canary?.percent ?? 0 };
              return [label, ...(r.renamedFrom ?? [])].map((name) => [name, entry]);
            }),
          ),
          rateLimits: Object.fromEntries(
            Object.entries(spec.workloads).flatMap(([label, w]) => (callsGateway(w.path) && w.rateLimit ? [[label, w.rateLimit.requestsPerMinute]] : [])),
          ),
          keys: Object.values(this.workloads).flatMap((w) => Object.values(w.writtenKeys)),
          protect,
          ...(args.now ? { now: args.now } : {}),
        },
        parent,
      );
      baseUrl = frontDoor.url;
    }
    this.baseUrl = baseUrl;

    if (spec.usageLedger.enabled) {
      new UsageLedger(
        "usage-ledger",
        {
          environment: env,
          accountId,
          gatewayId: this.gatewayId,
          exportEveryMinutes: spec.usageLedger.exportEveryMinutes,
          retentionDays: spec.usageLedger.retentionDays,
          workloads: Object.keys(spec.workloads),
          keys: Object.fromEntries(Object.entries(spec.workloads).map(([label, w]) => [label, w.keys.map((k) => k.name)])),
          renamedFrom: Object.fromEntries(Object.entries(spec.workloads).map(([label, w]) => [label, w.renamedFrom ?? []])),
          maxStored: spec.gateway.logs.maxStored,
          fallbackPrices: Object.fromEntries(Object.entries(spec.usageLedger.fallbackPrices).map(([model, price]) => [model, price.perRequestUsd])),
          kmsKeyArn: secretsKey.arn,
          // Each budget's thresholds, told to the workload's channels by the exporter.
          budgets: Object.fromEntries(
            Object.entries(spec.workloads).flatMap(([label, w]) =>
              w.budget ? [[label, { monthlyUsd: w.budget.monthlyUsd, alertAtPercent: [...w.budget.alertAtPercent], topics: w.alerts.flatMap((c) => (this.alerts.topicArns[c] ? [this.alerts.topicArns[c]] : [])) }]] : [],
            ),
          ),
          alertsKmsKeyArn: this.alerts.kmsKeyArn,
          // The exporter's alarms go to usageLedger.alerts, else to the first alerts channel (an
          // unsubscribed topic when there is none).
          alarmTopicArns: spec.usageLedger.alerts?.map((channel) => this.alerts.topicArns[channel]) ?? [this.alerts.defaultTopicArn],
          protect,
        },
        parent,
      );
    }

    this.registerOutputs({ baseUrl: this.baseUrl, routeModels: this.routeModels, keySecretArns: this.keySecretArns, gatewayId: this.gatewayId });
  }
}
