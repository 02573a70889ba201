/**
 * What the engine does with `ignoreChanges` before it diffs a resource: each listed input path in
 * the program's inputs is reset to the value the state holds (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go, processIgnoreChanges, through PropertyPath.Reset in
 * sdk/go/common/resource/properties_path.go): a value the old inputs have is copied over, one they
 * lack is removed. Paths are Pulumi property paths (`a.b[0].c`, `["key.with.dots"]`); the wildcard
 * `*` is not modelled (Switchyard does not use it), such a path is left as is.
 */

type Key = string | number;

/** `a.b[0]["c.d"]` -> ["a", "b", 0, "c.d"]; undefined for what this does not read. */
export function parsePropertyPath(path: string): Key[] | undefined {
  const keys: Key[] = [];
  const re = /([^.[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|(\.)/gy;
  let m: RegExpExecArray | null;
  let expectKey = true;
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[4]) {
      if (expectKey) return undefined;
      expectKey = true;
      continue;
    }
    if (m[1] !== undefined) {
      if (!expectKey || m[1] === "*") return undefined;
      keys.push(m[1]);
    } else if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[3] !== undefined) keys.push(m[3].replace(/\\(.)/g, "$1"));
    expectKey = false;
  }
  return re.lastIndex === path.length && keys.length && !expectKey ? keys : undefined;
}

/** The program's inputs with each ignored path set back to the old inputs' value. */
export function applyIgnoreChanges(inputs: Record<string, unknown>, oldInputs: Record<string, unknown>, ignoreChanges: readonly string[] = []): Record<string, unknown> {
  if (ignoreChanges.length === 0) return inputs;
  const out = structuredClone(inputs);
  for (const path of ignoreChanges) {
    const keys = parsePropertyPath(path);
    if (keys) reset(keys, oldInputs, out);
  }
  return out;
}

function reset(keys: Key[], old: unknown, now: unknown): void {
  const [key, ...rest] = keys as [Key, ...Key[]];
  if (!isContainer(now)) return;
  const oldHas = isContainer(old) && key in old;
  const nowRecord = now as Record<Key, unknown>;
  if (rest.length === 0) {
    if (oldHas) nowRecord[key] = structuredClone((old as Record<Key, unknown>)[key]);
    else if (!Array.isArray(now)) delete nowRecord[key];
    return;
  }
  if (oldHas && key in nowRecord) reset(rest, (old as Record<Key, unknown>)[key], nowRecord[key]);
}

const isContainer = (v: unknown): v is object => typeof v === "object" && v !== null;
