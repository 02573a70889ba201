/**
 * The Worker script the FrontDoor component uploads, and the stand-in runs in workerd: one
 * statement declaring the route and rate-limit tables (embedded-tables.ts reads it), then the
 * bundle. The bundle itself does not depend on the stack, so it stays cached (bundle.ts).
 * Node code: excluded from this folder's Worker tsconfig, checked by the root one.
 */
import { bundleFrontDoor } from "./bundle";
import { TABLES_CONSTANT, parseTables, type EmbeddedTables } from "./embedded-tables";

const FIRST_LINE = new RegExp(`^const ${TABLES_CONSTANT} = ("(?:[^"\\\\\\n]|\\\\.)*");\\n`);

/**
 * The module with `tables` before `bundle` (default: the front door's). The tables go in as a JSON
 * string the Worker parses on first use: V8 reads JSON.parse input faster than it compiles an
 * object literal of the same data, which pays from about 10 kB (v8.dev/blog/cost-of-javascript-2019#json).
 */
export function frontDoorScript(tables: EmbeddedTables, bundle: string = bundleFrontDoor()): string {
  return scriptWithTablesText(JSON.stringify(tables), bundle);
}

/** The module carrying `text` as the tables, whatever it is (the stand-in uses it to test a broken deploy). */
export function scriptWithTablesText(text: string, bundle: string = bundleFrontDoor()): string {
  // JSON.stringify of a string is a valid JavaScript string literal (ES2019 made JSON a subset).
  return `const ${TABLES_CONSTANT} = ${JSON.stringify(text)};\n${bundle}`;
}

/** The tables a script carries, read as the Worker reads them; undefined when there are none. */
export function tablesInScript(script: string): EmbeddedTables | undefined {
  const literal = FIRST_LINE.exec(script)?.[1];
  return literal === undefined ? undefined : parseTables(JSON.parse(literal));
}
