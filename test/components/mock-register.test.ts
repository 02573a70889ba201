/**
 * engine/mock-register.ts answers RegisterResource with what protobuf's Struct would give back:
 * compared here with google-protobuf's own Struct (the one @pulumi/pulumi's MockMonitor encodes with).
 */
import { createRequire } from "node:module";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import { throughStruct } from "../../engine/mock-register";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/runtime/mocks"));
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: typeof StructType };
const viaProtobuf = (value: Record<string, unknown>) => Struct.fromJavaScript(value as Record<string, never>).toJavaScript();

describe("throughStruct", () => {
  it("gives what a protobuf Struct gives back: keys sorted at every level, integer-like keys first, lists in order", () => {
    const values: Array<Record<string, unknown>> = [
      {},
      { b: 1, a: "x", C: true, _: null, "10": "ten", "2": "two", "-1": "minus one", é: "accent", Z: [3, 1, { y: 2, x: [null, false, ""] }] },
      { nested: { z: { c: 1, b: 2, a: 3 }, list: [[], [{}], "s"] }, zero: 0, negativeZero: -0, big: 1e300, fraction: 0.1 },
      { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: { secret: "s" } },
    ];
    for (const value of values) {
      const ours = throughStruct(value);
      const theirs = viaProtobuf(value);
      expect(ours).toEqual(theirs);
      expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    }
  });

  it("refuses what a Struct cannot hold, as protobuf does", () => {
    for (const bad of [{ a: undefined }, { a: () => 1 }, { a: [1, undefined] }, { a: Symbol("s") }]) {
      expect(() => viaProtobuf(bad)).toThrow("Unexpected struct type");
      expect(() => throughStruct(bad)).toThrow("Unexpected struct type");
    }
  });
});
