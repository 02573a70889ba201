/**
 * The program starts the way the Pulumi CLI starts it: index.ts through @pulumi/pulumi's
 * language-host entry (`cmd/run`, with its ts-node and type-checking, Pulumi.yaml's `typescript`
 * option), with the arguments and environment the nodejs language host builds (pulumi/pulumi
 * sdk/nodejs/cmd/pulumi-language-nodejs/main.go: constructArguments, constructConfig, execRuntime),
 * against a gRPC resource monitor (test/support/mock-monitor.ts). It registers exactly the
 * resources the offline capture records, and exports no secret.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureStack, type CapturedResource } from "../../engine/capture";
import { loadStackFile } from "../../stacks/load";
import { ROOT_STACK_TYPE, startMockMonitor, type MockMonitor } from "../support/mock-monitor";

const ROOT = join(__dirname, "..", "..");
const SECRETS = { openaiApiKey: "sk-LANGHOST-openai", anthropicApiKey: "sk-LANGHOST-anthropic", geminiApiKey: "sk-LANGHOST-gemini", mistralApiKey: "sk-LANGHOST-mistral" };

let monitor: MockMonitor;
let exit: { code: number | null; stderr: string };

beforeAll(async () => {
  const spec = loadStackFile(join(ROOT, "stacks", "dev.yaml"));
  monitor = await startMockMonitor({ project: "switchyard", stack: "dev", region: spec.aws.region });
  const run = createRequire(join(ROOT, "package.json")).resolve("@pulumi/pulumi/cmd/run");
  // constructArguments: --monitor, --engine, --project, --root-directory, --stack, --pwd, --parallel, then the entry point.
  const args = [run, "--monitor", monitor.address, "--engine", monitor.address, "--project", "switchyard", "--root-directory", ROOT, "--stack", "dev", "--pwd", ROOT, "--parallel", "16", "index.ts"];
  const env = {
    ...process.env,
    // constructConfig: <namespace>:config:<name>; the secret keys as the engine sends them.
    PULUMI_CONFIG: JSON.stringify(Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`switchyard:config:${k}`, v]))),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(Object.keys(SECRETS).map((k) => `switchyard:${k}`)),
    // Pulumi.yaml: runtime.options.typescript: true.
    PULUMI_NODEJS_TYPESCRIPT: "true",
  };
  exit = await new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => done({ code, stderr }));
  });
}, 300_000);

afterAll(async () => {
  await monitor?.stop();
});

/**
 * Where two records of one resource differ, as `urn field`. The real run parents top-level
 * resources to the root stack, the capture has none. A custom resource's outputs are each mock's
 * answer, not the program's: their values match, but Pulumi's MockMonitor re-serialises them and so
 * marks a whole list secret where one element was (front-door-worker's bindings), so which output
 * paths are secret is not compared there.
 */
function differences(real: CapturedResource, captured: CapturedResource | undefined, rootUrn: string | undefined): string[] {
  if (!captured) return [`${real.urn} (not captured)`];
  const normal = (r: CapturedResource): Record<string, unknown> => ({ ...r, parent: r.parent === rootUrn ? undefined : r.parent, outputSecretPaths: r.custom ? undefined : r.outputSecretPaths });
  const [a, b] = [normal(real), normal(captured)];
  return Object.keys({ ...a, ...b })
    .filter((k) => !isDeepStrictEqual(a[k], b[k]))
    .map((k) => `${real.urn} ${k}: ${JSON.stringify(a[k])?.slice(0, 200)} != ${JSON.stringify(b[k])?.slice(0, 200)}`);
}

describe("index.ts under the language host's own entry (cmd/run, ts-node)", () => {
  it("runs to completion with no error logged", () => {
    expect(exit.stderr).not.toMatch(/error/i);
    expect(monitor.errors).toEqual([]);
    expect(exit.code).toBe(0);
  });

  it("registers the same resources as the offline capture: inputs, options, dependencies, outputs", async () => {
    const real = monitor.resources();
    const root = real.find((r) => r.type === ROOT_STACK_TYPE);
    expect(root?.urn).toBe("urn:pulumi:dev::switchyard::pulumi:pulumi:Stack::switchyard-dev");
    const captured = (await captureStack(loadStackFile(join(ROOT, "stacks", "dev.yaml")), { config: SECRETS })).resources;
    expect(real.length).toBe(captured.length + 1);
    const byUrn = new Map(captured.map((r) => [r.urn, r]));
    expect(real.filter((r) => r !== root).flatMap((r) => differences(r, byUrn.get(r.urn), root?.urn))).toEqual([]);
  });

  it("exports only URLs, route models, ARNs and the gateway id: never a secret value", () => {
    const root = monitor.resources().find((r) => r.type === ROOT_STACK_TYPE);
    expect(Object.keys(root?.outputs ?? {}).sort()).toEqual(["baseUrl", "gatewayId", "keySecretArns", "routes"]);
    expect(root?.outputSecretPaths).toEqual([]);
    expect(root?.outputs).toMatchObject({ baseUrl: "https://ai.dev.acme.example", gatewayId: "acme-dev", routes: { chat: "dynamic/chat", summarize: "dynamic/summarize", embed: "dynamic/embed" } });
    const exported = JSON.stringify(root?.outputs);
    for (const value of Object.values(SECRETS)) expect(exported).not.toContain(value);
  });
});
