/**
 * `switchyard import <source> <CONFIG> [--environment ENV] [--out FILE] [--format text|json]`: another
 * gateway's config as a stack file (import/): written to --out (or standard output), with a report
 * of what did not map. Exit 0 when the stack file validates, 2 otherwise or on bad input.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { finishImport } from "../import/finish";
import { IMPORTERS } from "../import/importers";
import { renderImportJson, renderImportText } from "./import-report";
import { FORMATS } from "../stacks/formats";
import { CliError, errorLine, missingArgument, nearest, runCommand } from "./args";
import { todayOption } from "./today";
import { IMPORT_SOURCES, importHelp, importLitellmSpec } from "./specs";

export async function main(argv: string[]): Promise<number> {
  const [source, ...rest] = argv;
  if (source === "--help" || source === "-h") return process.stdout.write(importHelp()), 0;
  if (source === undefined || !IMPORT_SOURCES.includes(source)) {
    const near = source === undefined ? undefined : nearest(source, IMPORT_SOURCES);
    const what = source === undefined ? "missing <source>" : `unknown source "${source}"${near ? ` (did you mean ${near}?)` : ""}`;
    return process.stderr.write(errorLine("import", what, `the sources are ${IMPORT_SOURCES.join(", ")}; see switchyard import --help`)), 2;
  }
  return runCommand(importLitellmSpec, rest, ({ values, positionals }) => {
    const [config] = positionals;
    if (config === undefined) throw missingArgument(importLitellmSpec, "CONFIG", "name the LiteLLM proxy config.yaml");
    if (!existsSync(config)) throw new CliError(`${config} does not exist`, "name the LiteLLM proxy config.yaml");
    const environment = (values.environment as string | undefined) ?? "imported";
    if (!FORMATS.environment.pattern.test(environment)) throw new CliError(`--environment ${environment} is not ${FORMATS.environment.expected}`, "give a lowercase slug such as staging");
    const today = todayOption(values.today);
    let result;
    try {
      result = finishImport(IMPORTERS[source](readFileSync(config, "utf8"), { environment, today, file: config }), { environment, today, file: config });
    } catch (e) {
      throw new CliError((e as Error).message, "give a LiteLLM proxy config (model_list, router_settings, litellm_settings, general_settings)");
    }
    const out = values.out as string | undefined;
    const render = values.format === "json" ? renderImportJson : renderImportText;
    if (out !== undefined) {
      if (result.defects.length === 0) writeFileSync(out, result.yaml);
      process.stdout.write(render(result, config, result.defects.length ? "(nothing written)" : out));
    } else {
      if (result.defects.length === 0) process.stdout.write(result.yaml);
      process.stderr.write(render(result, config, "standard output"));
    }
    return result.defects.length ? 2 : 0;
  });
}
