/**
 * policies/support/stack-file-origin.ts on what the real program makes: every resource a stack
 * file's components make maps to an entry of that file, a workload's to its own, and a resource no
 * component made maps to none (its policies then say no stack file can cause what they report).
 */
import { describe, expect, it } from "vitest";
import { stackFileEntry, workloadOf } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { capture, loadExample } from "../support/mock-engine";
import { resource } from "./harness";

describe("stackFileEntry", () => {
  it("maps every resource the dev example makes, except the stack component itself, to an entry of dev.yaml", { timeout: 60_000 }, async () => {
    const spec = loadExample("dev");
    const { resources } = await capture(spec);
    const origin = (r: (typeof resources)[number]) => stackFileEntry({ parent: r.parent, tags: r.inputs.tags });
    const unmapped = resources.filter((r) => r.type !== TYPES.AiGatewayStack && !origin(r)).map((r) => `${r.type} ${r.name}`);
    expect(unmapped).toEqual([]);
    for (const label of Object.keys(spec.workloads)) {
      const children = resources.filter((r) => r.parent?.endsWith(`${TYPES.Workload}::${label}`));
      expect(children.length).toBeGreaterThan(0);
      expect(new Set(children.map((r) => workloadOf({ parent: r.parent, tags: r.inputs.tags })))).toEqual(new Set([label]));
    }
    const keySecret = resources.find((r) => r.type === TYPES.Secret && r.name === "provider-keys-openai-main-secret");
    expect(keySecret && origin(keySecret)).toEqual(["providerKeys", "openai-main"]);
    const ledgerAlarm = resources.find((r) => r.type === TYPES.MetricAlarm);
    expect(ledgerAlarm && origin(ledgerAlarm)).toEqual(["usageLedger"]);
  });

  it("maps a resource no component made to none", () => {
    const alone = resource(TYPES.Secret, "hand-made", { tags: { team: "x" } });
    expect(stackFileEntry({ parent: alone.parent, tags: alone.inputs.tags })).toBeUndefined();
  });
});
