/**
 * The policy pack started as the Pulumi CLI starts it, and spoken to as the CLI speaks to it.
 *
 * Start: the nodejs language host's RunPlugin (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go)
 * runs, for an analyzer plugin, `node <@pulumi/pulumi/cmd/run-policy-pack resolved from the pack
 * directory> <engine address> <pack directory>` with the pack directory as the working directory
 * and the stack's identity in PULUMI_NODEJS_* variables; run-policy-pack compiles the TypeScript
 * with ts-node (type-checking on) and `new PolicyPack` prints the port it serves on.
 *
 * Talk: the CLI's order (pkg/engine/update.go, pkg/resource/plugin/analyzer_plugin.go):
 * GetAnalyzerInfo; Configure with the config file reconciled against the policies' defaults from
 * that info (pulumi/pulumi pkg/resource/analyzer/config.go, here policies/support/pack-config.ts);
 * ConfigureStack; then Analyze per resource and AnalyzeStack once, through the gRPC stubs that
 * ship in @pulumi/pulumi/proto.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type { Empty as EmptyType } from "google-protobuf/google/protobuf/empty_pb";
import type { EnforcementLevel } from "@pulumi/policy";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import type { CapturedResource } from "../../engine/capture";
import { analyzeRequest, analyzeStackRequest, configureRequest, configureStackRequest, violationsOf, type PolicyViolation } from "../../engine/requests";
import { reconcilePackConfig, type PolicyDefaults } from "../../policies/support/pack-config";

export const PACK_DIR = join(__dirname, "..", "..", "policies");
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcTypes;
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb") as { Empty: typeof EmptyType };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { convertEnforcementLevel } = require("@pulumi/policy/protoutil") as { convertEnforcementLevel(level: proto.EnforcementLevel): EnforcementLevel };

export interface PackProcess {
  info: proto.AnalyzerInfo;
  /** Configures the pack for a stack and judges its resources, as `pulumi preview --policy-pack` does. */
  judge(resources: readonly CapturedResource[], options: { config: Record<string, unknown>; stack: string; tags: Record<string, string> }): Promise<PolicyViolation[]>;
  stop(): void;
}

type Unary<Req, Res> = (request: Req, callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown;
const call = <Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> =>
  new Promise((ok, fail) => method(request, (error, response) => (error ? fail(error) : ok(response))));

/** Starts the pack; `env` adds to the environment the CLI would pass (e.g. SWITCHYARD_TODAY). */
export async function startPack(stack: string, env: Record<string, string> = {}): Promise<PackProcess> {
  const runPolicyPack = createRequire(join(PACK_DIR, "package.json")).resolve("@pulumi/pulumi/cmd/run-policy-pack");
  const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", PACK_DIR], {
    cwd: PACK_DIR,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "switchyard", PULUMI_NODEJS_STACK: stack, PULUMI_NODEJS_DRY_RUN: "true", PULUMI_CONFIG: "{}", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await firstLine(child);
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 << 20, "grpc.max_send_message_length": 400 << 20 });
  const info = await call<EmptyType, proto.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
  const defaults: PolicyDefaults[] = info.getPoliciesList().map((p) => ({
    name: p.getName(),
    enforcementLevel: convertEnforcementLevel(p.getEnforcementlevel()),
    configSchema: { properties: (p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as never },
  }));
  return {
    info,
    async judge(resources, options) {
      await call(client.configure.bind(client), configureRequest(reconcilePackConfig(defaults, options.config)));
      await call(client.configureStack.bind(client), configureStackRequest({ project: "switchyard", stack: options.stack, tags: options.tags, dryRun: true }));
      const byUrn = new Map(resources.map((r) => [r.urn, r]));
      const found: PolicyViolation[] = [];
      for (const r of resources) found.push(...violationsOf(await call(client.analyze.bind(client), analyzeRequest(r, byUrn)), byUrn, r.urn));
      found.push(...violationsOf(await call(client.analyzeStack.bind(client), analyzeStackRequest(resources)), byUrn));
      return found;
    },
    stop() {
      client.close();
      child.kill();
    },
  };
}

/** The port the pack prints; the pack's stderr when it exits first. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((ok, fail) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0] as string;
      if (out.includes("\n") && /^\d+$/.test(line.trim())) ok(line.trim());
    });
    child.on("exit", (code) => fail(new Error(`the policy pack exited (${code}) before serving:\n${out}${err}`)));
  });
}
