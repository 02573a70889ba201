/**
 * Writes stacks/stack.schema.json from the zod schema (`npm run schema`); `--check` fails when
 * the committed file is stale, which CI runs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackJsonSchema } from "./json-schema";

const file = join(__dirname, "stack.schema.json");
const text = `${JSON.stringify(stackJsonSchema(), null, 2)}\n`;
if (process.argv.includes("--check")) {
  if (readFileSync(file, "utf8") !== text) {
    process.stderr.write("stacks/stack.schema.json is stale: run npm run schema and commit it\n");
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
}
