import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entryOfResource } from "../../plan/entry-of-resource";
import { entryLocator, formatFieldPath } from "../../plan/locate-entry";
import { parseStackFile } from "../../stacks/load";
import { childIdentity, rootIdentity } from "../support/identities";

const yaml = readFileSync(join(__dirname, "..", "..", "stacks", "dev.yaml"), "utf8");
const loaded = parseStackFile(yaml, "stacks/dev.yaml");
if (!loaded.ok) throw new Error("dev.yaml must load");
const spec = loaded.spec;
const child = childIdentity;
const root = rootIdentity("dev");
const workload = child(root, "switchyard:index:Workload", "data-pipeline");
const keySecret = child(workload, "aws:secretsmanager/secret:Secret", "data-pipeline-keys");
const providerKeys = child(root, "switchyard:index:ProviderKeys", "provider-keys");
const byok = child(providerKeys, "pulumi-nodejs:dynamic/switchyard:ByokProviderConfig", "provider-keys-byok-openai");
const frontDoor = child(root, "switchyard:index:FrontDoor", "front-door");
const token = child(frontDoor, "cloudflare:index/accountToken:AccountToken", "front-door-gateway-token");
const alertTopic = child(child(root, "switchyard:index:Alerts", "alerts"), "aws:sns/topic:Topic", "alerts-pager-topic");
const byUrn = new Map([root, workload, keySecret, providerKeys, byok, frontDoor, token, alertTopic].map((r) => [r.urn, r]));

describe("which stack-file entry a resource comes from", () => {
  it.each([
    [keySecret, "workloads.data-pipeline"],
    [byok, "providerKeys.openai-main"],
    [token, "gateway.frontDoor"],
    [alertTopic, "alerts.pager"],
    [root, ""],
  ])("%o -> %s", (resource, path) => {
    expect(formatFieldPath(entryOfResource(resource, byUrn, spec))).toBe(path);
  });

  it("locations are the lines of the entries' keys, falling back to the deepest existing ancestor", () => {
    const locate = entryLocator(yaml, "stacks/dev.yaml");
    const line = (text: string) => yaml.split("\n").findIndex((l) => l === text) + 1;
    expect(locate(["workloads", "data-pipeline"])).toMatchObject({ line: line("  data-pipeline:"), path: "workloads.data-pipeline" });
    expect(locate(["workloads", "data-pipeline", "nope", 3])).toMatchObject({ line: line("  data-pipeline:"), path: "workloads.data-pipeline" });
    expect(locate([])).toMatchObject({ line: line("environment: dev") });
  });
});
