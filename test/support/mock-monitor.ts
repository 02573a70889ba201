/**
 * A resource monitor and engine over gRPC, for running the Pulumi program the way the CLI does:
 * the nodejs language host starts `@pulumi/pulumi/cmd/run` against the engine's monitor address.
 * Modelled on @pulumi/pulumi's own language-host tests (pulumi/pulumi
 * sdk/nodejs/tests/runtime/langhost/run.spec.ts, createMockEngineAsync): ResourceMonitor
 * (GetDeploymentInfo, SupportsFeature, RegisterResource, RegisterResourceOutputs, Invoke,
 * SignalAndWaitForShutdown) and Engine (Log, GetRootResource, SetRootResource) services, answering
 * with the offline engine's mocks (engine/mocks.ts) so both runs of the program see the same cloud.
 *
 * What it cannot prove: it answers as a provider would after the fact, without Check, Diff or
 * default providers, which only the real engine runs.
 */
import { createRequire } from "node:module";
import type * as grpcTypes from "@grpc/grpc-js";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import type { Empty as EmptyType } from "google-protobuf/google/protobuf/empty_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import { capturedResource, type CapturedResource, type RegisterRequest } from "../../engine/capture";
import { identityName, mockCall, mockState } from "../../engine/mocks";
import { aliasUrns } from "../../engine/urns";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/resource_grpc_pb"));
const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcTypes;
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: typeof StructType };
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb") as { Empty: typeof EmptyType };

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface MockMonitor {
  /** `127.0.0.1:<port>`, for both --monitor and --engine. */
  address: string;
  /** Every resource registered, as engine/capture.ts records them. */
  resources(): CapturedResource[];
  /** Messages the program logged at error severity. */
  errors: string[];
  stop(): Promise<void>;
}

type Call<Req> = { request: Req };
type Done<Res> = (error: grpcTypes.ServiceError | null, response?: Res) => void;

/** A URN as the engine forms it: the parent's type chain, except the root stack's (resource/urn.go). */
function urnOf(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const parentType = parentUrn ? (parentUrn.split("::")[2] as string) : "";
  const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

export async function startMockMonitor(options: { project: string; stack: string; region: string }): Promise<MockMonitor> {
  const registered: Array<{ req: RegisterRequest; urn: string; outputs: Record<string, unknown> }> = [];
  const componentOutputs = new Map<string, Record<string, unknown>>();
  const errors: string[] = [];
  let root = "";
  const server = new grpc.Server();
  server.addService(ResourceMonitorService, {
    // Every feature this SDK knows, as the engine advertises what it supports (pkg/resource/deploy/source_eval.go, supportedMonitorFeatures).
    getDeploymentInfo: (_call: Call<EmptyType>, done: Done<resourceProto.DeploymentInfo>) => {
      done(null, new resourceProto.DeploymentInfo().setSupportedfeaturesList(Object.values(resourceProto.ResourceMonitorFeature).filter((f): f is resourceProto.ResourceMonitorFeature => typeof f === "number")));
    },
    supportsFeature: (_call: Call<resourceProto.SupportsFeatureRequest>, done: Done<resourceProto.SupportsFeatureResponse>) => done(null, new resourceProto.SupportsFeatureResponse().setHassupport(true)),
    registerResource: (call: Call<resourceProto.RegisterResourceRequest>, done: Done<resourceProto.RegisterResourceResponse>) => {
      const req = call.request;
      const urn = urnOf(options.stack, options.project, req.getParent(), req.getType(), req.getName());
      const inputs = req.getObject()?.toJavaScript() ?? {};
      const answer = req.getCustom() ? mockState(req.getType(), identityName(req.getName(), aliasUrns(req, urn)), inputs, options.region) : { id: "", state: {} };
      registered.push({ req: req as unknown as RegisterRequest, urn, outputs: answer.state });
      done(null, new resourceProto.RegisterResourceResponse().setUrn(urn).setId(answer.id).setObject(Struct.fromJavaScript(answer.state as Record<string, never>)));
    },
    registerResourceOutputs: (call: Call<resourceProto.RegisterResourceOutputsRequest>, done: Done<EmptyType>) => {
      componentOutputs.set(call.request.getUrn(), call.request.getOutputs()?.toJavaScript() ?? {});
      done(null, new Empty());
    },
    invoke: (call: Call<resourceProto.ResourceInvokeRequest>, done: Done<resourceProto.ResourceInvokeResponse>) => {
      const result = mockCall(call.request.getTok(), call.request.getArgs()?.toJavaScript() ?? {});
      done(null, new resourceProto.ResourceInvokeResponse().setReturn(Struct.fromJavaScript(result as Record<string, never>)));
    },
    signalAndWaitForShutdown: (_call: Call<EmptyType>, done: Done<EmptyType>) => done(null, new Empty()),
  });
  server.addService(EngineService, {
    log: (call: Call<engineProto.LogRequest>, done: Done<EmptyType>) => {
      if (call.request.getSeverity() === engineProto.LogSeverity.ERROR) errors.push(call.request.getMessage());
      done(null, new Empty());
    },
    getRootResource: (_call: Call<engineProto.GetRootResourceRequest>, done: Done<engineProto.GetRootResourceResponse>) => done(null, new engineProto.GetRootResourceResponse().setUrn(root)),
    setRootResource: (call: Call<engineProto.SetRootResourceRequest>, done: Done<engineProto.SetRootResourceResponse>) => {
      root = call.request.getUrn();
      done(null, new engineProto.SetRootResourceResponse());
    },
  });
  const port = await new Promise<number>((ok, fail) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) => (error ? fail(error) : ok(p))));
  return {
    address: `127.0.0.1:${port}`,
    resources: () => registered.map(({ req, urn, outputs }) => capturedResource(req, urn, req.getCustom() ? outputs : (componentOutputs.get(urn) ?? {}))),
    errors,
    stop: () => new Promise((ok) => server.tryShutdown(() => ok())),
  };
}
