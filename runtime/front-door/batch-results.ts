/**
 * Anthropic message batch results are read from the batch's `results_url`, an address at
 * Anthropic's API: @anthropic-ai/sdk 1.14 messages.batches.results() retrieves the batch, then
 * GETs `results_url` as an absolute URL with the caller's key (resources/messages/batches.ts). A
 * workload key is no Anthropic key, so the front door points `results_url` at its own
 * /v1/messages/batches/{id}/results, which it serves like any batch operation.
 */

/** The batch object with `results_url` on the front door; any other answer as it came. */
export async function resultsThroughFrontDoor(upstream: Response, origin: string): Promise<Response> {
  if (!upstream.ok || !(upstream.headers.get("content-type") ?? "").startsWith("application/json")) return upstream;
  const batch = (await upstream.json()) as Record<string, unknown> | null;
  if (batch && typeof batch.results_url === "string" && typeof batch.id === "string") {
    batch.results_url = `${origin}/v1/messages/batches/${encodeURIComponent(batch.id)}/results`;
  }
  const headers = new Headers(upstream.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  return new Response(JSON.stringify(batch), { status: upstream.status, headers });
}
