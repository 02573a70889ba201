/**
 * engine/struct-snapshot.ts: a Struct kept decoded during a capture reads, encodes and copies as
 * the Struct google-protobuf's own fromJavaScript makes, alone or inside a message.
 */
import { createRequire } from "node:module";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { describe, expect, it } from "vitest";
import { decodedStruct, keepStructsDecoded } from "../../engine/struct-snapshot";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/runtime/resource"));
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: typeof StructType };

const VALUE = { b: [1, "two", null, { d: true, c: 0 }], a: { "10": "ten", "2": "two", z: { y: [] } }, s: "" };
const real = () => Struct.fromJavaScript(VALUE as never);
const bytes = (m: { serializeBinary(): Uint8Array }) => Buffer.from(m.serializeBinary()).toString("hex");

describe("a Struct kept decoded", () => {
  it("decodes, encodes, lists its fields and copies as protobuf's own", () => {
    expect(decodedStruct(VALUE).toJavaScript()).toEqual(real().toJavaScript());
    expect(bytes(decodedStruct(VALUE))).toBe(bytes(real()));
    expect([...decodedStruct(VALUE).getFieldsMap().keys()]).toEqual([...real().getFieldsMap().keys()]);
    expect(decodedStruct(VALUE).toObject()).toEqual(real().toObject());
    const copy = decodedStruct(VALUE).cloneMessage();
    expect(copy).toBeInstanceOf(Struct);
    expect(copy.toJavaScript()).toEqual(real().toJavaScript());
  });

  it("is encoded whole inside a message, as gRPC sends it", () => {
    const withDecoded = new proto.AnalyzeRequest().setUrn("u").setProperties(decodedStruct(VALUE));
    const withReal = new proto.AnalyzeRequest().setUrn("u").setProperties(real());
    expect(bytes(withDecoded)).toBe(bytes(withReal));
    expect(proto.AnalyzeRequest.deserializeBinary(withDecoded.serializeBinary()).getProperties()?.toJavaScript()).toEqual(real().toJavaScript());
  });

  it("refuses what a Struct cannot hold, when made, as protobuf does", () => {
    expect(() => Struct.fromJavaScript({ a: undefined } as never)).toThrow("Unexpected struct type");
    expect(() => decodedStruct({ a: undefined })).toThrow("Unexpected struct type");
  });

  it("stands in for Struct.fromJavaScript only while installed", () => {
    const original = Struct.fromJavaScript;
    const undo = keepStructsDecoded();
    try {
      expect(Struct.fromJavaScript).not.toBe(original);
      expect(Struct.fromJavaScript(VALUE as never).toJavaScript()).toEqual(real().toJavaScript());
      expect(Struct.fromJavaScript({} as never)).toBeInstanceOf(Struct);
    } finally {
      undo();
    }
    expect(Struct.fromJavaScript).toBe(original);
  });
});
