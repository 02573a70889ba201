/**
 * What each policy does with a value unknown in a preview, as its `unknownValues` says: where the
 * value decides the verdict, the engine reports "can't run ... during preview" (an advisory, never
 * a silent pass); where it does not, the policy judges as before. Unknowns are the engine's
 * sentinel strings, as a first preview sends them (see also the first-preview runs of the example
 * stacks in analyzer-conformance.e2e.test.ts). Also: components that arrive without inputs.
 */
import { describe, expect, it } from "vitest";
import { PACK_NAME, PACK_VERSION } from "../../policies/pack";
import { alarmsActionable } from "../../policies/rules/alarms-actionable";
import { alertsTopicEncrypted } from "../../policies/rules/alerts-topic-encrypted";
import { budgetsRequired } from "../../policies/rules/budgets-required";
import { gatewayByokOnly } from "../../policies/rules/gateway-byok-only";
import { gatewayDlp } from "../../policies/rules/gateway-dlp";
import { gatewayGuardrails } from "../../policies/rules/gateway-guardrails";
import { gatewayOpenTelemetry } from "../../policies/rules/gateway-opentelemetry";
import { keysOneWorkload } from "../../policies/rules/keys-one-workload";
import { keysScope } from "../../policies/rules/keys-scope";
import { ledgerBucketHardened } from "../../policies/rules/ledger-bucket-hardened";
import { ledgerLogsCollected } from "../../policies/rules/ledger-logs-collected";
import { packComponentInputs } from "../../policies/rules/pack-component-inputs";
import { routesRollbackTarget } from "../../policies/rules/routes-rollback-target";
import { secretsOtelHeaders } from "../../policies/rules/secrets-otel-headers";
import { secretsRotationDue } from "../../policies/rules/secrets-rotation-due";
import { tokensFrontDoorRunOnly } from "../../policies/rules/tokens-front-door-run-only";
import type { SwitchyardPolicy } from "../../policies/support/policy";
import { TYPES } from "../../policies/support/types";
import { AI_GATEWAY_RUN_PERMISSION_GROUP_ID } from "../../vendor/cloudflare";
import { aiGatewayResource, gatewayComponent, workload } from "./fixtures";
import { messages, resource, run, UNKNOWN_STRING } from "./harness";

const cantRun = (policy: SwitchyardPolicy, path: string) => `can't run policy '${policy.name}' from policy pack '${PACK_NAME}@v${PACK_VERSION}' during preview: string value at .${path} can't be known during preview`;

