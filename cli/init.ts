/**
 * `switchyard init <ENV> [--from STACK]`: adds an environment in one step. The new stack file is
 * a copy of an existing one of the same kind (production or not), with the environment renamed
 * and the old name in gateway.id and the front door's hostname replaced; the policy config is
 * the source environment's. The copy is edited in place (by the YAML nodes' offsets), so comments
 * and layout stay, and it must validate before anything is written.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, parseDocument, type Node } from "yaml";
import { isProduction } from "../stacks/environment";
import { FORMATS } from "../stacks/formats";
import { formatDefect, parseStackFile } from "../stacks/load";
import { CliError, missingArgument, runCommand } from "./args";
import { findProjectRoot, listStacks, loadValidStack, POLICY_CONFIG_DIR, resolveStack, shown, STACK_NAME, STACKS_DIR } from "./project";
import { initSpec } from "./specs";

/** The stack `init` copies by default: the first of the same kind (production or not), else the first. */
export function defaultSource(env: string, stacks: readonly string[]): string | undefined {
  return stacks.find((s) => isProduction(s) === isProduction(env)) ?? stacks[0];
}

/** `name` with the dash- or dot-separated part `from` replaced by `to`; undefined when it has no such part. */
function renamePart(name: string, from: string, to: string): string | undefined {
  const parts = name.split(/([.-])/);
  // A multi-part environment (prod-eu) is matched as a run of parts.
  const wanted = from.split(/([.-])/);
  for (let i = 0; i + wanted.length <= parts.length; i += 2) {
    if (wanted.every((w, j) => parts[i + j] === w)) return [...parts.slice(0, i), to, ...parts.slice(i + wanted.length)].join("");
  }
  return undefined;
}

/** The source stack file's text for environment `to`: what changed is returned beside it. */
export function copyStack(text: string, from: string, to: string): { text: string; changes: string[] } {
  const doc = parseDocument(text);
  const edits: Array<{ start: number; end: number; value: string; field: string }> = [];
  const scalarAt = (path: string[]): { node: Node; value: string } | undefined => {
    const node = doc.getIn(path, true) as Node | undefined;
    return node && isScalar(node) && typeof node.value === "string" && node.range ? { node, value: node.value } : undefined;
  };
  const set = (path: string[], value: string) => {
    const found = scalarAt(path);
    if (!found?.node.range) return;
    const [start, end] = found.node.range;
    edits.push({ start, end, value, field: path.join(".") });
  };
  set(["environment"], to);
  const id = scalarAt(["gateway", "id"]);
  if (id) set(["gateway", "id"], renamePart(id.value, from, to) ?? `${id.value}-${to}`);
  const host = scalarAt(["gateway", "frontDoor", "hostname"]);
  if (host && isMap(doc.getIn(["gateway", "frontDoor"]))) set(["gateway", "frontDoor", "hostname"], renamePart(host.value, from, to) ?? `${to}.${host.value}`);
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = `${out.slice(0, e.start)}${e.value}${out.slice(e.end)}`;
  return { text: out, changes: edits.sort((a, b) => a.start - b.start).map((e) => `${e.field} ${e.value}`) };
}

export function main(argv: string[]): Promise<number> {
  return runCommand(initSpec, argv, ({ values, positionals }) => {
    const [env] = positionals;
    if (env === undefined) throw missingArgument(initSpec, "ENV", "e.g. switchyard init qa");
    if (!STACK_NAME.test(env)) throw new CliError(`"${env}" is not an environment name`, `use ${FORMATS.environment.expected}`);
    const root = findProjectRoot();
    if (!root) throw new CliError(`no project (Pulumi.yaml or ${STACKS_DIR}/) in ${process.cwd()} or above`, "run it inside the project");
    const stackFile = join(root, STACKS_DIR, `${env}.yaml`);
    const configFile = join(root, POLICY_CONFIG_DIR, `${env}.json`);
    for (const f of [stackFile, configFile]) if (existsSync(f)) throw new CliError(`${shown(f)} exists already`, "edit it, or choose another name");

    const stacks = listStacks(root);
    const from = (values.from as string | undefined) ?? defaultSource(env, stacks);
    if (from === undefined) throw new CliError(`no stack in ${shown(join(root, STACKS_DIR))} to copy`, "write the first stack file by hand (docs/stack-file.md), then init the others from it");
    const source = resolveStack(from, process.cwd(), root);
    const sourceSpec = loadValidStack(source.display);
    const sourceConfig = join(root, POLICY_CONFIG_DIR, `${sourceSpec.environment}.json`);
    if (!existsSync(sourceConfig)) throw new CliError(`${source.display} has no policy config to copy (${shown(sourceConfig)} does not exist)`, "copy from a stack that has one (--from STACK)");

    const copy = copyStack(readFileSync(source.file, "utf8"), sourceSpec.environment, env);
    const checked = parseStackFile(copy.text, shown(stackFile));
    if (!checked.ok) {
      for (const d of checked.defects) process.stderr.write(`${formatDefect(d)}\n`);
      throw new CliError(`the copy of ${source.display} for ${env} would be invalid, so nothing was written`, "fix the defects above in the source, or copy another stack (--from STACK)");
    }
    writeFileSync(stackFile, copy.text);
    writeFileSync(configFile, readFileSync(sourceConfig));
    process.stdout.write(
      [
        `created ${shown(stackFile)} from ${source.display}: ${copy.changes.join(", ")}`,
        `created ${shown(configFile)} from ${shown(sourceConfig)}`,
        `next: review its accounts, roles, keys and owners${isProduction(env) ? " (a production environment needs a Cloudflare account of its own)" : ""}, then switchyard plan ${env}; the pull-request workflow plans every stack file, this one included`,
        "",
      ].join("\n"),
    );
    return 0;
  });
}
