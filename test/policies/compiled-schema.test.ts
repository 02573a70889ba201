/**
 * policies/support/compiled-schema.ts: the kept validator of the pack config's schema answers, and
 * errs, exactly as ajv compiling the schema does; a kept file is what runs; a broken one is replaced.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { allPolicies } from "../../policies/registry";
import { compiledSchema } from "../../policies/support/compiled-schema";
import { packConfigSchema } from "../../policies/support/pack-config";

const schema = packConfigSchema(allPolicies);
const CONFIGS: unknown[] = [
  { all: "advisory" },
  { "switchyard-keys-expiry": { enforcementLevel: "mandatory", maxKeyLifetimeDays: 90, today: "2026-02-02" } },
  { "switchyard-keys-expiry": { today: "2026-13-45" } },
  { "switchyard-keys-expiry": { maxKeyLifetimeDays: "ninety", extra: 1 } },
  { all: "nope", "switchyard-no-such-policy": "mandatory" },
  [],
];
const answers = (validate: ReturnType<typeof compiledSchema>) => CONFIGS.map((c) => [validate(c), validate.errors ?? null]);

describe("the pack config's validator, kept compiled", () => {
  it("answers and errs as ajv's own compile, fresh and kept", () => {
    const dir = mkdtempSync(join(tmpdir(), "compiled-schema-"));
    try {
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const expected = answers(ajv.compile(schema));
      expect(expected.filter(([ok]) => !ok).length).toBe(4);
      expect(answers(compiledSchema(schema, dir))).toEqual(expected);
      expect(readdirSync(dir).filter((f) => f.endsWith(".js"))).toHaveLength(1);
      expect(answers(compiledSchema(schema, dir))).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs the kept file, and compiles again over one that does not load", () => {
    const dir = mkdtempSync(join(tmpdir(), "compiled-schema-"));
    try {
      compiledSchema(schema, dir);
      const [file] = readdirSync(dir).map((f) => join(dir, f));
      writeFileSync(file as string, "module.exports = () => 'kept';");
      expect((compiledSchema(schema, dir) as unknown as () => string)()).toBe("kept");
      writeFileSync(file as string, "module.exports = (");
      expect(compiledSchema(schema, dir)({ all: "nope" })).toBe(false);
      expect(compiledSchema(schema, dir)({ all: "advisory" })).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
