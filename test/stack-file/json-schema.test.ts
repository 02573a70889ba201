/**
 * stacks/stack.schema.json is what editors check files with; it must be current (generated from
 * the zod schema), compile under ajv's 2020-12 build with ajv-formats, accept every good file,
 * and agree with zod on every bad fixture: shape-level defects are rejected by both, rule-level
 * ones (stacks/checks.ts) accepted by both.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { stackJsonSchema } from "../../stacks/json-schema";
import { stackFileSchema } from "../../stacks/schema";
import { BAD_CASES } from "./bad-corpus";
import { BAD_DIR, BAD_FILES, DEV_BASE, EXAMPLES, GOOD_FILES, ROOT } from "./corpus-files";

const SCHEMA_FILE = join(ROOT, "stacks", "stack.schema.json");
const committed = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;

function newAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv;
}
function compileSchema() {
  return newAjv().compile(committed);
}
function yamlToJs(text: string): unknown {
  return parseDocument(text, { uniqueKeys: true, strict: true }).toJS();
}

describe("stack.schema.json", () => {
  it("is current: equal to stackJsonSchema() and written as npm run schema writes it", () => {
    expect(committed).toEqual(stackJsonSchema());
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(`${JSON.stringify(stackJsonSchema(), null, 2)}\n`);
  });

  it("declares draft 2020-12 and describes fields (descriptions flow from zod)", () => {
    expect(committed.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const props = committed.properties as Record<string, { description?: string }>;
    expect(props.environment.description).toBe("The environment, usually the Pulumi stack name.");
    expect(committed.additionalProperties).toBe(false);
  });

  it("each example starts with the yaml-language-server comment pointing at it", () => {
    for (const file of EXAMPLES) expect(readFileSync(file, "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./stack.schema.json");
  });

  // Was a finding (fixed in a9d89c9): zod wrote `format: "cidrv4"`/`"cidrv6"`, which strict ajv refuses
  // ("unknown format cidrv4 ignored in schema"), so editors' validators could not compile the schema.
  it("compiles with ajv 2020 + ajv-formats in strict mode, no extra formats", () => {
    expect(compileSchema).not.toThrow();
  });

  const validate = compileSchema();

  for (const file of GOOD_FILES) {
    it(`accepts ${file.slice(ROOT.length + 1)}`, () => {
      const ok = validate(yamlToJs(readFileSync(file, "utf8")));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  for (const file of BAD_FILES) {
    const { level } = BAD_CASES[file.replace(/\.yaml$/, "")];
    if (level === "syntax") continue;
    const want = level === "shape" ? "both reject" : level === "rule" ? "both accept" : "agree";
    it(`${file} (${level}): ajv and zod ${want}`, () => {
      const raw = yamlToJs(readFileSync(join(BAD_DIR, file), "utf8"));
      const byAjv = validate(raw);
      const byZod = stackFileSchema.safeParse(raw).success;
      expect({ ajv: byAjv, zod: byZod }).toEqual(level === "shape" ? { ajv: false, zod: false } : level === "rule" ? { ajv: true, zod: true } : { ajv: byZod, zod: byZod });
    });
  }

  // Were findings (fixed in a4c9710), found by mutations.property.test.ts: zod and ajv
  // disagreed on some e-mails and webhook URLs. Each case: dev.yaml with one value changed.
  const dev = readFileSync(DEV_BASE, "utf8");
  const verdicts = (find: string, replace: string) => {
    expect(dev.split(find)).toHaveLength(2);
    const raw = yamlToJs(dev.replace(find, replace));
    return { ajv: validate(raw), zod: stackFileSchema.safeParse(raw).success };
  };
  // zod's e-mail pattern lets a domain label end in "-"; ajv-formats' "email" does not.
  it("agree on owner: platform@acme-.example", () => {
    const v = verdicts("owner: platform@acme.example\ndescription", "owner: platform@acme-.example\ndescription");
    expect(v.ajv).toBe(v.zod);
  });
  // ajv-formats' "uri" accepts a space after the scheme; zod's URL parser refuses it.
  it('agree on webhook: "https:// events.pager.example/x"', () => {
    const v = verdicts("webhook: https://events.pager.example/integration/switchyard", 'webhook: "https:// events.pager.example/x"');
    expect(v.ajv).toBe(v.zod);
  });
  // zod's URL check strips tabs and newlines (WHATWG parsing) and accepts, and the parsed spec then holds
  // the rewritten URL, not the text of the file; the schema's pattern ^https:// refuses it.
  it('agree on webhook: "h\\tttps://events.pager.example/x"', () => {
    const v = verdicts("webhook: https://events.pager.example/integration/switchyard", 'webhook: "h\\tttps://events.pager.example/x"');
    expect(v.ajv).toBe(v.zod);
  });

  it("for a shape-level fixture ajv blames the same field zod does", () => {
    const raw = yamlToJs(readFileSync(join(BAD_DIR, "format-date-feb-30.yaml"), "utf8"));
    expect(validate(raw)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain("/workloads/support-summarizer/keys/0/expiresOn");
  });
});
