/**
 * Golden files for every example stack and format, end to end (real program under the mock
 * engine, real policies with the environment's config), dates judged as of a fixed day.
 * Update after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/plan/golden.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderAll, FORMATS } from "../../cli/plan";
import { MARKDOWN_MAX_LENGTH } from "../../plan/report-markdown";
import { runPlan } from "../../plan/run-plan";
import { FIXTURE_TODAY } from "./report-fixture";

const GOLDEN = join(__dirname, "golden");
const update = process.env.UPDATE_GOLDEN === "1";

describe.each(["dev", "staging", "prod"])("golden plan of stacks/%s.yaml", (env) => {
  it("matches every format's golden file", { timeout: 120_000 }, async () => {
    const { report, source } = await runPlan({ file: `stacks/${env}.yaml`, today: FIXTURE_TODAY });
    const outputs = renderAll(report, { stackSource: source });
    expect(outputs.text.split("\n").filter((l) => l.length > 80)).toEqual([]);
    expect(outputs.md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    // Deterministic: rendering twice gives the same text.
    expect(renderAll(report, { stackSource: source })).toEqual(outputs);
    for (const [format, text] of Object.entries(outputs)) {
      const file = join(GOLDEN, `${env}.${FORMATS[format as keyof typeof FORMATS].ext}`);
      if (update || !existsSync(file)) {
        if (!update) throw new Error(`no golden file ${file}: run with UPDATE_GOLDEN=1`);
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, text);
      }
      expect(text, `${file} differs; if intended, UPDATE_GOLDEN=1`).toBe(readFileSync(file, "utf8"));
    }
  });
});
