/**
 * Every Switchyard policy, in README order. Tests and the offline plan import this list (never
 * index.ts: building a PolicyPack starts the analyzer's gRPC server).
 */
import type { SwitchyardPolicy } from "./support/policy";
import { alarmsActionable } from "./rules/alarms-actionable";
import { alertsTopicEncrypted } from "./rules/alerts-topic-encrypted";
import { budgetsRequired } from "./rules/budgets-required";
import { decisionDirectControls } from "./rules/decision-direct-controls";
import { decisionRecordComplete } from "./rules/decision-record-complete";
import { decisionReviewDue } from "./rules/decision-review-due";
import { gatewayAuthentication } from "./rules/gateway-authentication";
import { gatewayByokOnly } from "./rules/gateway-byok-only";
import { gatewayDlp } from "./rules/gateway-dlp";
import { gatewayGuardrails } from "./rules/gateway-guardrails";
import { gatewayOpenTelemetry } from "./rules/gateway-opentelemetry";
import { keysAllowedIps } from "./rules/keys-allowed-ips";
import { keysFamilies } from "./rules/keys-families";
import { keysExpiry } from "./rules/keys-expiry";
import { keysNoCloudflareTokenInWorkloads } from "./rules/keys-no-cloudflare-token-in-workloads";
import { keysOneWorkload } from "./rules/keys-one-workload";
import { keysScope } from "./rules/keys-scope";
import { ledgerBucketHardened } from "./rules/ledger-bucket-hardened";
import { ledgerAlarmsRouted } from "./rules/ledger-alarms-routed";
import { ledgerLogsCollected } from "./rules/ledger-logs-collected";
import { ledgerRequired } from "./rules/ledger-required";
import { limitsVendor } from "./rules/limits-vendor";
import { packComponentInputs } from "./rules/pack-component-inputs";
import { policyFloor } from "./rules/policy-floor";
import { protectionRequired } from "./rules/protection-required";
import { routesCanaryBound } from "./rules/routes-canary-bound";
import { routesFallback } from "./rules/routes-fallback";
import { routesFallbackDistinct } from "./rules/routes-fallback-distinct";
import { routesRollbackTarget } from "./rules/routes-rollback-target";
import { secretsByReference } from "./rules/secrets-by-reference";
import { secretsCustomerManagedKey } from "./rules/secrets-customer-managed-key";
import { secretsKeyRotation } from "./rules/secrets-key-rotation";
import { secretsNoPlaintextCredentials } from "./rules/secrets-no-plaintext-credentials";
import { secretsOtelHeaders } from "./rules/secrets-otel-headers";
import { secretsRecoveryWindow } from "./rules/secrets-recovery-window";
import { secretsRotationDue } from "./rules/secrets-rotation-due";
import { tokensFrontDoorRunOnly } from "./rules/tokens-front-door-run-only";

export const allPolicies: readonly SwitchyardPolicy[] = [
  policyFloor,
  packComponentInputs,
  keysOneWorkload,
  keysScope,
  keysNoCloudflareTokenInWorkloads,
  tokensFrontDoorRunOnly,
  keysExpiry,
  keysAllowedIps,
  keysFamilies,
  gatewayAuthentication,
  gatewayByokOnly,
  gatewayGuardrails,
  gatewayDlp,
  gatewayOpenTelemetry,
  secretsByReference,
  secretsCustomerManagedKey,
  secretsKeyRotation,
  secretsRecoveryWindow,
  secretsNoPlaintextCredentials,
  secretsOtelHeaders,
  secretsRotationDue,
  routesRollbackTarget,
  routesFallback,
  routesFallbackDistinct,
  routesCanaryBound,
  protectionRequired,
  budgetsRequired,
  alarmsActionable,
  alertsTopicEncrypted,
  decisionRecordComplete,
  decisionReviewDue,
  decisionDirectControls,
  ledgerBucketHardened,
  ledgerLogsCollected,
  ledgerRequired,
  ledgerAlarmsRouted,
  limitsVendor,
];
