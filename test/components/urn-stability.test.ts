/**
 * Names are deterministic: a URN snapshot per example stack, and removing one workload changes
 * only that workload's own URNs (and the inputs of the few shared resources that list every
 * workload: the gateway's spend rules, the secrets key's reader list, provider-key read grants,
 * the usage exporter's workload labels).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CaptureResult } from "../../engine/capture";
import { replacingInputs } from "../../plan/replace-rules";
import type { StackSpec } from "../../stacks/schema";
import { capture, descendants, editable, EXAMPLE_STACKS, loadExample, named, T } from "../support/mock-engine";

const NOW = new Date("2026-11-27T00:00:00Z");
const urns = (r: CaptureResult) => r.resources.map((x) => x.urn).sort();

describe.each(EXAMPLE_STACKS)("URNs of example stack %s", (name) => {
  it("match the snapshot", async () => {
    expect(urns(await capture(loadExample(name), { now: NOW }))).toMatchSnapshot();
  });
});

describe("removing one workload from the dev stack", () => {
  let spec: StackSpec;
  let before: CaptureResult;
  beforeAll(async () => {
    spec = loadExample("dev");
    before = await capture(spec, { now: NOW });
  });

  const without = (workload: string): StackSpec => {
    const edited = editable(spec);
    delete (edited.workloads as Record<string, unknown>)[workload];
    return edited;
  };

  it.each(["search-indexer", "research-lab", "data-pipeline"])("%s: only its own URNs go; no other resource is renamed", async (workload) => {
    const after = await capture(without(workload), { now: NOW });
    const own = named(before, T.workloadComponent, workload);
    // A direct or hybrid workload's reader role has a grant under ProviderKeys; it goes with the last workload on the role.
    const role = spec.workloads[workload].readerRoleArn;
    const roleGoes = spec.workloads[workload].path !== "gateway" && !Object.entries(spec.workloads).some(([w, x]) => w !== workload && x.path !== "gateway" && x.readerRoleArn === role);
    const grant = before.resources.filter((r) => roleGoes && r.name === `provider-keys-reader-${role.split("/").pop()}`).map((r) => r.urn);
    const ownUrns = [own.urn, ...descendants(before, own.urn).map((r) => r.urn), ...grant].sort();
    expect(ownUrns.length).toBeGreaterThan(1);
    expect(urns(after)).toEqual(urns(before).filter((u) => !ownUrns.includes(u)));

    // Shared resources whose inputs legitimately list every workload; nothing else changes.
    const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
    const changed = before.resources
      .filter((r) => afterByUrn.has(r.urn) && JSON.stringify(afterByUrn.get(r.urn)!.inputs) !== JSON.stringify(r.inputs))
      .map((r) => `${r.type}::${r.name}`)
      .sort();
    // The stack key and the provider keys' secrets are not among them: they name no reader.
    const allowed = [
      `${T.aiGateway}::acme-dev-ai-gateway`,
      `${T.gatewayComponent}::acme-dev`,
      `${T.providerKeys}::provider-keys`,
      // The usage exporter meters spend by the stack's workload labels and tells their budgets
      // (its code archive's workloads.json; its role may publish to the budgets' topics).
      "switchyard:index:UsageLedger::usage-ledger",
      "aws:lambda/function:Function::usage-ledger-export",
      "aws:iam/rolePolicy:RolePolicy::usage-ledger-role-policy",
      // The front door's script carries the live keys (runtime/front-door/live-keys.ts): a gateway workload's keys leave it.
      `${T.workerScript}::front-door-worker`,
    ];
    expect(changed.filter((c) => !allowed.includes(c))).toEqual([]);
  });
});

describe("serving another key of a provider", () => {
  it("keeps the provider's BYOK config (same URN); only its key input changes, which Cloudflare updates in place", async () => {
    const spec = loadExample("dev");
    const edited = editable(spec);
    edited.providerKeys["openai-2027"] = { ...spec.providerKeys["openai-main"], source: { pulumiSecret: "openai2027ApiKey" } };
    for (const route of Object.values(edited.routes)) {
      for (const t of [route.primary, route.canary, ...route.fallbacks, route.rollback]) if (t?.key === "openai-main") t.key = "openai-2027";
    }
    const [before, after] = [await capture(spec, { now: NOW }), await capture(edited, { now: NOW })];
    const config = (r: CaptureResult) => named(r, T.byok, "provider-keys-byok-openai");
    expect(config(after).urn).toBe(config(before).urn);
    const changed = Object.keys(config(before).inputs).filter((k) => JSON.stringify(config(before).inputs[k]) !== JSON.stringify(config(after).inputs[k]));
    expect(changed).toEqual(["secret"]);
    expect(replacingInputs(T.byok, config(before).inputs, config(after).inputs)).toEqual([]);
  });
});
