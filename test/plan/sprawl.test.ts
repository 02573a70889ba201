/** The sprawl count: each count as declared and with every workload on direct accounts, on prod and on variants that move one count. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sprawlCount, type SprawlMetric } from "../../plan/sprawl";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";

const prodYaml = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const load = (yaml: string): StackSpec => {
  const r = parseStackFile(yaml, "stacks/prod.yaml");
  if (!r.ok) throw new Error(r.defects.map((d) => `${d.line}: ${d.message}`).join("\n"));
  return r.spec;
};
const counts = (yaml: string) => Object.fromEntries(sprawlCount(load(yaml)).counts.map((c) => [c.metric, [c.declared, c.allDirect]])) as Record<SprawlMetric, [number, number]>;

describe("sprawl count", () => {
  it("prod: what the gateway saves, and what stays direct", () => {
    expect(counts(prodYaml)).toEqual({
      // openai org-acme-prod, bedrock 210987654321, and one each for anthropic, gemini, mistral (no account named).
      // Direct: checkout 4 providers, support 2, search 2, research 1 (its own), data 3 (openai its own), ops 4.
      providerAccounts: [5, 16],
      providerKeys: [5, 16],
      gatewayKeys: [5, 0],
      // The front door, openai's API (data-pipeline), Bedrock (research-lab) / the five providers' APIs.
      baseUrls: [3, 5],
      invoicePaths: [5, 16],
      // The usage ledger and research-lab's Bedrock account / every account.
      usageSources: [2, 16],
      // platform@ (owns the gateway's keys), research@ and team-data@ (read keys directly) / each workload's quotaOwner.
      quotaOwners: [3, 6],
    });
    expect(sprawlCount(load(prodYaml)).staysDirect).toEqual([
      { workload: "data-pipeline", providers: ["openai"] },
      { workload: "research-lab", providers: ["aws-bedrock"] },
    ]);
  });

  it("keys that name one account count it once; a key naming none is its provider's one account", () => {
    const secondKey = (account: string) =>
      prodYaml.replace("\nroutes:\n", `  openai-batch:\n    provider: openai\n    source: { pulumiSecret: openaiBatchKey }\n    owner: team-data@acme.example\n    rotation: { everyDays: 90, lastRotated: 2026-11-01 }\n    providerAccount: { id: ${account}, contract: pay-as-you-go }\n\nroutes:\n`).replace("    directKeys: [openai-main]", "    directKeys: [openai-batch]");
    // data-pipeline reads a second openai key: in the gateway's account, one more key and no more accounts; in an account
    // of its own, one more of each. With every workload direct, data-pipeline's openai account is one either way.
    expect(counts(secondKey("org-acme-prod"))).toMatchObject({ providerAccounts: [5, 16], providerKeys: [6, 16], invoicePaths: [5, 16] });
    expect(counts(secondKey("org-acme-batch"))).toMatchObject({ providerAccounts: [6, 16], providerKeys: [6, 16], invoicePaths: [6, 16] });
  });

  it("a workload whose usage source is the provider adds the accounts it uses; Unified Billing adds Cloudflare's invoice for a provider without a key", () => {
    const providerUsage = prodYaml.replace(/(  search-indexer:[\s\S]*?usageSourceOfRecord: )gateway/, "$1provider");
    // search-indexer reaches openai and mistral through the gateway: their accounts join the ledger and Bedrock.
    expect(counts(providerUsage).usageSources).toEqual([4, 16]);
    const unified = prodYaml.replace("billing: byok", "billing: unified").replace("    models: [anthropic/claude-haiku-4-5]", "    models: [anthropic/claude-haiku-4-5, groq/llama-3.3-70b]").replace("    anthropic/claude-haiku-4-5: { perRequestUsd: 0.005 }", "    anthropic/claude-haiku-4-5: { perRequestUsd: 0.005 }\n    groq/llama-3.3-70b: { perRequestUsd: 0.001 }");
    expect(counts(unified)).toMatchObject({ providerAccounts: [5, 17], invoicePaths: [6, 17] });
  });

  it("everything through the gateway: nothing stays direct", () => {
    const spec = load(prodYaml);
    const allGateway = { ...spec, workloads: Object.fromEntries(Object.entries(spec.workloads).filter(([, w]) => w.path === "gateway")) };
    const report = sprawlCount(allGateway);
    expect(report.staysDirect).toEqual([]);
    expect(Object.fromEntries(report.counts.map((c) => [c.metric, [c.declared, c.allDirect]]))).toMatchObject({ baseUrls: [1, 4], usageSources: [1, 12], quotaOwners: [1, 4] });
  });
});
