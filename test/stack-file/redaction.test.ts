/**
 * No output of `switchyard validate` (text or json, stdout or stderr) may contain a
 * credential-looking value taken from its input, nor any 12-character piece of one, while the
 * defect still points at the line where the value sits. The cases marked "was a leak" failed
 * before a9d89c9.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rmSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { DEV_BASE } from "./corpus-files";
import { runValidateBin, runValidateInProcess } from "./run-validate";

const DEV = readFileSync(DEV_BASE, "utf8");
const dir = mkdtempSync(join(tmpdir(), "switchyard-redaction-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Made-up values with the shapes of real credentials.
const OPENAI = "sk-proj-Zq3vN8xL2mP5rT7wY1bK4cD6";
const OPENAI_LOWER = "sk-proj-zq3vn8xl2mp5rt7wy1bk4cd6"; // also a valid entry name
const ANTHROPIC = "sk-ant-api03-Hj7Kp2Qw9Er4Ty6Ui8Op1As3";
const ANTHROPIC_LOWER = "sk-ant-api03-hj7kp2qw9er4ty6ui8op1as3";
const GOOGLE = "AIzaSyD4f8Gh2Jk6Lm9Np3Qr7St1Uv5Wx0Yz2Ab";
const AWS = "AKIAIOSFODNN7EXAMPLQ";

/** Every 12-character window of the secret. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 11 }, (_, i) => secret.slice(i, i + 12));
}
function expectNoTrace(output: string, secrets: string[]) {
  for (const secret of secrets) {
    expect(output, `output contains ${secret.slice(0, 6)}...`).not.toContain(secret);
    for (const piece of pieces(secret)) expect(output.includes(piece), `output contains a piece of ${secret.slice(0, 6)}...`).toBe(false);
  }
}
function plant(name: string, edits: Array<[string, string]>): { file: string; lineOf: (needle: string) => number } {
  let text = DEV;
  for (const [find, replace] of edits) {
    expect(text.split(find), `fixture edit "${find}"`).toHaveLength(2);
    text = text.replace(find, replace);
  }
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return { file, lineOf: (needle) => text.slice(0, text.indexOf(needle)).split("\n").length };
}

/** Runs validate in text and json form and checks neither speaks of the secrets; returns the json report. */
async function validateWithoutTrace(file: string, secrets: string[]) {
  const text = await runValidateInProcess([file]);
  const json = await runValidateInProcess([file, "--format", "json"]);
  expect(text.code).toBe(2);
  expect(json.code).toBe(2);
  expectNoTrace(text.stdout + text.stderr, secrets);
  expectNoTrace(json.stdout + json.stderr, secrets);
  return JSON.parse(json.stdout) as { files: Array<{ defects: Array<{ line: number; col: number; path: string; message: string }> }> };
}
const linesOf = (report: Awaited<ReturnType<typeof validateWithoutTrace>>) => report.files[0].defects.map((d) => d.line);

