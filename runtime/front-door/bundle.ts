/**
 * Bundles the front door to the one ES module Cloudflare runs. The FrontDoor component uploads
 * this text and the tests and bench run exactly this text in workerd (Miniflare).
 * Node code: excluded from this folder's Worker tsconfig, checked by the root one.
 */
import { cachedBundle, type CachedBundle } from "../bundle-cache";

/** Name of the module inside the upload (the script's `mainModule`). */
export const FRONT_DOOR_MAIN_MODULE = "front-door.mjs";
/** Workers compatibility date the Worker is written and tested against. */
export const FRONT_DOOR_COMPATIBILITY_DATE = "2025-09-01";

/** How the Worker is bundled. */
export const FRONT_DOOR_BUNDLE: CachedBundle = {
  name: "front-door",
  options: {
    entryPoints: ["runtime/front-door/worker.ts"],
    format: "esm",
    platform: "neutral",
    target: "es2022",
    minify: false,
    legalComments: "none",
    logLevel: "silent",
  },
};

let cached: string | undefined;

/** The Worker as one ES module (deterministic: same sources, same text, same script hash). */
export function bundleFrontDoor(): string {
  cached ??= cachedBundle(FRONT_DOOR_BUNDLE);
  return cached;
}