describe("a value that decides the verdict, unknown in a preview: the engine's advisory, not a pass", () => {
  it("alarms-actionable: an alarmActions list unknown as a whole", async () => {
    const alarm = resource(TYPES.MetricAlarm, "a", { name: "a", alarmActions: UNKNOWN_STRING });
    const result = await run(alarmsActionable, [alarm]);
    expect(result.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([["advisory", cantRun(alarmsActionable, "alarmActions")]]);
  });

  it("gateway-byok-only: an unknown byokOnly", async () => {
    const g = gatewayComponent();
    const gateway = resource(TYPES.AiGateway, "gw", { aiGatewayId: "acme-prod", authentication: true, byokOnly: UNKNOWN_STRING }, { parent: g });
    expect(await messages(gatewayByokOnly, [g, gateway])).toEqual([cantRun(gatewayByokOnly, "byokOnly")]);
  });

  it("keys-scope and keys-one-workload: a key table value that is unknown", async () => {
    const entry = resource(TYPES.WorkersKv, "kv", { keyName: UNKNOWN_STRING, value: UNKNOWN_STRING });
    expect(await messages(keysScope, [workload(), entry])).toEqual([cantRun(keysScope, "value")]);
    expect(await messages(keysOneWorkload, [workload(), entry])).toEqual([cantRun(keysOneWorkload, "value")]);
  });

  it("tokens-front-door-run-only: an unknown permission group id, an unknown expiry", async () => {
    const frontDoor = resource(TYPES.FrontDoor, "front-door", { environment: "prod" });
    const token = (over: Record<string, unknown>) =>
      resource(
        TYPES.AccountToken,
        "t",
        { policies: [{ effect: "allow", permissionGroups: [{ id: AI_GATEWAY_RUN_PERMISSION_GROUP_ID }], resources: JSON.stringify({ "com.cloudflare.api.account.00112233445566778899aabbccddeeff": "*" }) }], expiresOn: "2027-01-15T00:00:00Z", ...over },
        { parent: frontDoor },
      );
    expect(await messages(tokensFrontDoorRunOnly, [frontDoor, token({ policies: [{ effect: "allow", permissionGroups: [{ id: UNKNOWN_STRING }], resources: "{}" }] })])).toEqual([
      cantRun(tokensFrontDoorRunOnly, "policies.0.permissionGroups.0.id"),
    ]);
    expect(await messages(tokensFrontDoorRunOnly, [frontDoor, token({ expiresOn: UNKNOWN_STRING })])).toEqual([cantRun(tokensFrontDoorRunOnly, "expiresOn")]);
  });

  it("gateway-guardrails, gateway-dlp and ledger-logs-collected: an unknown guardrails block, dlp block, collectLogs", async () => {
    expect(await messages(gatewayGuardrails, [aiGatewayResource({}, (g) => void (g.guardrails = UNKNOWN_STRING))])).toEqual([cantRun(gatewayGuardrails, "guardrails")]);
    expect(await messages(gatewayDlp, [aiGatewayResource({}, (g) => void (g.dlp = UNKNOWN_STRING))])).toEqual([cantRun(gatewayDlp, "dlp")]);
    const ledger = resource(TYPES.UsageLedger, "usage-ledger", {});
    expect(await messages(ledgerLogsCollected, [aiGatewayResource({}, (g) => void (g.collectLogs = UNKNOWN_STRING)), ledger])).toEqual([cantRun(ledgerLogsCollected, "collectLogs")]);
  });

  it("alerts-topic-encrypted: a key policy that is unknown", async () => {
    const key = resource(TYPES.KmsKey, "alerts-key", { enableKeyRotation: true, policy: UNKNOWN_STRING });
    const topic = resource(TYPES.Topic, "t", { kmsMasterKeyId: UNKNOWN_STRING }, { propertyDependencies: { kmsMasterKeyId: [key] } });
    expect(await messages(alertsTopicEncrypted, [key, topic])).toEqual([cantRun(alertsTopicEncrypted, "policy")]);
  });

  it("ledger-bucket-hardened: a companion's setting that is unknown (the companion itself found by its dependency)", async () => {
    const bucket = resource(TYPES.Bucket, "ledger", { bucket: UNKNOWN_STRING });
    const on = { propertyDependencies: { bucket: [bucket] } };
    const companions = [
      resource(TYPES.BucketEncryption, "enc", { bucket: UNKNOWN_STRING, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, on),
      resource(TYPES.BucketPublicAccessBlock, "pab", { bucket: UNKNOWN_STRING, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, on),
      resource(TYPES.BucketVersioning, "ver", { bucket: UNKNOWN_STRING, versioningConfiguration: UNKNOWN_STRING }, on),
      resource(TYPES.BucketLifecycle, "life", { bucket: UNKNOWN_STRING, rules: [{ status: "Enabled" }] }, on),
    ];
    expect(await messages(ledgerBucketHardened, [bucket, ...companions])).toEqual([cantRun(ledgerBucketHardened, "versioningConfiguration")]);
  });
});

describe("a value that cannot change the verdict, unknown in a preview: judged as before", () => {
  it("gateway-opentelemetry counts exporters whose header values are unknown (read from Secrets Manager at deploy time)", async () => {
    const unknownHeader = aiGatewayResource({ openTelemetry: {} }, (g) => void (g.otels = [{ url: "https://api.honeycomb.io/v1/traces", contentType: "json", headers: { "x-honeycomb-team": UNKNOWN_STRING } }]));
    expect(await messages(gatewayOpenTelemetry, [unknownHeader])).toEqual([]);
    expect(await messages(gatewayOpenTelemetry, [unknownHeader], { settings: { minExporters: 2 } })).toEqual([
      'AI Gateway "acme-prod" exports traces to 1 OpenTelemetry collector; this environment requires at least 2. Declare one under gateway.openTelemetry.',
    ]);
  });
});

describe("components that arrive without inputs (an SDK before 3.202.0, or PULUMI_NODEJS_SKIP_COMPONENT_INPUTS)", () => {
  const empty = (type: string, name: string) => resource(type, name, {});

  it("the policies that judge component inputs report themselves not applicable, instead of judging an empty object", async () => {
    for (const [policy, component] of [
      [budgetsRequired, empty(TYPES.Workload, "w")],
      [routesRollbackTarget, empty(TYPES.Route, "r")],
      [secretsRotationDue, empty(TYPES.ProviderKeys, "provider-keys")],
      [secretsOtelHeaders, empty(TYPES.Gateway, "acme-prod")],
    ] as const) {
      const result = await run(policy, [component]);
      expect(result.violations).toEqual([]);
      expect(result.notApplicable.map((n) => [n.policyName, n.reason])).toEqual([[policy.name, "the component reached the pack without its inputs (see switchyard-pack-component-inputs)"]]);
    }
  });

  it("switchyard-pack-component-inputs reports it once, on the stack component, and passes one with inputs", async () => {
    expect(await messages(packComponentInputs, [empty(TYPES.AiGatewayStack, "prod"), empty(TYPES.Workload, "w")])).toEqual([
      'Component "prod" reached the policy pack without its inputs, so the policies that judge workloads, routes and provider keys cannot run. The program\'s @pulumi/pulumi is older than 3.202.0, or PULUMI_NODEJS_SKIP_COMPONENT_INPUTS is set: run the program with @pulumi/pulumi 3.202.0 or later (npm ci installs the pinned version) and unset PULUMI_NODEJS_SKIP_COMPONENT_INPUTS.',
    ]);
    expect(await messages(packComponentInputs, [resource(TYPES.AiGatewayStack, "prod", { environment: "prod" })])).toEqual([]);
  });
});
