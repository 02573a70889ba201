/**
 * The Markdown report's tables (and the decision records') fit a pull-request comment and never split a date. GitHub shrinks
 * a table to its longest unbreakable words before it scrolls; this reads every table of the
 * rendered comment back and bounds that width: words split where browsers may break them (spaces,
 * <br/>, <wbr>, after a hyphen before a letter; never at the U+2011 hyphens of dates), each
 * character at an upper estimate of its width in GitHub's 14 px text (code at 85% in a monospace
 * font), plus GitHub's cell padding (6px 13px) and borders.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMENT_WIDTH_PX } from "../../plan/mermaid";
import { decisionRecords } from "../../plan/decision-records";
import { diffStacks } from "../../plan/diff";
import { decisionsReport, renderDecisionsMarkdown } from "../../plan/report-decisions";
import { renderMarkdown } from "../../plan/report-markdown";
import type { PlanReport } from "../../plan/report-model";
import { parseStackFile } from "../../stacks/load";
import { generateStackYaml } from "../../stacks/generate-stack";
import { FIXTURE_TODAY, reportFromYaml } from "./report-fixture";

/** Upper estimates of glyph widths at 14 px in GitHub's sans-serif stack. */
function textPx(c: string): number {
  if (/[mwMW@%]/.test(c)) return 13;
  if (/[A-Z]/.test(c)) return 10;
  if (/[il.,:;'|!\s]/.test(c)) return 4.5;
  return 8;
}
const CODE_CHAR_PX = 7.2; // 0.6 em of 85% of 14 px
const CODE_PADDING_PX = 5;
const CELL_EXTRA_PX = 27; // 13 px padding each side and a 1 px border

/** The widest unbreakable word of a cell, in px. */
function widestWord(cellText: string): number {
  let widest = 0;
  const segments = cellText.replace(/\\\|/g, "|").replace(/\*\*/g, "").split(/(`[^`]*`)/);
  for (const segment of segments) {
    const isCode = segment.startsWith("`") && segment.endsWith("`") && segment.length > 1;
    const body = isCode ? segment.slice(1, -1) : segment;
    for (const word of body.split(/<br\/>|<wbr>|\s+|(?<=-)(?=[A-Za-z])/)) {
      const px = isCode ? word.length * CODE_CHAR_PX + CODE_PADDING_PX : [...word].reduce((sum, c) => sum + textPx(c), 0);
      widest = Math.max(widest, px);
    }
  }
  return widest;
}

/** Every table of a Markdown text, as rows of cells. */
function tables(markdown: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
      if (!cells.every((c) => /^-+:?$/.test(c))) (current ??= []).push(cells);
    } else if (current) {
      found.push(current);
      current = undefined;
    }
  }
  if (current) found.push(current);
  return found;
}

const minWidth = (table: string[][]) => (table[0] as string[]).reduce((sum, _, col) => sum + Math.max(...table.map((row) => widestWord(row[col] ?? ""))) + CELL_EXTRA_PX, 1);

const example = (env: string) => readFileSync(join(__dirname, "..", "..", "stacks", `${env}.yaml`), "utf8");

/** prod against a base without its OpenTelemetry exporters: long URLs and a Secrets Manager ARN in the diff's cells. */
function prodWithSafetyDiff(): PlanReport {
  const head = example("prod").replace(
    "        x-honeycomb-team: { pulumiSecret: honeycombApiKey }\n",
    '        x-honeycomb-team: { pulumiSecret: honeycombApiKey }\n    langfuse:\n      url: https://cloud.langfuse.com/api/public/otel/v1/traces\n      headers:\n        authorization: { awsSecretArn: "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/langfuse-otel-authorization-Ab12Cd" }\n',
  );
  const spec = (yaml: string) => {
    const r = parseStackFile(yaml, "stacks/prod.yaml");
    if (!r.ok) throw new Error(r.defects.map((d) => d.message).join("\n"));
    return r.spec;
  };
  const base = spec(example("prod").replace(/  openTelemetry:[\s\S]*?  frontDoor:\n/, "  frontDoor:\n"));
  return reportFromYaml(head, { diff: { baseRef: "origin/main", baseState: "ok", baseDefects: [], entries: diffStacks(base, spec(head)), resources: [] } });
}

const stacks: Array<[string, string]> = [
  ...["dev", "staging", "prod"].map((env): [string, string] => [env, example(env)]),
  ["generated, 100 workloads", generateStackYaml(100)],
];
const decisionsMarkdown = (yaml: string) => {
  const loaded = parseStackFile(yaml, "stacks/x.yaml");
  if (!loaded.ok) throw new Error("invalid stack");
  return renderDecisionsMarkdown(decisionsReport("stacks/x.yaml", loaded.spec.environment, FIXTURE_TODAY, decisionRecords(loaded.spec, FIXTURE_TODAY)));
};
const markdowns: Array<[string, string]> = [
  ...stacks.flatMap(([name, yaml]): Array<[string, string]> => [
    [`plan report of ${name}`, renderMarkdown(reportFromYaml(yaml))],
    [`decision records of ${name}`, decisionsMarkdown(yaml)],
  ]),
  ["plan report of prod, with a --base diff of its OpenTelemetry exporters", renderMarkdown(prodWithSafetyDiff())],
];

describe.each(markdowns)("the Markdown %s", (_, md) => {
  it("has tables that fit the comment without scrolling", () => {
    const found = tables(md);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const table of found) expect({ header: table[0], px: minWidth(table) <= COMMENT_WIDTH_PX ? "fits" : minWidth(table) }).toEqual({ header: table[0], px: "fits" });
  });

  it("writes every date in a table with hyphens that do not break", () => {
    const rows = tables(md).flat(2).join("\n");
    expect(rows).toMatch(/\d{4}\u2011\d{2}\u2011\d{2}/);
    expect(rows.match(/\d{4}-\d{2}-\d{2}/g)).toBeNull();
  });

  it("has a header row with words in every table", () => {
    for (const table of tables(md)) expect(table[0]?.every((c) => c.length > 0)).toBe(true);
  });
});

describe("the width estimate", () => {
  it("counts a date as one word and lets a name break after its hyphens", () => {
    expect(widestWord("2027\u201102\u201115")).toBe(widestWord("2027x02x15"));
    expect(widestWord("`checkout-assistant`")).toBe("assistant".length * CODE_CHAR_PX + CODE_PADDING_PX);
    expect(minWidth([["a", "b"]])).toBe(1 + 2 * CELL_EXTRA_PX + 16);
  });
});
