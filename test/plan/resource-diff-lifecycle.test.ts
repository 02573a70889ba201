/**
 * Aliases, ignoreChanges and protect through the mock engine and the resource diff: small programs
 * captured by engine/capture.ts (as the plan captures the stack) and diffed by plan/resource-diff.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { captureProgram, engineUrn, type CapturedResource } from "../../engine/capture";
import { mocksFor } from "../../engine/mocks";
import { diffResources } from "../../plan/resource-diff";
import * as aws from "../../vendor/pulumi-aws";

const SECRET = "aws:secretsmanager/secret:Secret";
const BYTES = "random:index/randomBytes:RandomBytes";

class Holder extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Holder", name, {}, {});
  }
}

interface Version {
  /** The label the names derive from. */
  label: string;
  /** Earlier labels, oldest first (as a stack file's renamedFrom). */
  renamedFrom?: string[];
  protect?: boolean;
  ignoreNamePrefix?: boolean;
}

function capture(v: Version): Promise<CapturedResource[]> {
  return captureProgram({
    project: "switchyard",
    stack: "prod",
    mocks: mocksFor("eu-west-1"),
    program: () => {
      const holder = new Holder("holder");
      const aliases = (suffix: string) => (v.renamedFrom ?? []).map((old) => ({ name: `${old}${suffix}` }));
      new random.RandomBytes(`${v.label}-key`, { length: 32 }, { parent: holder, aliases: aliases("-key") });
      new aws.secretsmanager.Secret(
        `${v.label}-keys`,
        { namePrefix: `switchyard/prod/workload/${v.label}/gateway-keys-` },
        { parent: holder, aliases: aliases("-keys"), protect: v.protect === true, ...(v.ignoreNamePrefix ? { ignoreChanges: ["namePrefix"] } : {}) },
      );
      return {};
    },
  }).then((c) => c.resources);
}

const find = (resources: CapturedResource[], type: string) => resources.find((r) => r.type === type) as CapturedResource;
const HOLDER = engineUrn("prod", "switchyard", "", "test:index:Holder", "holder");

describe("aliases in the capture", () => {
  it("records each alias as the engine's URN, oldest first, and the mocks answer by the oldest name", async () => {
    const oldest = await capture({ label: "ops-copilot" });
    const renamed = await capture({ label: "ops-assistant", renamedFrom: ["ops-copilot", "ops-helper"] });
    expect(find(renamed, BYTES).aliases).toEqual([engineUrn("prod", "switchyard", HOLDER, BYTES, "ops-copilot-key"), engineUrn("prod", "switchyard", HOLDER, BYTES, "ops-helper-key")]);
    // The random bytes stay those of the oldest name, as the engine keeps the state.
    expect(find(renamed, BYTES).outputs.hex).toBe(find(oldest, BYTES).outputs.hex);
    expect(find(renamed, BYTES).outputs.hex).not.toBe(find(await capture({ label: "ops-assistant" }), BYTES).outputs.hex);
    // A resource without aliases records none.
    expect(find(oldest, BYTES).aliases).toBeUndefined();
  });
});

describe("the resource diff follows aliases, ignoreChanges and protect", () => {
  it("a rename with aliases and ignoreChanges on the name-derived input: no delete, no create, nothing replaced", async () => {
    const base = await capture({ label: "ops-copilot", protect: true });
    const head = await capture({ label: "ops-assistant", renamedFrom: ["ops-copilot"], protect: true, ignoreNamePrefix: true });
    const changes = diffResources(base, head);
    expect(changes.map((c) => [c.action, c.name, c.previousName, c.changedInputs])).toEqual([
      ["same", "ops-assistant-keys", "ops-copilot-keys", []],
      ["same", "ops-assistant-key", "ops-copilot-key", []],
    ]);
  });

  it("the same rename without ignoreChanges replaces the protected secret, and says protect decides", async () => {
    const base = await capture({ label: "ops-copilot", protect: true });
    const head = await capture({ label: "ops-assistant", renamedFrom: ["ops-copilot"], protect: true });
    const secret = diffResources(base, head).find((c) => c.type === SECRET);
    expect(secret).toMatchObject({ action: "replace", replaceBecause: ["namePrefix"], protect: true, previousName: "ops-copilot-keys" });
  });

  it("without aliases a rename is a delete plus a create; the delete is judged on the state's protect", async () => {
    const base = await capture({ label: "ops-copilot", protect: true });
    const head = await capture({ label: "ops-assistant", protect: false });
    const changes = diffResources(base, head).map((c) => [c.action, c.name, c.protect]);
    expect(changes).toEqual([
      ["delete", "ops-copilot-keys", true],
      ["delete", "ops-copilot-key", false],
      ["create", "ops-assistant-keys", false],
      ["create", "ops-assistant-key", false],
    ]);
  });

  it("a replacement goes through when the program unprotects it in the same deploy", async () => {
    const base = await capture({ label: "ops-copilot", protect: true });
    const head = await capture({ label: "ops-assistant", renamedFrom: ["ops-copilot"], protect: false });
    expect(diffResources(base, head).find((c) => c.type === SECRET)).toMatchObject({ action: "replace", protect: false });
  });
});
