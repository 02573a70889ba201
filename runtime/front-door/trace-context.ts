/**
 * The caller's trace, handed to AI Gateway so that its OpenTelemetry span joins the application's
 * trace. AI Gateway reads `cf-aig-otel-trace-id` (32 hex) and `cf-aig-otel-parent-span-id`
 * (16 hex), and starts a new trace without them (developers.cloudflare.com/ai-gateway/
 * observability/otel-integration, "Trace Context Propagation"). Applications instrumented with
 * OpenTelemetry send the W3C `traceparent` header instead (w3.org/TR/trace-context, "traceparent
 * Header"): its trace id and parent id are those two values. A caller may also send the gateway's
 * own headers. Anything malformed is dropped, as W3C tells a receiver to do: never forwarded raw.
 */

/** The gateway's trace context headers. */
export const TRACE_ID_HEADER = "cf-aig-otel-trace-id";
export const PARENT_SPAN_ID_HEADER = "cf-aig-otel-parent-span-id";

/** version-traceid-parentid-flags, lower-case hex; version ff is invalid (W3C trace-context). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(?:-.*)?$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
/** All-zero ids are invalid (W3C trace-context, trace-id and parent-id). */
const nonZero = (hex: string): boolean => /[1-9a-f]/.test(hex);

/** The headers to send AI Gateway for the caller's trace; empty when the caller sent none that is valid. */
export function traceHeaders(client: Headers): Record<string, string> {
  const traceId = client.get(TRACE_ID_HEADER)?.trim().toLowerCase();
  if (traceId !== undefined && TRACE_ID.test(traceId) && nonZero(traceId)) {
    const parent = client.get(PARENT_SPAN_ID_HEADER)?.trim().toLowerCase();
    return { [TRACE_ID_HEADER]: traceId, ...(parent !== undefined && SPAN_ID.test(parent) && nonZero(parent) ? { [PARENT_SPAN_ID_HEADER]: parent } : {}) };
  }
  const match = TRACEPARENT.exec(client.get("traceparent")?.trim() ?? "");
  if (!match || match[1] === "ff" || !nonZero(match[2]) || !nonZero(match[3])) return {};
  // Version 00 has exactly four fields; a later version may append more (W3C: parse the first four).
  if (match[1] === "00" && match[0].length !== 55) return {};
  return { [TRACE_ID_HEADER]: match[2], [PARENT_SPAN_ID_HEADER]: match[3] };
}
