/**
 * The gateway's declared safety and observability controls as the plan shows them (the summary
 * and the `--base` diff), in the stack file's terms. OpenTelemetry headers appear by name and by
 * where their value lives, never with a value: a plain-text value is shown only as a short digest
 * in the diff, so that a change to it is still seen.
 */
import { createHash } from "node:crypto";
import type { HeaderValueSpec, StackSpec } from "../stacks/schema";
import type { GatewaySafety, HeaderSource } from "./report-model";

export function headerSource(value: HeaderValueSpec): HeaderSource {
  if (value.pulumiSecret !== undefined) return { kind: "pulumiSecret", ref: value.pulumiSecret };
  if (value.awsSecretArn !== undefined) return { kind: "awsSecretArn", ref: value.awsSecretArn };
  return { kind: "plain" };
}

/** A header in the diff: where it comes from, or for plain text, a digest of the value. */
export function headerDiffText(value: HeaderValueSpec): string {
  const source = headerSource(value);
  if (source.kind !== "plain") return `${source.kind} ${source.ref}`;
  return `plain text (sha256 ${createHash("sha256").update(value.value ?? "").digest("hex").slice(0, 8)})`;
}

const sorted = <T>(record: Readonly<Record<string, T>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function gatewaySafety(gateway: StackSpec["gateway"]): GatewaySafety {
  const side = (categories: Readonly<Record<string, string | undefined>>) => Object.fromEntries(Object.entries(categories).filter(([, a]) => a !== undefined)) as Record<string, "flag" | "block">;
  return {
    ...(gateway.guardrails ? { guardrails: { prompts: side(gateway.guardrails.prompts), responses: side(gateway.guardrails.responses) } } : {}),
    dlp: sorted(gateway.dlp?.policies ?? {}).map(([id, p]) => ({ id, action: p.action, check: [...p.check], profiles: [...p.profiles] })),
    zeroDataRetention: gateway.zeroDataRetention,
    openTelemetry: sorted(gateway.openTelemetry).map(([name, e]) => ({
      name,
      url: e.url,
      contentType: e.contentType,
      headers: sorted(e.headers).map(([header, value]) => ({ name: header, ...headerSource(value) })),
    })),
  };
}

/** The summary's words for each control: what a reviewer reads in the report. */
export interface SafetyWords {
  guardrails: string;
  dlp: string;
  openTelemetry: string[];
}

/** "block a, b; flag c" for one side, or undefined when it evaluates nothing. */
function sideWords(categories: Record<string, "flag" | "block">): string | undefined {
  const by = (action: string) => Object.entries(categories).filter(([, a]) => a === action).map(([c]) => c);
  const parts = (["block", "flag"] as const).flatMap((action) => (by(action).length ? [`${action} ${by(action).join(", ")}`] : []));
  return parts.length ? parts.join("; ") : undefined;
}

export function safetyWords(safety: GatewaySafety): SafetyWords {
  const g = safety.guardrails;
  const sides = g ? (["prompts", "responses"] as const).flatMap((side) => (sideWords(g[side]) ? [`${side}: ${sideWords(g[side])}`] : [])) : [];
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return {
    guardrails: sides.length ? sides.join(". ") : "none",
    dlp: safety.dlp.length ? safety.dlp.map((p) => `${p.id}: ${p.action} on ${p.check.join(" and ")} (${count(p.profiles.length, "profile")})`).join("; ") : "off",
    openTelemetry: safety.openTelemetry.map((e) => {
      const headers = e.headers.map((h) => (h.kind === "plain" ? `${h.name} in plain text` : `${h.name} from ${h.kind} ${h.ref}`));
      return `${e.name}: ${e.url} (${[e.contentType, ...headers].join("; ")})`;
    }),
  };
}
