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
    for (const e of block.entries.filter((x) => x.indent !== wanted)) {
      const others = model.key !== undefined ? `its siblings at column ${col(wanted)} ("${model.key}", line ${model.line.number})` : `the other items at column ${col(wanted)} (line ${model.line.number})`;
      defects.push({ offset: e.line.offset + e.indent, path: block.path, message: `${describeEntry(e)} starts at column ${col(e.indent)}, ${others}: indent it to column ${col(wanted)}` });
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
        blocks.push({ openerIndent: itemIndent, path: [...block.path, index, itemKey.key as string], entries: [], items: 0 });
        previousOpener = itemKey;
      } else if (BLOCK_SCALAR.test(rest)) scalarAbove = itemIndent;
      else flowDepth = flowDepthChange(rest);
      continue;
    }
    const rest = value.slice((keyMatch as RegExpExecArray)[0].length);
    if (rest === "" || rest.startsWith("#")) {
      blocks.push({ openerIndent: line.indent, path: [...block.path, entry.key as string], entries: [], items: 0 });
      previousOpener = entry;
    } else if (BLOCK_SCALAR.test(rest)) scalarAbove = line.indent;
    else flowDepth = flowDepthChange(rest);
  }
  while (blocks.length) close(blocks.pop() as Block);
  return defects.sort((a, b) => a.offset - b.offset);
}
