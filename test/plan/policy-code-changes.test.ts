/**
 * `--base` lists the files of the policy pack's code that changed: whatever policies/index.ts
 * imports, followed through relative imports (plan/source-imports.ts), compared with the base ref
 * (plan/git.ts changedSince). In a scratch repository laid out as the project is.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedSince } from "../../plan/git";
import { importClosure, PACK_ENTRY } from "../../plan/source-imports";
import { scratchRepo, type ScratchRepo } from "../support/scratch-repo";

let repo: ScratchRepo;
const write = (path: string, text: string) => {
  mkdirSync(join(repo.dir, path, ".."), { recursive: true });
  writeFileSync(join(repo.dir, path), text);
};

beforeAll(() => {
  repo = scratchRepo("switchyard-pack-code-");
  write("policies/index.ts", 'import { rule } from "./rules/a";\nimport type { X } from "../stacks/x";\n');
  write("policies/rules/a.ts", 'import { ID } from "../../vendor/cloudflare";\nexport const rule = ID;\n');
  write("vendor/cloudflare.ts", 'export const ID = "644535f4";\n');
  write("stacks/x.ts", "export type X = string;\n");
  write("cli/plan.ts", "export const unrelated = 1;\n");
  repo.git("add", ".");
  repo.git("commit", "-qm", "base");
  write("vendor/cloudflare.ts", 'export const ID = "ffffffff";\n');
  write("cli/plan.ts", "export const unrelated = 2;\n");
  repo.git("commit", "-qam", "change");
});
afterAll(() => repo?.remove());

describe("the pack's changed files against a base ref", () => {
  it("follows the pack's imports out of policies/ (a vendor fact the rule reads) and leaves other code out", () => {
    const files = importClosure(repo.dir, [PACK_ENTRY]);
    expect(files).toEqual(["policies/index.ts", "policies/rules/a.ts", "stacks/x.ts", "vendor/cloudflare.ts"]);
    expect(changedSince("HEAD~1", repo.dir, files)).toEqual(["vendor/cloudflare.ts"]);
    expect(changedSince("HEAD", repo.dir, files)).toEqual([]);
  });
});
