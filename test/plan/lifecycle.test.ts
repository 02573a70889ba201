/**
 * plan/lifecycle.ts: resource changes and the two specs -> lifecycle findings, each rule, each
 * level, production against a dev environment. Pure: changes and resource identities are written
 * here as the capture names them (components/*.ts).
 */
import { describe, expect, it } from "vitest";
import type { ResourceIdentity } from "../../plan/entry-of-resource";
import { lifecycleFindings, type LifecycleInput } from "../../plan/lifecycle";
import type { EntryLocation, ResourceChange } from "../../plan/report-model";
import type { StackSpec } from "../../stacks/schema";
import { childIdentity, rootIdentity } from "../support/identities";
import { editable, loadExample } from "../support/mock-engine";

const TODAY = "2026-11-27";
const locate = (path: ReadonlyArray<string | number>): EntryLocation => ({ file: "stacks/x.yaml", line: 1, col: 1, path: path.join(".") });
const child = childIdentity;
const root = rootIdentity("prod");
const gateway = child(root, "switchyard:index:Gateway", "acme-prod");
const aiGateway = child(gateway, "cloudflare:index/aiGateway:AiGateway", "acme-prod-ai-gateway");
const frontDoor = child(root, "switchyard:index:FrontDoor", "front-door");
const domain = child(frontDoor, "cloudflare:index/workersCustomDomain:WorkersCustomDomain", "front-door-domain");
const ops = child(root, "switchyard:index:Workload", "ops-copilot");
const opsKey = child(ops, "random:index/randomBytes:RandomBytes", "ops-copilot-key-ops-copilot-prod");
const opsSecret = child(ops, "aws:secretsmanager/secret:Secret", "ops-copilot-keys");
const IDENTITIES = [root, gateway, aiGateway, frontDoor, domain, ops, opsKey, opsSecret];

const change = (r: ResourceIdentity, action: ResourceChange["action"], protect: boolean, replaceBecause: string[] = []): ResourceChange => ({
  urn: r.urn,
  type: r.type,
  name: r.name,
  action,
  changedInputs: replaceBecause,
  replaceBecause,
  protect,
});

function judge(base: StackSpec, head: StackSpec, changes: ResourceChange[], today = TODAY) {
  const input: LifecycleInput = { changes, base, head, baseResources: IDENTITIES, headResources: IDENTITIES, today, locate };
  return lifecycleFindings(input);
}
const summary = (findings: ReturnType<typeof judge>) => findings.map((f) => [f.rule, f.level, f.field]);

const prod = loadExample("prod");
const dev = loadExample("dev");
const withEnvironment = (spec: StackSpec, environment: string) => Object.assign(editable(spec), { environment });

describe("refused: a protected resource replaced or deleted", () => {
  it("a protected custom domain replaced by a hostname change fails, naming the field, the resource and the way out", () => {
    const head = editable(prod);
    (head.gateway.frontDoor as { hostname: string }).hostname = "api.acme.example";
    const findings = judge(prod, head, [change(domain, "replace", true, ["hostname"])]);
    const refused = findings.find((f) => f.rule === "switchyard-lifecycle-refused");
    expect(refused).toMatchObject({ level: "failing", field: "gateway.frontDoor.hostname", location: { path: "gateway.frontDoor.hostname" } });
    expect(refused?.message).toBe("`pulumi up` will refuse this: it would replace protected cloudflare:index:WorkersCustomDomain front-door-domain (forced by hostname), because `gateway.frontDoor.hostname` changed.");
    expect(refused?.fix).toContain(`\`pulumi state unprotect '<urn>'\` for it (${domain.urn})`);
    // prod cannot lift protection from the stack file (switchyard-protection-required is mandatory there).
    expect(refused?.fix).not.toContain("gateway.protect: false");
  });

  it("outside production the way out also names gateway.protect: false", () => {
    const base = withEnvironment(prod, "staging");
    const head = editable(base);
    (head.gateway.frontDoor as { hostname: string }).hostname = "api.acme.example";
    expect(judge(base, head, [change(domain, "replace", true, ["hostname"])]).find((f) => f.rule === "switchyard-lifecycle-refused")?.fix).toContain("`gateway.protect: false`");
  });

  it("a gateway id change: keep the id, a new gateway is a new stack", () => {
    const head = editable(prod);
    head.gateway.id = "acme-prod-2";
    const findings = judge(prod, head, [change(aiGateway, "replace", true, ["aiGatewayId"])]);
    expect(summary(findings)).toEqual([
      ["switchyard-lifecycle-clients-cut-off", "failing", "gateway.id"],
      ["switchyard-lifecycle-refused", "failing", "gateway.id"],
    ]);
    expect(findings[1]?.fix).toMatch(/^Keep `gateway.id`: a new gateway is a new stack/);
  });

  it("a removed workload's protected secret: the rename way out names the added entry, the removal way out the state", () => {
    const head = editable(prod);
    head.workloads["ops-assistant"] = head.workloads["ops-copilot"] as StackSpec["workloads"][string];
    delete head.workloads["ops-copilot"];
    const findings = judge(prod, head, [change(opsSecret, "delete", true)], "2027-02-01");
    expect(summary(findings)).toEqual([["switchyard-lifecycle-refused", "failing", "workloads.ops-copilot"]]);
    expect(findings[0]?.message).toBe("`pulumi up` will refuse this: it would delete protected aws:secretsmanager:Secret ops-copilot-keys, because `workloads.ops-copilot` was removed.");
    expect(findings[0]?.fix).toBe(
      `If \`workloads.ops-assistant\` is \`ops-copilot\` renamed, add \`renamedFrom: [ops-copilot]\` to it: Pulumi then keeps its resources. To remove it for good, clear the state's protection first: \`pulumi state unprotect '<urn>'\` for it (${opsSecret.urn}); then deploy the removal.`,
    );
  });

  it("an unprotected replacement or deletion is no finding of this rule", () => {
    const head = editable(dev);
    expect(judge(dev, head, [change(opsSecret, "delete", false)])).toEqual([]);
  });
});

