/**
 * bin/ts-cache.js: a command started as bin/switchyard.js starts runs each `.ts` file from the
 * compilation kept for it, and never an older compilation of a file that changed.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const CACHE = join(ROOT, "node_modules", ".cache", "switchyard", "ts");
const run = (cwd: string, file: string, flags: string[] = []) =>
  execFileSync(process.execPath, [...flags, "-r", join(ROOT, "bin", "bootstrap.js"), "-e", `console.log(require(${JSON.stringify(file)}).answer())`], { cwd, encoding: "utf8" }).trim();
/** The kept compilations that hold `marker`. */
const keptWith = (marker: string) =>
  readdirSync(CACHE)
    .filter((name) => name.endsWith(".js"))
    .map((name) => join(CACHE, name))
    .filter((file) => readFileSync(file, "utf8").includes(marker));

describe("the compiled TypeScript cache", () => {
  it("runs a file from its kept compilation, and a changed file from a new one", () => {
    const dir = mkdtempSync(join(tmpdir(), "ts-cache-"));
    const file = join(dir, "answer.ts");
    const marker = `ts-cache-test-${randomUUID()}`;
    // What tsx must compile (an enum, a parameter property), and what shows which source ran.
    const source = (n: number) => `enum Kind { A = ${n} }\nclass Holder { constructor(readonly value: Kind) {} }\nexport const marker = "${marker}";\nexport const answer = (): string => \`answer \${new Holder(Kind.A).value}\`;\n`;
    try {
      writeFileSync(file, source(1));
      expect(run(dir, file)).toBe("answer 1");
      const [kept, ...more] = keptWith(marker);
      expect(more).toEqual([]);
      // The kept compilation is what runs: edit it, and the edit shows.
      writeFileSync(kept as string, readFileSync(kept as string, "utf8").replace("answer ", "kept answer "));
      expect(run(dir, file)).toBe("kept answer 1");
      // A changed source is compiled afresh, and kept beside the first.
      writeFileSync(file, source(2));
      expect(run(dir, file)).toBe("answer 2");
      expect(keptWith(marker)).toHaveLength(2);
      // With source maps on, tsx compiles (inlining a map) and the cache is neither read nor written.
      writeFileSync(file, source(1));
      expect(run(dir, file, ["--enable-source-maps"])).toBe("answer 1");
      expect(keptWith(marker)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const kept of keptWith(marker)) rmSync(kept);
    }
  });
});
