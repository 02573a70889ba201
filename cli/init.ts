/**
 * `switchyard init <ENV> [--from STACK]`: adds an environment in one step. The new stack file is
 * a copy of an existing one of the same kind (production or not), with the environment's name
 * replaced in every value that carries it, and what could not be renamed of what must be each
 * environment's own listed; the policy config is the source environment's. The copy is edited in place (by the YAML nodes' offsets), so comments
 * and layout stay, and it must validate before anything is written.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from "yaml";
import { isProduction } from "../stacks/environment";
import { FORMATS } from "../stacks/formats";
import { formatDefect, formatPath, parseStackFile } from "../stacks/load";
import { ownValues } from "../stacks/shared-credentials";
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

/** `name` with the environment `from` replaced by `to` where it is a part (between `.`, `-`, `/`, `:`); undefined when it is not. */
function renameIn(value: string, from: string, to: string): string | undefined {
  const segments = value.split(/([/:])/);
  let changed = false;
  const out = segments.map((segment, i) => {
    if (i % 2 === 1) return segment;
    const renamed = renamePart(segment, from, to);
    if (renamed === undefined) return segment;
    changed = true;
    return renamed;
  });
  return changed ? out.join("") : undefined;
}

/** Every string value of the document with its field path (map keys, the entries' names, are left alone). */
function stringValues(node: unknown, path: Array<string | number>, out: Array<{ path: Array<string | number>; node: Scalar & { value: string } }>): typeof out {
  if (isScalar(node) && typeof node.value === "string" && node.range) out.push({ path, node: node as Scalar & { value: string } });
  else if (isMap(node)) for (const pair of node.items) stringValues(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)], out);
  else if (isSeq(node)) node.items.forEach((item, i) => stringValues(item, [...path, i], out));
  return out;
}

/**
 * The source stack file's text for environment `to`: the environment's name is replaced in every
 * value that carries it (gateway id and hostname, reader roles, secret ARNs, provider accounts, key
 * names), and a gateway id or hostname that does not carry it gets the new name added, so the two
 * environments do not collide. What changed is returned beside it, and what could not be renamed
 * of what must be each environment's own (stacks/shared-credentials.ts): the user gives those.
 */
export function copyStack(text: string, from: string, to: string): { text: string; changes: string[]; unrenamed: string[] } {
  const doc = parseDocument(text);
  const edits: Array<{ start: number; end: number; value: string; field: string }> = [];
  const strings = stringValues(doc.contents, [], []);
  for (const { path, node } of strings) {
    const field = formatPath(path);
    let value = field === "environment" ? to : renameIn(node.value, from, to);
    if (value === undefined && field === "gateway.id") value = `${node.value}-${to}`;
    if (value === undefined && field === "gateway.frontDoor.hostname") value = `${to}.${node.value}`;
    if (value === undefined || value === node.value) continue;
    const [start, end] = node.range as [number, number, number];
    // Keep the scalar's quoting: only the characters of the value change.
    const source = text.slice(start, end);
    const replaced = source.includes(node.value) ? source.replace(node.value, value) : value;
    edits.push({ start, end, value: replaced, field: `${field} ${value}` });
  }
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = `${out.slice(0, e.start)}${e.value}${out.slice(e.end)}`;
  const renamed = new Set(edits.map((e) => e.field.split(" ")[0]));
  const copied = parseStackFile(text, "source");
  const unrenamed = copied.ok ? ownValues(copied.spec).filter((h) => !renamed.has(formatPath(h.path))).map((h) => `${formatPath(h.path)} ${h.value}`) : [];
  return { text: out, changes: edits.sort((a, b) => a.start - b.start).map((e) => e.field), unrenamed };
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
        ...(copy.unrenamed.length
          ? [`still ${sourceSpec.environment}'s (no "${sourceSpec.environment}" in them to rename; give ${env} its own, validate --all warns or refuses while they are shared): ${copy.unrenamed.join(", ")}`]
          : []),
        `next: review its accounts, roles, keys and owners${isProduction(env) ? " (a production environment needs a Cloudflare account of its own)" : ""}, then switchyard plan ${env}; the pull-request workflow plans every stack file, this one included`,
        "",
      ].join("\n"),
    );
    return 0;
  });
}