describe("clients cut off", () => {
  const removeOps = (spec: StackSpec) => {
    const head = editable(spec);
    delete head.workloads["ops-copilot"];
    return head;
  };

  it("a gateway key's bytes deleted before its expiry: failing in prod, a warning in dev; none from its expiry on", () => {
    const bytesGone = [change(opsKey, "delete", false)];
    expect(summary(judge(prod, removeOps(prod), bytesGone))).toEqual([["switchyard-lifecycle-clients-cut-off", "failing", "workloads.ops-copilot"]]);
    expect(judge(prod, removeOps(prod), bytesGone)[0]?.message).toBe(
      "Gateway key `ops-copilot-prod` of workload `ops-copilot` is deleted (its random bytes go) while it is valid until 2027-01-31: clients still using it are refused from this deploy on.",
    );
    const devBase = withEnvironment(prod, "dev");
    expect(summary(judge(devBase, removeOps(devBase), bytesGone))).toEqual([["switchyard-lifecycle-clients-cut-off", "warning", "workloads.ops-copilot"]]);
    // The front door refuses the key from 00:00 UTC on its expiresOn: removing it then cuts nobody off.
    expect(judge(prod, removeOps(prod), bytesGone, "2027-01-31")).toEqual([]);
    expect(judge(prod, removeOps(prod), bytesGone, "2027-01-30")).toHaveLength(1);
  });

  it("a key's bytes replaced while the key stays points at the key", () => {
    expect(summary(judge(prod, editable(prod), [change(opsKey, "replace", false, ["length"])]))).toEqual([["switchyard-lifecycle-clients-cut-off", "failing", "workloads.ops-copilot.keys[0]"]]);
  });

  it("a route label gone: a finding unless a route keeps it in renamedFrom", () => {
    const head = editable(prod);
    head.routes["chat-v2"] = head.routes.chat as StackSpec["routes"][string];
    delete head.routes.chat;
    const findings = judge(prod, head, []);
    expect(summary(findings)).toEqual([["switchyard-lifecycle-clients-cut-off", "failing", "routes.chat"]]);
    expect(findings[0]?.message).toBe("Route `chat` is removed and no route keeps it in `renamedFrom`: clients calling `dynamic/chat` are refused.");
    expect(findings[0]?.fix).toContain("If `routes.chat-v2` takes its place, add `renamedFrom: [chat]` to it");
    Object.assign(head.routes["chat-v2"] as object, { renamedFrom: ["chat"] });
    expect(judge(prod, head, [])).toEqual([]);
  });

  it("dropping a called route's former label from renamedFrom: a warning, even in prod", () => {
    const base = editable(prod);
    Object.assign(base.routes.chat as object, { renamedFrom: ["talk"] });
    const findings = judge(base, editable(prod), []);
    expect(summary(findings)).toEqual([["switchyard-lifecycle-clients-cut-off", "warning", "routes.chat.renamedFrom"]]);
    expect(findings[0]?.message).toBe("`dynamic/talk`, the former name of route `chat`, is no longer served: clients still calling it are refused.");
    expect(judge(base, base, [])).toEqual([]);
  });

  it("a route no workload's keys may call has no clients: removing it is no finding", () => {
    const base = editable(prod);
    base.routes.unused = base.routes.chat as StackSpec["routes"][string];
    expect(judge(base, editable(prod), [])).toEqual([]);
  });

  it("the front door's hostname replaced: failing in prod, a warning in dev; unchanged hostname, no finding", () => {
    const rename = (spec: StackSpec) => {
      const head = editable(spec);
      (head.gateway.frontDoor as { hostname: string }).hostname = "api.example.test";
      return head;
    };
    const domainReplaced = [change(domain, "replace", false, ["hostname"])];
    expect(summary(judge(prod, rename(prod), domainReplaced))).toEqual([["switchyard-lifecycle-clients-cut-off", "failing", "gateway.frontDoor.hostname"]]);
    expect(summary(judge(dev, rename(dev), domainReplaced))).toEqual([["switchyard-lifecycle-clients-cut-off", "warning", "gateway.frontDoor.hostname"]]);
    expect(judge(dev, editable(dev), [change(domain, "update", false)])).toEqual([]);
  });

  it("the AI Gateway replaced", () => {
    expect(summary(judge(dev, editable(dev), [change(aiGateway, "replace", false, ["accountId"])]))).toEqual([["switchyard-lifecycle-clients-cut-off", "warning", "gateway"]]);
  });
});
