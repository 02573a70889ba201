/**
 * Anthropic message batch results are read from the batch's `results_url`, an address at
 * Anthropic's API: @anthropic-ai/sdk 1.14 messages.batches.results() retrieves the batch, then
 * GETs `results_url` as an absolute URL with the caller's key (resources/messages/batches.ts). A
 * workload key is no Anthropic key, so the front door points `results_url` at its own
 * /v1/messages/batches/{id}/results (object-ids.ts ownedAnswer, with the id as the workload is
 * given it), which it serves like any batch operation.
 */

/** The front door's address of a message batch's results; `id` as the caller holds it (marked). */
export function frontDoorResultsUrl(origin: string, id: string): string {
  return `${origin}/v1/messages/batches/${encodeURIComponent(id)}/results`;
}
