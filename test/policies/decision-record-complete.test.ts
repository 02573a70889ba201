import { describe, expect, it } from "vitest";
import { decisionRecordComplete } from "../../policies/rules/decision-record-complete";
import { workload, workloadInputs } from "./fixtures";
import { messages } from "./harness";

describe("switchyard-decision-record-complete", () => {
  it("passes a complete record", async () => {
    expect(await messages(decisionRecordComplete, [workload()])).toEqual([]);
  });

  it("reports a workload without a record", async () => {
    expect(await messages(decisionRecordComplete, [workload({ decision: undefined })])).toEqual([
      'Workload "checkout-assistant" has no decision record. Add workloads.checkout-assistant.decision with billingSourceOfRecord, usageSourceOfRecord, invoiceReviewer, quotaOwner, rollbackOwner, reviewDate.',
    ]);
  });

  it("reports each missing field", async () => {
    const { invoiceReviewer: _i, reviewDate: _r, ...rest } = workloadInputs().decision!;
    expect(await messages(decisionRecordComplete, [workload({ decision: rest })])).toEqual([
      'Workload "checkout-assistant"\'s decision record lacks invoiceReviewer, reviewDate. Add workloads.checkout-assistant.decision.invoiceReviewer, workloads.checkout-assistant.decision.reviewDate.',
    ]);
  });
});