describe("validate never echoes a credential-looking value", () => {
  it("pieces() yields every 12-character window (so the check can catch a partial echo)", () => {
    expect(pieces("abcdefghijklm")).toEqual(["abcdefghijkl", "bcdefghijklm"]);
    expect(() => expectNoTrace(`x ${OPENAI.slice(3, 15)} y`, [OPENAI])).toThrow();
  });

  it("values: a description, a pulumiSecret name, a reference in routes, an unknown field's value", async () => {
    const { file, lineOf } = plant("values", [
      ["description: Cheap, fast summaries", `description: Cheap, fast summaries ${OPENAI}`],
      ["source: { pulumiSecret: mistralApiKey }", `source: { pulumiSecret: ${AWS} }`],
      ["routes: [summarize, embed]", `routes: [summarize, ${OPENAI_LOWER}]`],
      ["    path: direct\n", `    path: direct\n    apiKey: ${ANTHROPIC}\n`],
    ]);
    const report = await validateWithoutTrace(file, [OPENAI, OPENAI_LOWER, AWS, ANTHROPIC]);
    expect(linesOf(report)).toEqual([lineOf(AWS), lineOf(OPENAI), lineOf(OPENAI_LOWER), lineOf(ANTHROPIC)].sort((a, b) => a - b));
    for (const d of report.files[0].defects) expect(d.message).toMatch(/^looks like a raw credential \(/);
  });

  it("the same file through ./bin/switchyard.js (text and json)", () => {
    const { file } = plant("bin", [
      ["description: Cheap, fast summaries", `description: Cheap, fast summaries ${OPENAI}`],
      ["    path: direct\n", `    path: direct\n    apiKey: ${ANTHROPIC}\n`],
    ]);
    for (const format of ["text", "json"]) {
      const run = runValidateBin([file, "--format", format], dir);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain("raw credential");
      expectNoTrace(run.stdout + run.stderr, [OPENAI, ANTHROPIC]);
    }
  });

  // Was a leak (fixed in a9d89c9): the path of a credential found in a mapping key ended with the key, so the
  // defect itself printed it: `alerts.AIzaSy...: looks like a raw credential`.
  it("a credential used as an alert channel's name", async () => {
    const { file, lineOf } = plant("alert-label", [["  pager: { webhook:", `  ${GOOGLE}: { email: oncall@acme.example }\n  pager: { webhook:`]]);
    expect(linesOf(await validateWithoutTrace(file, [GOOGLE]))).toEqual([lineOf(GOOGLE)]);
  });

  it("a credential inside a list used as a mapping key (stderr included)", () => {
    const { file, lineOf } = plant("complex-key", [["  pager: { webhook:", `  ? [${OPENAI}]\n  : { email: oncall@acme.example }\n  pager: { webhook:`]]);
    for (const format of ["text", "json"]) {
      const run = runValidateBin([file, "--format", format], dir);
      expect(run.code).toBe(2);
      expectNoTrace(run.stdout + run.stderr, [OPENAI]);
      expect(run.stdout).toContain(format === "json" ? `"line": ${lineOf(OPENAI)}` : `:${lineOf(OPENAI)}:`);
    }
  });

  // Was a leak (fixed in a9d89c9): an unknown field whose name is a credential: path `gateway.logs.sk-proj-...`.
  it("a credential used as an unknown field's name", async () => {
    const { file, lineOf } = plant("unknown-key", [["    collect: true", `    ${OPENAI}: true`]]);
    expect(linesOf(await validateWithoutTrace(file, [OPENAI]))).toEqual([lineOf(OPENAI)]);
  });

  // Was a leak (fixed in a9d89c9): a provider key labelled with a credential was echoed in its own
  // defect's path, and in the "declared: ..." list of every unknown provider key reference (here the
  // two routes that still name mistral-main).
  it("a credential used as a provider key's label", async () => {
    const { file, lineOf } = plant("key-label", [["  mistral-main:\n", `  ${OPENAI_LOWER}:\n`]]);
    const report = await validateWithoutTrace(file, [OPENAI_LOWER]);
    expect(linesOf(report)[0]).toBe(lineOf(OPENAI_LOWER));
  });

  // Was a leak (fixed in a9d89c9): `gateway key name "x" is already used by workload <name>` printed the other
  // workload's name even when that name is a credential.
  it("a credential used as a workload's name, named again by a duplicate gateway key", async () => {
    const { file, lineOf } = plant("workload-label", [
      ["  checkout-assistant:\n", `  ${ANTHROPIC_LOWER}:\n`],
      ["      - name: ops-copilot-dev", "      - name: checkout-dev"],
    ]);
    const report = await validateWithoutTrace(file, [ANTHROPIC_LOWER]);
    expect(linesOf(report)[0]).toBe(lineOf(ANTHROPIC_LOWER));
  });

  // Was a leak (fixed in a9d89c9): YAML's own message quoted the tag, `Unresolved tag: !sk-proj-...`.
  // The tag is a defect of its own, so two defects sit on that line.
  it("a credential used as a YAML tag", async () => {
    const { file, lineOf } = plant("tag", [["description: Cheap, fast summaries", `description: !${OPENAI} Cheap, fast summaries`]]);
    const report = await validateWithoutTrace(file, [OPENAI]);
    expect(linesOf(report)).toEqual([lineOf(OPENAI), lineOf(OPENAI)]);
    expect(report.files[0].defects.some((d) => d.message.startsWith("looks like a raw credential (OpenAI API key)"))).toBe(true);
  });

  // Was a leak (fixed in a9d89c9): an alias without anchor threw out of parseStackFile; cli/main.ts printed
  // `switchyard: Unresolved alias (...): sk-proj-...` on stderr.
  it("a credential used as an alias name", () => {
    const { file } = plant("alias", [["description: Cheap, fast summaries", `description: *${OPENAI}`]]);
    const run = runValidateBin([file], dir);
    expect(run.code).toBe(2);
    expectNoTrace(run.stdout + run.stderr, [OPENAI]);
    expect(run.stdout).toMatch(/:\d+:\d+: /);
  });

  // Was a gap (closed in a9d89c9): a credential in a comment is committed with the file, so it is a defect too.
  it("a credential in a comment is a defect", async () => {
    const { file } = plant("comment", [["environment: dev\n", `environment: dev  # ${OPENAI}\n`]]);
    const run = await runValidateInProcess([file]);
    expect(run.code).toBe(2);
    expectNoTrace(run.stdout, [OPENAI]);
  });

  // Was a leak (fixed in a4c9710): every shape started with \b, so a key glued to the end of a word was not
  // seen, neither by detection nor by redactCredentials, and messages quote it whole. Found by the property
  // below: `- nsk-proj-...ame: search-indexer-dev` gave `unknown field "nsk-proj-... ame"`. Input here:
  // dev.yaml with `routes: [summarize, embedsk-proj-zq3vn8xl2mp5rt7wy1bk4cd6]`.
  it("a credential glued to the end of a word is not echoed", async () => {
    const { file } = plant("glued", [["routes: [summarize, embed]", `routes: [summarize, embed${OPENAI_LOWER}]`]]);
    await validateWithoutTrace(file, [OPENAI_LOWER]);
  });

  it("property: a credential inserted anywhere (value, key, comment, reference, broken syntax) is reported on its line and never echoed (300 runs)", () => {
    const credentials = [OPENAI, OPENAI_LOWER, ANTHROPIC, ANTHROPIC_LOWER, GOOGLE, AWS, "gsk_Rt5Yu7Io9Pa1Sd3Fg5Hj7Kl9", "xai-Qw2Er4Ty6Ui8Op0As2Df4Gh6"];
    fc.assert(
      fc.property(
        fc.nat({ max: DEV.length }),
        fc.constantFrom(...credentials),
        fc.constantFrom("", " ", "\n", ": ", "- ", "[", "{ ", "# ", "!", "&", "*", '"', "'"),
        fc.constantFrom(" ", "\n", ": x\n", "]", " }", ":"),
        (at, credential, before, after) => {
          const text = `${DEV.slice(0, at)}${before}${credential}${after}${DEV.slice(at)}`;
          const result = parseStackFile(text, "planted.yaml");
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expectNoTrace(result.defects.map(formatDefect).join("\n"), [credential]);
          const line = text.slice(0, text.indexOf(credential)).split("\n").length;
          expect(result.defects.some((d) => d.line === line && d.message.startsWith("looks like a raw credential"))).toBe(true);
        },
      ),
      { seed: 1127, numRuns: 300 },
    );
  });
});
