/**
 * Layout mistakes named at the line that is wrong. When YAML fails to parse, its errors point
 * where the parser gave up: usually the line after a misindented one, at column 1, followed by a
 * cascade of follow-ons. This reads the block structure from the indentation alone: within one
 * mapping or list, its entries start at one column; an entry at another column is the mistake
 * (when entries disagree, the column most of them use wins), and a tab in the indentation is one.
 * It understands what stack files use: block mappings and lists, `- key: value` items, flow
 * collections over several lines, block scalars and plain multi-line values.
 */

export interface LayoutDefect {
  /** Offset in the source of the entry that is wrong. */
  offset: number;
  /** The mapping or list that holds it. */
  path: Array<string | number>;
  message: string;
  /** The advice as an edit: the line starting at `lineStart` moved from column index `from` to `to` (none for a tab). */
  reindent?: { lineStart: number; from: number; to: number };
}

interface Line {
  number: number;
  offset: number;
  indent: number;
  text: string;
}

interface Entry {
  line: Line;
  indent: number;
  /** The key, for a mapping entry; undefined for a list item. */
  key?: string;
  /** The mapping or list it opened, if any. */
  child?: Block;
}

interface Block {
  /** Column of the line that opened it; -1 for the document. */
  openerIndent: number;
  path: Array<string | number>;
  entries: Entry[];
  items: number;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#:{}[\],'"][^#]*?)\s*:(?:\s+|$)/;
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/;

/** Unclosed [ and { on a line, outside quotes and comments. */
function flowDepthChange(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] as string))) break;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
  }
  return depth;
}

/**
 * Entries deeper than their block's column that follow an entry (p) which closed its neighbour
 * (q) early: p sits at the block's column, right after q, whose own fields are at the deeper
 * entries' column, and p holds nothing at or left of that column. Then p is a field of q written
 * too far left (`budget` two columns left in the middle of a workload), and what follows it only
 * looks misindented.
 */
function slippedBefore(entries: Entry[], i: number, wanted: number): { entry: Entry; owner: Entry; before: Entry } | undefined {
  const deeper = (entries[i] as Entry).indent;
  let j = i - 1;
  while (j >= 0 && (entries[j] as Entry).indent > wanted) j--;
  const p = entries[j];
  const q = entries[j - 1];
  if (!p || !q || p.indent !== wanted || q.indent !== wanted || q.key === undefined) return undefined;
  const fields = q.child?.entries ?? [];
  const before = fields.at(-1);
  if (!before || !fields.some((f) => f.indent === deeper)) return undefined;
  if (p.child && p.child.entries.some((f) => f.indent <= deeper)) return undefined;
  return { entry: p, owner: q, before };
}

/**
 * An entry (p) at the block's column, right after fields of the entry before it (q) that are at a
 * deeper column, while p's own fields are deeper still: p is a field of q written too far left with
 * its own block left where it was (`decision` two columns left, after `budget` slipped), not an
 * entry of its own. Only after fields that fell out of q (`slipped`, or those after them), so that
 * a file whose entries merely indent their fields differently is not blamed.
 */
function slippedAfter(entries: Entry[], i: number, wanted: number, slipped: ReadonlySet<Entry>): { owner: Entry; last: Entry } | undefined {
  const p = entries[i] as Entry;
  if (p.key === undefined || !p.child?.entries.length) return undefined;
  let j = i - 1;
  let last: Entry | undefined;
  while (j >= 0 && ((entries[j] as Entry).indent > wanted || slipped.has(entries[j] as Entry))) {
    if ((entries[j] as Entry).indent > wanted) last ??= entries[j];
    j--;
  }
  const q = entries[j];
  if (!last || !q || q.indent !== wanted || q.key === undefined) return undefined;
  if (p.child.entries.some((f) => f.indent <= last.indent)) return undefined;
  return { owner: q, last };
}

