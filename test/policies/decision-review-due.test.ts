import { describe, expect, it } from "vitest";
import { decisionReviewDue } from "../../policies/rules/decision-review-due";
import { workload, workloadInputs } from "./fixtures";
import { messages } from "./harness";

const reviewOn = (reviewDate: string) => workload({ decision: { ...workloadInputs().decision!, reviewDate } });

describe("switchyard-decision-review-due", () => {
  it("passes a review date in the future or today", async () => {
    expect(await messages(decisionReviewDue, [reviewOn("2027-03-01"), reviewOn("2026-11-27")])).toEqual([]);
  });

  it("reports a review date that has passed", async () => {
    expect(await messages(decisionReviewDue, [reviewOn("2026-11-01")])).toEqual([
      'Workload "checkout-assistant"\'s decision was due for review on 2026-11-01, 26 days ago (today is 2026-11-27). Review it and set workloads.checkout-assistant.decision.reviewDate to the next review date.',
    ]);
  });

  it("judges against the injected today", async () => {
    expect(await messages(decisionReviewDue, [reviewOn("2027-03-01")], { settings: { today: "2027-03-02" } })).toEqual([
      'Workload "checkout-assistant"\'s decision was due for review on 2027-03-01, 1 day ago (today is 2027-03-02). Review it and set workloads.checkout-assistant.decision.reviewDate to the next review date.',
    ]);
  });
});
