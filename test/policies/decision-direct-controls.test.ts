import { describe, expect, it } from "vitest";
import { decisionDirectControls } from "../../policies/rules/decision-direct-controls";
import { workload, workloadInputs } from "./fixtures";
import { messages } from "./harness";

const direct = (controls: string[], account: boolean) =>
  workload({
    workload: "research-lab",
    path: "direct",
    keys: [],
    directKeys: ["bedrock-research"],
    directKeyAccounts: [{ name: "bedrock-research", provider: "aws-bedrock", ...(account ? { providerAccount: { id: "210987654321", contract: "pay-as-you-go" } } : {}) }],
    decision: { ...workloadInputs().decision!, providerNativeControls: controls },
  });

describe("switchyard-decision-direct-controls", () => {
  it("passes a direct workload naming controls and account, and a gateway workload naming none", async () => {
    expect(await messages(decisionDirectControls, [direct(["data-residency"], true), workload()])).toEqual([]);
  });

  it("reports a direct workload with no provider-native controls", async () => {
    expect(await messages(decisionDirectControls, [direct([], true)])).toEqual([
      'Workload "research-lab" (path direct) names no provider-native controls, yet it calls providers outside the gateway. List them in workloads.research-lab.decision.providerNativeControls (e.g. audit-logs, quota-increase).',
    ]);
  });

  it("reports a directly read key with no provider account", async () => {
    expect(await messages(decisionDirectControls, [direct(["audit-logs"], false)])).toEqual([
      'Workload "research-lab" (path direct) reads provider key "bedrock-research" directly, but that key names no provider account. Set providerKeys.bedrock-research.providerAccount: { id, contract }.',
    ]);
  });
});
