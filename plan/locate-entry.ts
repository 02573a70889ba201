/**
 * Stack-file positions for report locations: the line of an entry's key (`checkout-assistant:`),
 * not of its first field, so that a SARIF annotation lands on the entry a reviewer sees in the diff.
 * A path that does not exist in the file resolves to its deepest existing ancestor.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { FieldPath } from "../policies/support/location";
import type { EntryLocation } from "./report-model";

export type { FieldPath };

export function formatFieldPath(path: FieldPath): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");
}

export type Locator = (path: FieldPath) => EntryLocation;

/** `document`: the source as already parsed (the loader's), so that a large file is not parsed twice. */
export function entryLocator(source: string, file: string, document?: Document): Locator {
  const lines = new LineCounter();
  const doc = document ?? parseDocument(source);
  // The starts of lines, as the parser would report them.
  lines.addNewLine(0);
  for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
  const firstLine = (doc.contents as Node | null)?.range?.[0] ?? 0;
  // Each mapping's pairs by key, made when first looked into: a report locates every workload, and
  // a search of the workloads mapping per lookup is quadratic in a stack of thousands.
  const indexes = new WeakMap<YAMLMap, Map<unknown, Pair>>();
  const pairOf = (map: YAMLMap, key: string | number): Pair | undefined => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      // The first pair of a key, as a search would find it.
      for (const it of map.items) if (isScalar(it.key) && !index.has(it.key.value)) index.set(it.key.value, it);
      indexes.set(map, index);
    }
    return index.get(key);
  };
  return (path) => {
    let node: unknown = doc.contents;
    let offset = firstLine;
    const found: Array<string | number> = [];
    for (const p of path) {
      if (isMap(node)) {
        const pair = pairOf(node, p);
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof p === "number" && node.items[p]) {
        node = node.items[p];
        offset = (node as Node).range?.[0] ?? offset;
      } else break;
      found.push(p);
    }
    const { line, col } = lines.linePos(offset);
    return { file, line, col, path: formatFieldPath(found) };
  };
}
