/**
 * @pulumi/policy's analyzer server (node_modules/@pulumi/policy/server.js) in this process: the
 * very handlers `new PolicyPack(...)` serves the Pulumi CLI over gRPC (Configure, ConfigureStack,
 * Analyze, AnalyzeStack), called directly with the engine's protobuf messages (engine/requests.ts).
 * Only the socket is left out; test/policies/analyzer-conformance.e2e.test.ts proves the answers
 * equal those of the pack started as the CLI starts it and spoken to over gRPC.
 *
 * How the handlers are obtained: Analyze and AnalyzeStack come from the server's exported
 * makeAnalyzeRpcFun / makeAnalyzeStackRpcFun for any list of policies; Configure and ConfigureStack
 * (which set the server's module-wide config and stack tags) exist only inside serve(), so serve()
 * runs once with gRPC's addService captured and bindAsync skipped: no port, nothing on stdout.
 * Like the real server, one configuration holds at a time; engine/analyze.ts runs analyses one by one.
 */
import { createRequire } from "node:module";
import type { EnforcementLevel } from "@pulumi/policy";
import type * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, PACK_VERSION } from "../policies/pack";
import type { SwitchyardPolicy } from "../policies/support/policy";
import { guardConfigure } from "../policies/support/requested-config";

type Handler<Req, Res> = (call: { request: Req }, callback: (error: Error | null | undefined, response?: Res) => void) => void;

interface Server {
  serve(name: string, version: string, level: EnforcementLevel, args: { policies: SwitchyardPolicy[] }, initialConfig?: unknown): void;
  makeAnalyzeRpcFun(name: string, version: string, level: EnforcementLevel, policies: readonly SwitchyardPolicy[]): Handler<proto.AnalyzeRequest, proto.AnalyzeResponse>;
  makeAnalyzeStackRpcFun(name: string, version: string, level: EnforcementLevel, policies: readonly SwitchyardPolicy[]): Handler<proto.AnalyzeStackRequest, proto.AnalyzeResponse>;
}
interface GrpcServerClass {
  prototype: { addService(service: unknown, implementation: Record<string, unknown>): void; bindAsync(...args: unknown[]): void };
}

// Internal module of @pulumi/policy 1.21 (pinned): the analyzer server, and the gRPC it serves with.
const fromPolicy = createRequire(require.resolve("@pulumi/policy/server"));
const server = fromPolicy("./server") as Server;
const { Server: GrpcServer } = fromPolicy("@grpc/grpc-js") as { Server: GrpcServerClass };

// Internal module of @pulumi/policy 1.21 (pinned): how the handlers decode a resource's properties.
const deserialize = fromPolicy("./deserialize") as { deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown> };

/**
 * While analyses run, the handlers decode each message's properties once, not once per policy:
 * AnalyzeStack decodes every resource for each stack policy, Analyze each resource for each policy
 * of its type. Each policy still gets its own unknown-checking proxy over the decoded value;
 * policies only read what they are given (as the Struct they come from, engine/requests.ts).
 * Returns the undo.
 */
export function decodeEachOnce(): () => void {
  const decode = deserialize.deserializeProperties;
  const decoded = new WeakMap<object, Record<string, unknown>>();
  deserialize.deserializeProperties = (struct, proxySecrets) => {
    if (proxySecrets) return decode(struct, proxySecrets);
    let value = decoded.get(struct);
    if (!value) decoded.set(struct, (value = decode(struct, proxySecrets)));
    return value;
  };
  return () => {
    deserialize.deserializeProperties = decode;
  };
}

export interface Analyzer {
  configure(request: proto.ConfigureAnalyzerRequest): Promise<unknown>;
  configureStack(request: proto.AnalyzerStackConfigureRequest): Promise<unknown>;
  analyze(request: proto.AnalyzeRequest): Promise<proto.AnalyzeResponse>;
  analyzeStack(request: proto.AnalyzeStackRequest): Promise<proto.AnalyzeResponse>;
}

let served: { configure: Handler<unknown, unknown>; configureStack: Handler<unknown, unknown> } | undefined;

function configurationHandlers(): NonNullable<typeof served> {
  if (served) return served;
  const { addService, bindAsync } = GrpcServer.prototype;
  let implementation: Record<string, unknown> | undefined;
  GrpcServer.prototype.addService = (_service, impl) => void (implementation = impl);
  GrpcServer.prototype.bindAsync = () => undefined;
  try {
    server.serve(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, { policies: [] });
  } finally {
    GrpcServer.prototype.addService = addService;
    GrpcServer.prototype.bindAsync = bindAsync;
  }
  if (!implementation) throw new Error("@pulumi/policy's serve() registered no analyzer service");
  // Wrapped as policies/index.ts wraps it for the CLI: the floor policy reads what was asked.
  served = { configure: guardConfigure(implementation.configure as never) as Handler<unknown, unknown>, configureStack: implementation.configureStack as Handler<unknown, unknown> };
  return served;
}

const invoke = <Req, Res>(handler: Handler<Req, Res>, request: Req): Promise<Res> =>
  new Promise((ok, fail) => handler({ request }, (error, response) => (error ? fail(error) : ok(response as Res))));

/** The analyzer serving `policies` as the pack would. */
export function analyzerFor(policies: readonly SwitchyardPolicy[]): Analyzer {
  const { configure, configureStack } = configurationHandlers();
  const analyze = server.makeAnalyzeRpcFun(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, policies);
  const analyzeStack = server.makeAnalyzeStackRpcFun(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, policies);
  return {
    configure: (request) => invoke(configure, request),
    configureStack: (request) => invoke(configureStack, request),
    analyze: (request) => invoke(analyze, request),
    analyzeStack: (request) => invoke(analyzeStack, request),
  };
}
