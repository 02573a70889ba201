/**
 * Findings both readers share once they have a file's string literals: raw HTTP to a provider
 * (a provider or gateway URL no client consumed as its base URL) and raw credentials (by kind
 * and location, never the text: stacks/credentials.ts's shapes, the loader's own).
 */
import { findCredentials } from "../stacks/credentials";
import { GATEWAY_HOST, hostOf, providerOfUrl, providerOfPrefix, type CodeProvider } from "./catalogue";
import type { Location, RawCredential, Site } from "./sites";

/** The endpoint family a URL's path names (runtime/front-door/endpoints.ts's names where the front door serves it). */
const PATH_FAMILIES: ReadonlyArray<[RegExp, string]> = [
  [/\/chat\/completions\b/, "openai-chat"],
  [/\/responses\b/, "openai-responses"],
  [/\/embeddings\b/, "openai-embeddings"],
  [/\/images\/generations\b/, "openai-images"],
  [/\/v1\/messages\b/, "anthropic-messages"],
  [/:streamGenerateContent\b/, "gemini-stream"],
  [/:generateContent\b/, "gemini-generate"],
  [/\/converse(-stream)?\b/, "bedrock-converse"],
  [/\/invoke(-with-response-stream)?\b/, "bedrock-invoke"],
];

export function familyOfUrl(url: string): string | undefined {
  return PATH_FAMILIES.find(([pattern]) => pattern.test(url))?.[1];
}

/** The provider a Cloudflare AI Gateway URL names in its path (…/v1/{account}/{gateway}/{provider}/…). */
export function providerOfGatewayUrl(url: string): CodeProvider | undefined {
  const part = /^https?:\/\/[^/]+\/v1\/[^/]+\/[^/]+\/([a-z0-9-]+)/.exec(url)?.[1];
  return part === undefined || part === "compat" ? undefined : providerOfPrefix(part);
}

export function httpSites(strings: Array<{ value: string; offset: number; context: string }>, at: (offset: number) => Location): Site[] {
  const sites: Site[] = [];
  for (const s of strings) {
    const url = s.value.trim();
    if (!/^https?:\/\//i.test(url)) continue;
    const viaGateway = hostOf(url) === GATEWAY_HOST;
    const provider = viaGateway ? (providerOfGatewayUrl(url) ?? "unknown") : providerOfUrl(url);
    if (provider === undefined) continue;
    const family = familyOfUrl(url);
    sites.push({
      ...at(s.offset),
      what: "http",
      provider,
      sdk: "http",
      api: s.context,
      baseUrl: { kind: "literal", value: url },
      key: { kind: "expression", text: "request headers (not followed)" },
      models: [],
      ...(family ? { family } : {}),
    });
  }
  return sites;
}

export function rawCredentials(text: string, at: (offset: number) => Location): RawCredential[] {
  return findCredentials(text).map(({ kind, offset }) => ({ ...at(offset), kind }));
}

/** Offset (UTF-16, as JavaScript strings count) -> line and column in `text`. */
export function locator(text: string, file: string): (offset: number) => Location {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: offset - starts[lo] + 1 };
  };
}
