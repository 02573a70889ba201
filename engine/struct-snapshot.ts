/**
 * Struct.fromJavaScript (google-protobuf, the copy @pulumi/pulumi uses) for the time a capture
 * runs. The SDK wraps every RegisterResource request's inputs, every invoke's arguments and every
 * component's outputs in a protobuf Struct, and offline the only reader (the mock engine, the
 * capture) decodes it straight back with toJavaScript. Here fromJavaScript keeps what toJavaScript
 * would return (engine/mock-register.ts throughStruct: the same deep copy, keys sorted, the same
 * error for a value no Struct holds, at the same moment) in a Struct that fills its protobuf fields
 * only when something reads them another way (its fields map, its encoding, a copy), so a request
 * that is encoded after all (gRPC) is encoded whole.
 */
import { createRequire } from "node:module";
import type { Struct as StructType, Value as ValueType } from "google-protobuf/google/protobuf/struct_pb";
import { throughStruct } from "./mock-register";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/runtime/resource"));
const { Struct, Value } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: typeof StructType; Value: typeof ValueType };

type Decoded = ReturnType<StructType["toJavaScript"]>;
const kept = new WeakMap<StructType, Decoded>();

/** Fills the protobuf fields from the kept value, once. */
function fill(struct: StructType): void {
  const decoded = kept.get(struct);
  if (!decoded) return;
  kept.delete(struct);
  const fields = Struct.prototype.getFieldsMap.call(struct);
  for (const key of Object.keys(decoded)) fields.set(key, Value.fromJavaScript(decoded[key] as NonNullable<Decoded[string]>));
}

/** A Struct holding its value decoded. Its class is Struct's (instanceof, copies), its reads fill it first. */
class DecodedStruct extends Struct {
  override toJavaScript(): Decoded {
    return kept.get(this) ?? super.toJavaScript();
  }
}
const proto = DecodedStruct.prototype as unknown as Record<string, unknown>;
const base = Struct.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const method of ["getFieldsMap", "clearFieldsMap", "serializeBinary", "toObject", "toString", "cloneMessage", "clone"]) {
  proto[method] = function (this: StructType, ...args: unknown[]) {
    fill(this);
    return (base[method] as (...a: unknown[]) => unknown).apply(this, args);
  };
}
Object.defineProperty(proto, "constructor", { value: Struct, writable: true, configurable: true });

/** Struct.fromJavaScript, the fields filled when first read. */
export function decodedStruct(value: Record<string, unknown>): StructType {
  const decoded = throughStruct(value) as Decoded;
  const struct = new DecodedStruct();
  kept.set(struct, decoded);
  return struct;
}

/** Installs decodedStruct as Struct.fromJavaScript; returns the undo. */
export function keepStructsDecoded(): () => void {
  const saved = Struct.fromJavaScript;
  Struct.fromJavaScript = decodedStruct as typeof Struct.fromJavaScript;
  return () => {
    Struct.fromJavaScript = saved;
  };
}
