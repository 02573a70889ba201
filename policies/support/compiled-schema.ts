/**
 * An ajv validator for a JSON Schema (all errors, formats from ajv-formats), its code kept on disk
 * (node_modules/.cache/switchyard/ajv/): compiling the pack config's schema, every policy's settings
 * in one, was a sizeable part of every plan. What is kept is ajv's own standalone code for that
 * schema (ajv/dist/standalone: the code compile() generates, with the formats required rather than
 * passed in), under a key of the schema, the options and ajv's and ajv-formats' versions; a kept
 * file that does not load is compiled again, and a cache that cannot be written is skipped.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";

const DEFAULT_CACHE_DIR = join(__dirname, "..", "..", "node_modules", ".cache", "switchyard", "ajv");
const FORMAT = 1;
const OPTIONS = { allErrors: true, strict: false } as const;
/** Where the standalone code finds the formats addFormats() gives a validator (its default, "full"). */
const FORMATS_MODULE = "ajv-formats/dist/formats";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

export function compiledSchema(schema: object, cacheDir = DEFAULT_CACHE_DIR): ValidateFunction {
  const key = createHash("sha256").update(JSON.stringify([FORMAT, versionOf("ajv"), versionOf("ajv-formats"), OPTIONS, schema])).digest("hex");
  const file = join(cacheDir, `${key}.js`);
  if (statSync(file, { throwIfNoEntry: false })?.isFile()) {
    try {
      // A CommonJS module body; what it requires (ajv's runtime helpers, the formats) resolves from here.
      const module = { exports: {} as unknown };
      new Function("module", "exports", "require", readFileSync(file, "utf8"))(module, module.exports, require);
      if (typeof module.exports === "function") return module.exports as ValidateFunction;
    } catch {
      // Not loadable (cut short): compile it again.
    }
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: Ajv, _ } = require("ajv") as typeof import("ajv");
  const { default: addFormats } = require("ajv-formats") as typeof import("ajv-formats");
  const { default: standaloneCode } = require("ajv/dist/standalone") as typeof import("ajv/dist/standalone");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({ ...OPTIONS, code: { source: true, formats: _`require(${FORMATS_MODULE}).fullFormats` } });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, standaloneCode(ajv, validate));
    renameSync(partial, file);
  } catch {
    // A read-only checkout: compile every time, as without the cache.
  }
  return validate;
}
