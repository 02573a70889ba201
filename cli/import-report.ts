/** `switchyard import`'s report: what was imported, what did not map (with why), what clients change. */
import { formatDefect } from "../stacks/load";
import { plural } from "../plan/format-helpers";
import type { FinishedImport } from "../import/finish";

export function renderImportText(result: FinishedImport, configFile: string, written: string): string {
  const e = result.entries;
  const out = [
    `switchyard import ${result.source} ${configFile}: ${plural(Object.keys(e.routes).length, "route")}, ${plural(Object.keys(e.providerKeys).length, "provider key")}, ${plural(Object.keys(e.workloads).length, "workload")} -> ${written}${result.defects.length ? " (INVALID: see below)" : " (validates)"}`,
    "",
    result.unmapped.length ? `not mapped (${result.unmapped.length}):` : "not mapped: nothing",
    ...result.unmapped.map((u) => `  ${configFile}${u.line ? `:${u.line}` : ""} ${u.at}: ${u.why}`),
    "",
    "clients change:",
    ...result.clientChanges.map((c) => `  ${c}`),
  ];
  if (result.defects.length) out.push("", "the stack file does not validate (please report this):", ...result.defects.map((d) => `  ${formatDefect(d)}`));
  return `${out.join("\n")}\n`;
}

export function renderImportJson(result: FinishedImport, configFile: string, written: string): string {
  const { yaml: _yaml, spec: _spec, ...rest } = result;
  return `${JSON.stringify({ kind: "switchyard-import", schemaVersion: 1, config: configFile, written, valid: result.defects.length === 0, ...rest }, null, 2)}\n`;
}
