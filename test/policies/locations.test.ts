/**
 * Policies that know which stack-file field to fix report it as data (reportAt), beside the
 * message and URN CrossGuard carries: the plan places the finding on that field's line without
 * reading the message. One bad field per case, the exact path expected.
 */
import { describe, expect, it } from "vitest";
import { budgetsRequired } from "../../policies/rules/budgets-required";
import { decisionDirectControls } from "../../policies/rules/decision-direct-controls";
import { decisionReviewDue } from "../../policies/rules/decision-review-due";
import { keysAllowedIps } from "../../policies/rules/keys-allowed-ips";
import { keysExpiry } from "../../policies/rules/keys-expiry";
import { keysOneWorkload } from "../../policies/rules/keys-one-workload";
import { keysScope } from "../../policies/rules/keys-scope";
import { protectionRequired } from "../../policies/rules/protection-required";
import { routesCanaryBound } from "../../policies/rules/routes-canary-bound";
import { routesFallback } from "../../policies/rules/routes-fallback";
import { routesRollbackTarget } from "../../policies/rules/routes-rollback-target";
import { secretsByReference } from "../../policies/rules/secrets-by-reference";
import { secretsRotationDue } from "../../policies/rules/secrets-rotation-due";
import { TYPES } from "../../policies/support/types";
import { providerKeys, route, routeInputs, workload, workloadInputs } from "./fixtures";
import { fields, resource } from "./harness";

const KEY = { name: "checkout-prod", expiresOn: "2027-02-15" };

describe("the stack-file field a finding is about, as data", () => {
  it.each([
    ["keys-allowed-ips", () => fields(keysAllowedIps, [workload({ keys: [KEY] })]), ["workloads.checkout-assistant.keys[0].allowedIps"]],
    ["keys-expiry", () => fields(keysExpiry, [workload({ keys: [{ ...KEY, expiresOn: "2026-01-01" }] })]), ["workloads.checkout-assistant.keys[0].expiresOn"]],
    ["keys-scope", () => fields(keysScope, [workload({ models: ["openai/*"] })]), ["workloads.checkout-assistant.models"]],
    [
      "keys-one-workload",
      () => fields(keysOneWorkload, [workload(), workload({ workload: "other", keys: [{ ...KEY, name: "spare" }, KEY] })]),
      ["workloads.other.keys[1]"],
    ],
    ["budgets-required", () => fields(budgetsRequired, [workload({ budget: undefined })]), ["workloads.checkout-assistant.budget"]],
    ["decision-review-due", () => fields(decisionReviewDue, [workload({ decision: { ...workloadInputs().decision!, reviewDate: "2026-01-01" } })]), ["workloads.checkout-assistant.decision.reviewDate"]],
    [
      "decision-direct-controls",
      () => fields(decisionDirectControls, [workload({ path: "direct", directKeys: ["bedrock-research"], directKeyAccounts: [{ name: "bedrock-research", provider: "aws-bedrock" }], decision: { ...workloadInputs().decision!, providerNativeControls: ["audit-logs"] } })]),
      ["providerKeys.bedrock-research"],
    ],
    ["routes-canary-bound", () => fields(routesCanaryBound, [route({ canary: { ...routeInputs().canary!, percent: 80 } })]), ["routes.chat.canary.percent"]],
    ["routes-fallback", () => fields(routesFallback, [route({ fallbacks: [] })]), ["routes.chat.fallbacks"]],
    ["routes-rollback-target", () => fields(routesRollbackTarget, [route({ rollback: { ...routeInputs().primary } })]), ["routes.chat.rollback"]],
    [
      "secrets-by-reference",
      () => fields(secretsByReference, [providerKeys({ "openai-main": { provider: "openai", source: {}, owner: "p@acme.example", rotation: { everyDays: 90, lastRotated: "2026-10-15" } } })]),
      ["providerKeys.openai-main.source"],
    ],
    [
      "secrets-rotation-due",
      () => fields(secretsRotationDue, [providerKeys({ stale: { provider: "openai", source: { pulumiSecret: "k" }, owner: "p@acme.example", rotation: { everyDays: 30, lastRotated: "2026-01-01" } } })]),
      ["providerKeys.stale.rotation.lastRotated"],
    ],
    ["protection-required", () => fields(protectionRequired, [resource(TYPES.Secret, "s", {}, { protect: false })]), ["gateway.protect"]],
  ] as const)("%s", async (_name, found, expected) => {
    expect(await found()).toEqual(expected);
  });
});
