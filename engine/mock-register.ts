/**
 * RegisterResource as Pulumi's MockMonitor answers it (@pulumi/pulumi 3.276, runtime/mocks.js:
 * the inputs decoded, the mocks asked for the state, the state serialised, kept and answered), for
 * the capture, which reads both the request's inputs and the answer itself. The MockMonitor encodes
 * its answer in a protobuf Struct that the SDK decodes at once, and the capture decoded the request
 * and the answer once more; here the request is decoded once for the mocks and the capture, and the
 * answer is the decoded Struct itself: what Struct.fromJavaScript then toJavaScript gives (keys in
 * the order protobuf's map gives them, sorted; a value no Struct holds is an error, as there), in a
 * response of the shape the SDK's own stand-in answers take (runtime/resource.js). Same awaits in
 * the same order, so resources register in the same order.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RegisterRequest } from "./capture";
import { aliasUrns } from "./urns";

/** What the SDK reads from RegisterResource's answer (runtime/resource.js registerResource). */
export interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Record<string, unknown> };
  getPropertydependenciesMap(): undefined;
  getResult(): number;
  getUnknown(): boolean;
}

/** The parts of Pulumi's MockMonitor this reads and keeps, as it does. */
export interface MockMonitorState {
  mocks: pulumi.runtime.Mocks;
  resources: Map<string, { urn: string; id: string | null; state: unknown }>;
  transformCallbacks: Map<string, unknown>;
  newUrn(parent: string, type: string, name: string): string;
}

/** A request with the transforms it names, as the MockMonitor reads them. */
export interface MockRegisterRequest extends RegisterRequest {
  getImportid(): string;
  getTransformsList(): Array<{ getToken(): string }>;
}

// Internal module of @pulumi/pulumi 3.276 (pinned): the SDK's own wire (de)serialisation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
  deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }): Record<string, unknown>;
  serializeProperties(label: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
};

/** A value as a protobuf Struct holds it and gives it back (google-protobuf struct_pb.js fromJavaScript, toJavaScript). */
export function throughStruct(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    for (let i = 0; i < value.length; i++) list.push(throughStruct(value[i]));
    return list;
  }
  if (typeof value === "object") {
    const keys: string[] = [];
    for (const key in value) keys.push(key);
    const struct: Record<string, unknown> = {};
    for (const key of keys.sort()) struct[key] = throughStruct((value as Record<string, unknown>)[key]);
    return struct;
  }
  throw new Error("Unexpected struct type.");
}

/**
 * Registers a resource as the MockMonitor does; `inputs` is the request's object, decoded. Calls
 * back with the answer, or the error, as it does.
 */
export async function mockRegister(monitor: MockMonitorState, req: MockRegisterRequest, inputs: Record<string, unknown>, callback: (err: unknown, response?: RegisterResponse) => void): Promise<void> {
  try {
    const transforms = req
      .getTransformsList()
      .map((cb) => monitor.transformCallbacks.get(cb.getToken()))
      .filter((transform) => transform !== undefined);
    const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
    const aliases = aliasUrns(req, urn);
    const result = await monitor.mocks.newResource({
      // Not Pulumi's: the mocks answer a renamed resource by its oldest name (engine/mocks.ts identityName).
      ...(aliases.length ? { aliases } : {}),
      type: req.getType(),
      name: req.getName(),
      inputs: rpc.deserializeProperties({ toJavaScript: () => inputs }),
      provider: req.getProvider(),
      custom: req.getCustom(),
      id: req.getImportid(),
      transforms,
    } as pulumi.runtime.MockResourceArgs);
    const serializedState = await rpc.serializeProperties("", result.state);
    const object = throughStruct(serializedState) as Record<string, unknown>;
    // Kept as the MockMonitor keeps it, for its getResource invoke (which hands it back through a Struct,
    // keys sorted): the answer itself, not a second copy.
    monitor.resources.set(urn, { urn, id: result.id ?? null, state: object });
    const id = result.id || "";
    callback(null, {
      getUrn: () => urn,
      getId: () => id,
      getObject: () => ({ toJavaScript: () => object }),
      getPropertydependenciesMap: () => undefined,
      getResult: () => 0,
      getUnknown: () => false,
    });
  } catch (err) {
    callback(err, undefined);
  }
}