const unquote = (key: string) => (/^["']/.test(key) ? key.slice(1, -1) : key);
const col = (indent: number) => indent + 1;
const describeEntry = (e: Entry) => (e.key !== undefined ? `"${e.key}"` : "this list item");

export function layoutDefects(source: string): LayoutDefect[] {
  const defects: LayoutDefect[] = [];
  const lines: Line[] = [];
  let offset = 0;
  source.split("\n").forEach((raw, i) => {
    const text = raw.replace(/\r$/, "");
    const indent = text.length - text.replace(/^ */, "").length;
    lines.push({ number: i + 1, offset, indent, text });
    offset += raw.length + 1;
  });

  const blocks: Block[] = [{ openerIndent: -1, path: [], entries: [], items: 0 }];
  let flowDepth = 0;
  let scalarAbove: number | undefined; // inside a block scalar opened at this indent
  let previousOpener: Entry | undefined;

  const close = (block: Block) => {
    const counts = new Map<number, number>();
    for (const e of block.entries) counts.set(e.indent, (counts.get(e.indent) ?? 0) + 1);
    if (counts.size < 2) return;
    const first = block.entries[0] as Entry;
    // The column most entries use; a tie goes to the first entry's.
    const wanted = [...counts].reduce((best, [indent, n]) => (n > (counts.get(best) ?? 0) ? indent : best), first.indent);
    const model = block.entries.find((e) => e.indent === wanted) as Entry;
    const slipped = new Set<Entry>();
    for (const [i, e] of block.entries.entries()) {
      if (e.indent === wanted) {
        const after = slippedAfter(block.entries, i, wanted, slipped);
        if (after) {
          slipped.add(e);
          const { owner: q, last } = after;
          defects.push({
            offset: e.line.offset + e.indent,
            path: [...block.path, q.key as string],
            message: `${describeEntry(e)} starts at column ${col(e.indent)}, after fields of "${q.key}" at column ${col(last.indent)} (line ${last.line.number}), and its own fields are at column ${col(Math.min(...(e.child as Block).entries.map((f) => f.indent)))}: indent it to column ${col(last.indent)}`,
            reindent: { lineStart: e.line.offset, from: e.indent, to: last.indent },
          });
        }
        continue;
      }
      const slip = e.indent > wanted ? slippedBefore(block.entries, i, wanted) : undefined;
      if (slip) {
        // The entry above slipped left out of its neighbour's fields: it is the mistake, not these.
        if (!slipped.has(slip.entry)) {
          slipped.add(slip.entry);
          const { entry: p, owner: q, before } = slip;
          defects.push({
            offset: p.line.offset + p.indent,
            path: [...block.path, q.key as string],
            message: `${describeEntry(p)} starts at column ${col(p.indent)}, between fields of "${q.key}" at column ${col(e.indent)} (lines ${before.line.number} and ${e.line.number}): indent it to column ${col(e.indent)}`,
            reindent: { lineStart: p.line.offset, from: p.indent, to: e.indent },
          });
        }
        continue;
      }
      const others = model.key !== undefined ? `its siblings at column ${col(wanted)} ("${model.key}", line ${model.line.number})` : `the other items at column ${col(wanted)} (line ${model.line.number})`;
      defects.push({
        offset: e.line.offset + e.indent,
        path: block.path,
        message: `${describeEntry(e)} starts at column ${col(e.indent)}, ${others}: indent it to column ${col(wanted)}`,
        reindent: { lineStart: e.line.offset, from: e.indent, to: wanted },
      });
    }
  };

  for (const line of lines) {
    const content = line.text.slice(line.indent);
    if (scalarAbove !== undefined) {
      if (content === "" || line.indent > scalarAbove) continue;
      scalarAbove = undefined;
    }
    if (flowDepth > 0) {
      flowDepth += flowDepthChange(line.text);
      continue;
    }
    if (content === "" || content.startsWith("#") || content === "---" || content === "...") continue;
    if (/^\t/.test(content)) {
      defects.push({ offset: line.offset + line.indent, path: [], message: "tab used for indentation: YAML indents with spaces" });
      continue;
    }

    // A list item opens a mapping at the column after "- " when it holds `key: ...`.
    const dash = /^-(\s+|$)/.exec(content);
    const afterDash = dash ? content.slice(dash[0].length) : content;
    const keyMatch = KEY.exec(afterDash);
    if (!dash && !keyMatch) continue; // a continuation of a plain multi-line value

    // `key:` followed by a list at the key's own column belongs to that key.
    const sameColumnList = dash && previousOpener && line.indent === previousOpener.indent;
    while (blocks.length > 1 && line.indent <= (blocks.at(-1) as Block).openerIndent && !(sameColumnList && line.indent === (blocks.at(-1) as Block).openerIndent)) close(blocks.pop() as Block);
    const block = blocks.at(-1) as Block;
    const entry: Entry = { line, indent: line.indent, ...(dash ? {} : { key: unquote((keyMatch as RegExpExecArray)[1] as string) }) };
    block.entries.push(entry);
    previousOpener = undefined;

    let value = content;
    if (dash) {
      const index = block.items++;
      if (!keyMatch) {
        flowDepth = flowDepthChange(afterDash);
        continue;
      }
      const itemIndent = line.indent + (dash[0] as string).length;
      const itemKey: Entry = { line, indent: itemIndent, key: unquote(keyMatch[1] as string) };
      blocks.push({ openerIndent: line.indent, path: [...block.path, index], entries: [itemKey], items: 0 });
      value = afterDash;
      Object.assign(entry, { key: undefined });
      const rest = afterDash.slice(keyMatch[0].length);
      if (rest === "" || rest.startsWith("#")) {
        itemKey.child = { openerIndent: itemIndent, path: [...block.path, index, itemKey.key as string], entries: [], items: 0 };
        blocks.push(itemKey.child);
        previousOpener = itemKey;
      } else if (BLOCK_SCALAR.test(rest)) scalarAbove = itemIndent;
      else flowDepth = flowDepthChange(rest);
      continue;
    }
    const rest = value.slice((keyMatch as RegExpExecArray)[0].length);
    if (rest === "" || rest.startsWith("#")) {
      entry.child = { openerIndent: line.indent, path: [...block.path, entry.key as string], entries: [], items: 0 };
      blocks.push(entry.child);
      previousOpener = entry;
    } else if (BLOCK_SCALAR.test(rest)) scalarAbove = line.indent;
    else flowDepth = flowDepthChange(rest);
  }
  while (blocks.length) close(blocks.pop() as Block);
  return defects.sort((a, b) => a.offset - b.offset);
}
