/**
 * An import's entries in a skeleton stack file (stacks/placeholders.ts), checked by the stack-file
 * loader before anything is written: an importer's output either validates or is reported with
 * the loader's own defects (a bug of the importer, never hidden).
 */
import { parseDocument } from "yaml";
import { parseStackFile, type StackDefect } from "../stacks/load";
import { markTodos, skeletonStack } from "../stacks/placeholders";
import type { StackSpec } from "../stacks/schema";
import type { Imported, ImportOptions } from "./importer";

export interface FinishedImport extends Imported {
  yaml: string;
  spec?: StackSpec;
  defects: StackDefect[];
}

export function finishImport(imported: Imported, options: ImportOptions): FinishedImport {
  const doc = parseDocument(skeletonStack(options.environment, [`Imported by switchyard import ${imported.source} from ${options.file}: review every TODO before use.`, "What did not map is listed by the command (docs/migration.md)."]));
  for (const [field, value] of Object.entries(imported.entries.gateway)) doc.setIn(["gateway", field], value);
  for (const section of ["providerKeys", "routes", "workloads"] as const) {
    const entries = imported.entries[section];
    if (Object.keys(entries).length) doc.set(section, doc.createNode(entries, { aliasDuplicateObjects: false }));
  }
  const yaml = markTodos(doc.toString({ lineWidth: 0 }));
  const loaded = parseStackFile(yaml, `stacks/${options.environment}.yaml`);
  return { ...imported, yaml, ...(loaded.ok ? { spec: loaded.spec, defects: [] } : { defects: loaded.defects }) };
}
