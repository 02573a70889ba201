/**
 * The Cloudflare API calls of a deploy (plan/cloudflare-api-calls.ts): counted per resource and
 * operation as terraform-provider-cloudflare makes them, against Cloudflare's rate limit.
 */
import { describe, expect, it } from "vitest";
import { CLOUDFLARE_RATE_LIMIT, cloudflareApiCalls, describeCloudflareApiCalls } from "../../plan/cloudflare-api-calls";
import type { EntryLocation, ResourceChange } from "../../plan/report-model";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderAll } from "../../cli/plan";
import { VENDOR_RATE_LIMITS } from "../../vendor/limits";
import { reportFromYaml } from "./report-fixture";

const KV = "cloudflare:index/workersKv:WorkersKv";
const SCRIPT = "cloudflare:index/workersScript:WorkersScript";
const DOMAIN = "cloudflare:index/workersCustomDomain:WorkersCustomDomain";
const AT: EntryLocation = { file: "stacks/prod.yaml", line: 40, col: 1, path: "workloads" };
const resource = (type: string, custom = true) => ({ type, custom });
const change = (type: string, action: ResourceChange["action"]): ResourceChange => ({ urn: `urn:${type}:${action}`, type, name: "x", action, changedInputs: [], replaceBecause: [], protect: false });

describe("Cloudflare API calls of a deploy", () => {
  it("a first deploy creates every Cloudflare resource, a refresh reads each (a KV key is read with its metadata, a Worker in three calls)", () => {
    const calls = cloudflareApiCalls([resource(KV), resource(KV), resource(SCRIPT), resource("aws:s3/bucket:Bucket"), resource("switchyard:index:Workload", false)], undefined, AT);
    expect(calls).toEqual({ firstDeploy: 3, refresh: 2 + 2 + 3, limit: 1_200, windowMinutes: 5 });
  });

  it("this change: a replacement is a create and a delete, a custom domain's update makes no call, an unchanged rename none", () => {
    const changes = [change(KV, "create"), change(KV, "update"), change(KV, "replace"), change(KV, "delete"), change(DOMAIN, "update"), change(SCRIPT, "same"), change("aws:iam/role:Role", "replace")];
    expect(cloudflareApiCalls([], changes, AT).thisChange).toBe(1 + 1 + 2 + 1);
  });

  it("warns, with the pacing advice, only past the limit", () => {
    const keys = (n: number) => Array.from({ length: n }, () => resource(KV));
    // 600 keys: 600 calls to create, 1,200 to refresh: at the limit, not past it.
    expect(cloudflareApiCalls(keys(600), undefined, AT).warning).toBeUndefined();
    const over = cloudflareApiCalls(keys(601), undefined, AT);
    expect(over.warning?.location).toEqual(AT);
    expect(over.warning?.message).toMatch(/^A refresh makes 1,202 Cloudflare API calls\. Cloudflare allows 1,200 per 5 minutes per user/);
    expect(over.warning?.message).toContain("`pulumi up --parallel 4`");
    expect(cloudflareApiCalls(keys(1_300), [change(KV, "create")], AT).warning?.message).toMatch(/^A first deploy makes 1,300 and a refresh makes 2,600 Cloudflare API calls\./);
  });

  it("a Cloudflare resource type without counts read from its provider stops the plan", () => {
    expect(() => cloudflareApiCalls([resource("cloudflare:index/r2Bucket:R2Bucket")], undefined, AT)).toThrow(/no call counts for Cloudflare resource type cloudflare:index\/r2Bucket:R2Bucket/);
  });

  it("the limit is vendor/limits.ts's, and the report line says all three figures", () => {
    expect(CLOUDFLARE_RATE_LIMIT).toBe(VENDOR_RATE_LIMITS.cloudflareApiRequests);
    expect(describeCloudflareApiCalls({ firstDeploy: 764, refresh: 1_520, thisChange: 2, limit: 1_200, windowMinutes: 5 })).toBe(
      "764 for a first deploy, 1,520 for a refresh, 2 for this change; Cloudflare allows 1,200 per 5 minutes",
    );
  });

  it("every format says the figures, and the warning over the limit at the workloads", () => {
    const devYaml = readFileSync(join(__dirname, "..", "..", "stacks", "dev.yaml"), "utf8");
    const keys = Array.from({ length: 700 }, (_, i) => ({ urn: `urn:pulumi:dev::switchyard::${KV}::key-${i}`, type: KV, name: `key-${i}`, custom: true }));
    const out = renderAll(reportFromYaml(devYaml, { file: "stacks/dev.yaml", resources: keys }));
    expect(out.text).toMatch(/Cloudflare API calls: 700 for a first deploy, 1,400 for a refresh; Cloudflare\nallows 1,200 per 5 minutes\nWARNING A refresh makes 1,400 Cloudflare API calls\./);
    expect(out.md).toContain("| Cloudflare API calls | 700 for a first deploy, 1,400 for a refresh; Cloudflare allows 1,200 per 5 minutes; **over the limit** (below) |");
    expect(out.md).toContain("> **Warning:** A refresh makes 1,400 Cloudflare API calls.");
    const json = JSON.parse(out.json) as { cloudflareApiCalls: { firstDeploy: number; refresh: number; warning: { location: EntryLocation } } };
    expect(json.cloudflareApiCalls).toMatchObject({ firstDeploy: 700, refresh: 1_400, warning: { location: { file: "stacks/dev.yaml", path: "workloads" } } });
    const sarif = JSON.parse(out.sarif) as { runs: Array<{ properties: unknown; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    expect(sarif.runs[0]?.properties).toMatchObject({ cloudflareApiCalls: { firstDeploy: 700, refresh: 1_400, limit: 1_200, windowMinutes: 5 } });
    const warning = sarif.runs[0]?.results.find((r) => r.ruleId === "switchyard-cloudflare-api-rate");
    expect(warning?.level).toBe("warning");
    expect(warning?.locations[0]?.physicalLocation.region.startLine).toBe(json.cloudflareApiCalls.warning.location.line);
  });
});
