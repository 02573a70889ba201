/**
 * The tables statement the FrontDoor component puts before the bundle: JavaScript that evaluates to
 * exactly the tables' JSON, whatever characters the labels and graph names hold, and read back as
 * the Worker reads it.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bundleFrontDoor } from "../../runtime/front-door/bundle";
import { parseTables, TABLES_CONSTANT, type EmbeddedTables } from "../../runtime/front-door/embedded-tables";
import { liveKeyTable } from "../../runtime/front-door/live-keys";
import { frontDoorScript, scriptWithTablesText, tablesInScript } from "../../runtime/front-door/script";
import { VENDOR_LIMITS } from "../../vendor/limits";

// Characters a JSON string may hold that a careless JavaScript literal would break on.
const tables: EmbeddedTables = {
  routes: { chat: { graphs: { primary: 'chat-"quoted"\\back\u2028line\u2029para-é', rollback: "chat-rollback" }, active: "rollback", canaryPercent: 10 } },
  rateLimits: { "checkout-assistant": 600, "</script>": 1 },
  keys: { "0123456789abcdef": "89abcdef" },
};

describe("the Worker script's tables statement", () => {
  it("is the first line, a constant that evaluates to the tables' JSON; the bundle follows unchanged", () => {
    const script = frontDoorScript(tables);
    const [first] = script.split("\n", 1);
    expect(first.startsWith(`const ${TABLES_CONSTANT} = "`)).toBe(true);
    expect(new Function(`${first}\nreturn ${TABLES_CONSTANT};`)()).toBe(JSON.stringify(tables));
    expect(script.slice(first.length + 1)).toBe(bundleFrontDoor());
  });

  it("reads back as the Worker reads it; a script without tables or with unreadable ones has none", () => {
    expect(tablesInScript(frontDoorScript(tables))).toEqual(tables);
    expect(tablesInScript(bundleFrontDoor())).toBeUndefined();
    for (const text of ["not json", "[]", '{"routes":{}}', '{"routes":[],"rateLimits":{},"keys":{}}', '{"routes":{},"rateLimits":null,"keys":{}}', '{"routes":{},"rateLimits":{}}', '{"routes":{},"rateLimits":{},"keys":[]}']) {
      expect(tablesInScript(scriptWithTablesText(text)), text).toBeUndefined();
      expect(parseTables(text), text).toBeUndefined();
    }
    expect(parseTables(undefined)).toBeUndefined();
  });
});

describe("the script at size", () => {
  it("5,000 workloads of three keys each, every one rate-limited: the live set keeps the compressed script far under the Free plan's limit", async () => {
    const digests = Array.from({ length: 15_000 }, (_, i) => createHash("sha256").update(`key-${i}`).digest("hex"));
    const keys = await liveKeyTable(digests.map((digest, i) => ({ digest, entry: JSON.stringify({ v: 1, workload: `workload-${Math.floor(i / 3)}`, keyName: `key-${i % 3}` }) })));
    expect(Object.keys(keys)).toHaveLength(15_000);
    const rateLimits = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`workload-${i}`, 100 + (i % 5) * 100]));
    const compressed = gzipSync(frontDoorScript({ routes: {}, rateLimits, keys })).length;
    const withoutKeys = gzipSync(frontDoorScript({ routes: {}, rateLimits, keys: {} })).length;
    // About 15 bytes a key after compression (64 + 32 bits of hash, and the JSON around them): 0.23 MB for 15,000.
    expect((compressed - withoutKeys) / 15_000).toBeLessThan(16);
    expect(compressed).toBeLessThan(VENDOR_LIMITS.workersScriptCompressedBytesFree.figure / 5);
  });

  it("two keys whose digests share the live-set id are refused at deploy, never served with each other's version", async () => {
    await expect(liveKeyTable([{ digest: `${"a".repeat(16)}${"0".repeat(48)}`, entry: "{}" }, { digest: `${"a".repeat(16)}${"1".repeat(48)}`, entry: "{}" }])).rejects.toThrow(/share the live-set id aaaaaaaaaaaaaaaa/);
  });
});
