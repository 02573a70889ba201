/**
 * The bare Workers the front door is measured against (front-door.bench.ts, front-door-ab.ts), each
 * in its own workerd under Miniflare, forwarding every request to `target`.
 */
import { Miniflare } from "miniflare";
import { FRONT_DOOR_COMPATIBILITY_DATE } from "../runtime/front-door/bundle";
import { directSocketOptions, servedUrl } from "../stand-ins/front-door-workerd";

/** A Worker that only forwards, streaming the request body on: what any Worker hop costs under Miniflare. */
export const BARE_PROXY = `export default { async fetch(request, env) {
  return fetch(env.TARGET, { method: "POST", headers: request.headers, body: request.body });
} };`;
/** The same, reading the body whole first, as the front door must. */
export const BARE_READING_PROXY = `export default { async fetch(request, env) {
  return fetch(env.TARGET, { method: "POST", headers: request.headers, body: await request.arrayBuffer() });
} };`;

/** Starts `script` forwarding to `target`, on a socket of its own when `direct` (no Miniflare entry Worker in front). */
export async function startBareWorker(script: string, target: string, direct: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const mf = new Miniflare({ modules: true, script, compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE, host: "127.0.0.1", port: 0, ...directSocketOptions(direct), bindings: { TARGET: target } });
  return { url: await servedUrl(mf, direct), close: () => mf.dispose() };
}
