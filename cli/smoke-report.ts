/**
 * `switchyard smoke`'s report in text, Markdown and JSON: the calls through the front door, with
 * --compare-direct the same prompts straight to the provider side by side, and the steps before
 * moving traffic, each checked, failed or left to a person. The key appears nowhere: rows carry
 * only what the front door and the providers answered, already scrubbed of it.
 */
import { textTable, wrap } from "../plan/format-helpers";
import { breakable, code } from "../plan/markdown-cells";
import type { Comparison } from "./smoke-compare";
import type { LedgerLook } from "./smoke-ledger";
import type { SmokeResult } from "./smoke-answer";
import type { Step } from "./smoke-steps";

export interface SmokeReport {
  stack: string;
  baseUrl: string;
  route?: string;
  target?: string;
  /** The workload whose key was used: named with --workload, or the one whose declared scope the key's listing matches. */
  workload?: string;
  /** The label of the key used (never the key): named with --key-name, or the workload's only key. */
  keyName?: string;
  passed: boolean;
  callable: string[];
  models: string[];
  results: SmokeResult[];
  error?: string;
  comparison?: Comparison[];
  /** The workload's decision.rollbackModel, called directly (--compare-direct). */
  rollbackCall?: SmokeResult;
  /** Where each request's log id was found in the usage ledger (--ledger). */
  ledger?: LedgerLook;
  steps: Step[];
}

const num = (n: number | undefined, digits = 0) => (n === undefined ? "-" : n.toFixed(digits));
const tokens = (r: SmokeResult) => `${num(r.inputTokens)}/${num(r.outputTokens)}`;
const status = (r: SmokeResult) => (r.outcome === "skip" ? "skip" : `${r.outcome.toUpperCase()} ${num(r.httpStatus)}`);

export function renderTable(results: SmokeResult[]): string {
  return textTable(
    ["model", "prompt", "api", "result", "http", "shape", "in tok", "out tok", "ms", "first byte ms", "error"],
    results.map((r) => [r.model, r.prompt, r.api, r.outcome.toUpperCase(), num(r.httpStatus), r.shape, num(r.inputTokens), num(r.outputTokens), num(r.latencyMs), num(r.firstByteMs), r.error ?? ""]),
  );
}

const COMPARISON_HEADER = ["model", "prompt", "direct model", "verdict", "front door", "direct", "shape: front door | direct", "tokens in/out", "ms", "differences and notes"];
const comparisonCells = (c: Comparison) => [
  c.model,
  c.prompt,
  c.directModel,
  c.verdict.toUpperCase(),
  status(c.frontDoor),
  status(c.direct),
  `${c.frontDoor.shape} | ${c.direct.shape}`,
  `${tokens(c.frontDoor)} | ${tokens(c.direct)}`,
  `${num(c.frontDoor.latencyMs)} | ${num(c.direct.latencyMs)}`,
  [...c.differences, ...c.notes].join("; "),
];

const counts = (results: SmokeResult[]) => {
  const n = { ok: 0, fail: 0, skip: 0 };
  for (const r of results) n[r.outcome]++;
  return n;
};

const scopeOf = (r: SmokeReport) => `${r.route === undefined ? `${r.models.length} callable models and routes` : `route ${r.route}`}${r.target ? ` (${r.target} graph)` : ""}`;

export function renderSmokeText(r: SmokeReport): string {
  const out: string[] = [`switchyard smoke ${r.stack} against ${r.baseUrl}: ${scopeOf(r)}${r.workload ? `, workload ${r.workload}` : ""}${r.keyName ? `, key ${r.keyName}` : ""}`];
  if (r.error) out.push(`FAILED: ${r.error}`);
  if (r.results.length) out.push(renderTable(r.results));
  const n = counts(r.results);
  out.push(`${n.ok} ok, ${n.fail} failed, ${n.skip} skipped: ${r.passed ? "passed" : "FAILED"}`);
  if (r.comparison) {
    const differ = r.comparison.filter((c) => c.verdict === "differs").length;
    out.push("", `Compared with the direct path (${r.comparison.length} calls, ${differ} differ)`, textTable(COMPARISON_HEADER, r.comparison.map(comparisonCells)));
    if (r.rollbackCall) out.push(`rollback model ${r.rollbackCall.model} directly: ${status(r.rollbackCall)}${r.rollbackCall.error ? ` (${r.rollbackCall.error})` : ""}`);
  }
  out.push("", "Before moving traffic");
  for (const s of r.steps) out.push(...wrap(`[${s.status}] ${s.step}: ${s.detail}`, 80, "  ", "      "));
  return `${out.join("\n")}\n`;
}

export function renderSmokeMarkdown(r: SmokeReport): string {
  const n = counts(r.results);
  const out: string[] = [
    `## Switchyard smoke: ${code(r.stack)}: ${r.passed ? "passed" : "FAILED"}`,
    "",
    `Against ${breakable(r.baseUrl)}: ${scopeOf(r)}${r.workload ? `, workload ${code(r.workload)}` : ""}${r.keyName ? `, key ${code(r.keyName)}` : ""}. ${n.ok} ok, ${n.fail} failed, ${n.skip} skipped.`,
  ];
  if (r.error) out.push("", `**Failed**: ${breakable(r.error)}`);
  out.push("", "### Before moving traffic", "", "| step | status | what was seen |", "|---|---|---|");
  for (const s of r.steps) out.push(`| ${s.step} | ${s.status === "failed" ? "**failed**" : s.status} | ${breakable(s.detail)} |`);
  if (r.results.length) {
    out.push("", "### Through the front door", "", "| model | prompt | result | shape | tokens in/out | ms | error |", "|---|---|---|---|---|---|---|");
    for (const x of r.results) out.push(`| ${breakable(x.model)} | ${x.prompt} | ${status(x)} | ${breakable(x.shape)} | ${tokens(x)} | ${num(x.latencyMs)} | ${breakable(x.error ?? "")} |`);
  }
  if (r.comparison) {
    out.push("", "### Compared with the direct path", "", "| model | prompt | direct model | verdict | front door / direct | differences and notes |", "|---|---|---|---|---|---|");
    for (const c of r.comparison) {
      const sides = `${status(c.frontDoor)}, ${c.frontDoor.shape}, ${tokens(c.frontDoor)} tokens / ${status(c.direct)}, ${c.direct.shape}, ${tokens(c.direct)} tokens`;
      out.push(`| ${breakable(c.model)} | ${c.prompt} | ${breakable(c.directModel)} | ${c.verdict === "differs" ? "**differs**" : c.verdict} | ${breakable(sides)} | ${[...c.differences, ...c.notes].map(breakable).join("<br/>")} |`);
    }
  }
  return `${out.join("\n")}\n`;
}

export const renderSmokeJson = (r: SmokeReport) => `${JSON.stringify(r, null, 2)}\n`;

export const SMOKE_FORMATS = { text: renderSmokeText, md: renderSmokeMarkdown, json: renderSmokeJson } as const;
