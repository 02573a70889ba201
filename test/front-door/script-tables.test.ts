/**
 * The tables statement the FrontDoor component puts before the bundle: JavaScript that evaluates to
 * exactly the tables' JSON, whatever characters the labels and graph names hold, and read back as
 * the Worker reads it.
 */
import { describe, expect, it } from "vitest";
import { bundleFrontDoor } from "../../runtime/front-door/bundle";
import { parseTables, TABLES_CONSTANT, type EmbeddedTables } from "../../runtime/front-door/embedded-tables";
import { frontDoorScript, scriptWithTablesText, tablesInScript } from "../../runtime/front-door/script";

// Characters a JSON string may hold that a careless JavaScript literal would break on.
const tables: EmbeddedTables = {
  routes: { chat: { graphs: { primary: 'chat-"quoted"\\back\u2028line\u2029para-é', rollback: "chat-rollback" }, active: "rollback", canaryPercent: 10 } },
  rateLimits: { "checkout-assistant": 600, "</script>": 1 },
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
    for (const text of ["not json", "[]", '{"routes":{}}', '{"routes":[],"rateLimits":{}}', '{"routes":{},"rateLimits":null}']) {
      expect(tablesInScript(scriptWithTablesText(text)), text).toBeUndefined();
      expect(parseTables(text), text).toBeUndefined();
    }
    expect(parseTables(undefined)).toBeUndefined();
  });
});
