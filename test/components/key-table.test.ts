/**
 * The key table's two halves, from the stack file's side: the KV key is the SHA-256 of the
 * plaintext, and the value is the key's scope as the front door reads it.
 */
import { describe, expect, it } from "vitest";
import { keyDigest, keyTableEntry } from "../../components/key-table";
import { familyRefusal, resolveScope } from "../../runtime/front-door/scope";

const CHAT_COMPLETIONS = { api: "openai", chatCompletions: true } as const;
const MESSAGES = { api: "anthropic" } as const;

describe("keyDigest", () => {
  it("is the lowercase hex SHA-256 of the plaintext's UTF-8 bytes", () => {
    // FIPS 180-2's test vector for "abc", and the empty string's digest.
    expect(keyDigest("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(keyDigest("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("keyTableEntry", () => {
  const workload = { routes: ["chat", "summarize"], models: ["anthropic/claude-haiku-4-5"] };

  it("carries environment, workload, key name, routes as dynamic/<route> models, models and expiry", () => {
    expect(keyTableEntry("dev", "ops-copilot", workload, { name: "ops-copilot-dev", expiresOn: "2027-01-31" })).toEqual({
      v: 1,
      environment: "dev",
      workload: "ops-copilot",
      keyName: "ops-copilot-dev",
      routes: ["dynamic/chat", "dynamic/summarize"],
      models: ["anthropic/claude-haiku-4-5"],
      expiresOn: "2027-01-31",
    });
  });

  it("carries allowedIps only when the key declares them", () => {
    const entry = keyTableEntry("prod", "checkout", { routes: [], models: ["openai/gpt-4.1"] }, { name: "k", expiresOn: "2027-02-15", allowedIps: ["203.0.113.0/24", "2001:db8::/32"] });
    expect(entry.allowedIps).toEqual(["203.0.113.0/24", "2001:db8::/32"]);
    expect(Object.keys(keyTableEntry("prod", "checkout", workload, { name: "k", expiresOn: "2027-02-15" }))).not.toContain("allowedIps");
  });

  it("carries families only when the key names them; an entry without them may call every family (entries already in KV)", () => {
    const named = keyTableEntry("prod", "search", { routes: [], models: ["openai/text-embedding-3-small"] }, { name: "k", expiresOn: "2027-02-15", families: ["embeddings"] });
    expect(named.families).toEqual(["embeddings"]);
    expect(familyRefusal(named, "embeddings", "embeddings")).toBeUndefined();
    expect(familyRefusal(named, "chat", "openai chat.completions.create")).toBe('key "k" of workload "search" may not call openai chat.completions.create (endpoint family "chat"); its families: embeddings');
    const unnamed = keyTableEntry("prod", "checkout", workload, { name: "k", expiresOn: "2027-02-15" });
    expect(Object.keys(unnamed)).not.toContain("families");
    expect(familyRefusal(unnamed, "realtime", "openai realtime")).toBeUndefined();
  });

  it("copies the lists: editing the spec afterwards does not change a written entry", () => {
    const spec = { routes: ["chat"], models: ["openai/gpt-4.1"] };
    const key = { name: "k", expiresOn: "2027-02-15", allowedIps: ["10.0.0.0/8"] };
    const entry = keyTableEntry("dev", "w", spec, key);
    spec.models.push("openai/gpt-4o");
    key.allowedIps.push("0.0.0.0/0");
    expect(entry.models).toEqual(["openai/gpt-4.1"]);
    expect(entry.allowedIps).toEqual(["10.0.0.0/8"]);
  });

  it("is what the front door's scope check reads: the routes and models listed, nothing else", () => {
    const entry = keyTableEntry("dev", "ops-copilot", workload, { name: "ops-copilot-dev", expiresOn: "2027-01-31" });
    expect(resolveScope(CHAT_COMPLETIONS, "dynamic/chat", entry)).toEqual({ ok: true, target: "dynamic/chat", route: "chat" });
    expect(resolveScope(MESSAGES, "claude-haiku-4-5", entry)).toEqual({ ok: true, target: "anthropic/claude-haiku-4-5" });
    expect(resolveScope(CHAT_COMPLETIONS, "dynamic/embed", entry)).toMatchObject({ ok: false, reason: "not_in_scope" });
    expect(resolveScope(CHAT_COMPLETIONS, "openai/gpt-4.1", entry)).toMatchObject({ ok: false, reason: "not_in_scope" });
  });
});
