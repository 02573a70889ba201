/**
 * The `cf-aig-metadata` the front door sets on every request it forwards. AI Gateway takes at
 * most five entries (ai-gateway/observability/custom-metadata/); these are five. Spend-limit
 * rules (components/spend-limit-rules.ts) and the usage exporter read them by these names.
 */
export interface RequestMetadata {
  /** The workload label: the usage ledger's key and the spend-limit rules' filter. */
  workload: string;
  keyName: string;
  environment: string;
  /** canary | primary on routes (both graphs of a route branch on it); none for plain models. */
  cohort: "canary" | "primary" | "none";
  /**
   * The workload label again. A spend-limit rule filters on `workload` (the workloads sharing one
   * amount) and splits by `budget`, so each of those workloads keeps its own bucket: a filter
   * alone gives every matching request one shared bucket (ai-gateway/features/spend-limits/).
   */
  budget: string;
}

/** The metadata key a spend-limit rule filters on. */
export const SPEND_FILTER_KEY = "workload" satisfies keyof RequestMetadata;
/** The metadata key a spend-limit rule splits by, one bucket per value. */
export const SPEND_BUCKET_KEY = "budget" satisfies keyof RequestMetadata;

export function requestMetadata(workload: string, keyName: string, environment: string, cohort: RequestMetadata["cohort"]): RequestMetadata {
  return { workload, keyName, environment, cohort, budget: workload };
}
