/**
 * Writes stacks/stack.schema.json and docs/stack-file-reference.md from the zod schema
 * (`npm run schema`); `--check` fails when a committed copy is stale, which CI runs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fieldReference } from "./field-reference";
import { stackJsonSchema } from "./json-schema";

const schema = stackJsonSchema();
const outputs = [
  { file: join(__dirname, "stack.schema.json"), text: `${JSON.stringify(schema, null, 2)}\n` },
  { file: join(__dirname, "..", "docs", "stack-file-reference.md"), text: fieldReference(schema) },
];
const check = process.argv.includes("--check");
let stale = false;
for (const { file, text } of outputs) {
  const current = (() => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  })();
  if (!check) writeFileSync(file, text);
  else if (current !== text) {
    process.stderr.write(`${file} is stale: run npm run schema and commit it\n`);
    stale = true;
  }
}
process.exit(stale ? 1 : 0);
