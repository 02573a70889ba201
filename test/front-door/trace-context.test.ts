/** The caller's trace context, as AI Gateway's headers: from traceparent or the gateway's own, never malformed. */
import { describe, expect, it } from "vitest";
import { traceHeaders } from "../../runtime/front-door/trace-context";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT = "00f067aa0ba902b7";
const from = (headers: Record<string, string>) => traceHeaders(new Headers(headers));

describe("traceHeaders", () => {
  it("takes the trace id and parent id of a W3C traceparent (the specification's example)", () => {
    expect(from({ traceparent: `00-${TRACE}-${PARENT}-01` })).toEqual({ "cf-aig-otel-trace-id": TRACE, "cf-aig-otel-parent-span-id": PARENT });
  });

  it("reads the first four fields of a later version, and nothing of a malformed one", () => {
    expect(from({ traceparent: `01-${TRACE}-${PARENT}-01-extra` })).toEqual({ "cf-aig-otel-trace-id": TRACE, "cf-aig-otel-parent-span-id": PARENT });
    for (const bad of [
      `00-${TRACE}-${PARENT}-01-extra`, // version 00 has exactly four fields
      `ff-${TRACE}-${PARENT}-01`, // version ff is invalid
      `00-${"0".repeat(32)}-${PARENT}-01`, // all-zero trace id
      `00-${TRACE}-${"0".repeat(16)}-01`, // all-zero parent id
      `00-${TRACE.toUpperCase()}-${PARENT}-01`, // upper case
      `00-${TRACE.slice(1)}-${PARENT}-01`,
      "not a traceparent",
    ]) {
      expect(from({ traceparent: bad }), bad).toEqual({});
    }
  });

  it("passes the gateway's own headers, lower-cased, and prefers them to traceparent; drops a malformed parent", () => {
    const other = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    expect(from({ "cf-aig-otel-trace-id": other.toUpperCase(), "cf-aig-otel-parent-span-id": "A1B2C3D4E5F60718", traceparent: `00-${TRACE}-${PARENT}-01` })).toEqual({
      "cf-aig-otel-trace-id": other,
      "cf-aig-otel-parent-span-id": "a1b2c3d4e5f60718",
    });
    expect(from({ "cf-aig-otel-trace-id": other, "cf-aig-otel-parent-span-id": "xyz" })).toEqual({ "cf-aig-otel-trace-id": other });
    expect(from({ "cf-aig-otel-trace-id": "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6" })).toEqual({});
  });

  it("sends nothing when the caller sent no trace", () => {
    expect(from({ authorization: "Bearer sy_x" })).toEqual({});
  });
});
