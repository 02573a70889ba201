/**
 * A route as a Mermaid flowchart, the way the gateway runs it (components/route-graph.ts):
 * start -> canary share / the rest -> the active target -> fallbacks in order; a failing canary
 * falls to the active target. The standby target (rollback, or primary once rolled back) is drawn
 * dashed, reached only by flipping `active`.
 *
 * GitHub draws a chart at its natural width and shrinks it to fit the comment, so a wide chart
 * becomes unreadable. The chart is kept within COMMENT_WIDTH_PX by construction: labels are
 * wrapped to a chosen number of characters per line, and the layout (left to right for a short
 * route, top to bottom otherwise) and that line length are picked by the width bound below.
 */
import { dynamicModel } from "../stacks/providers";
import type { RouteEntry, TargetEntry } from "./report-model";

/**
 * The width of a pull-request comment's body: the issue saw a 1,676 px chart shown with 16 px
 * text at 7 px, so about 733 px of room; a little is kept spare. Charts and tables stay within it.
 */
export const COMMENT_WIDTH_PX = 720;

/**
 * The width model (Mermaid's flowchart defaults, config.schema.yaml of the mermaid package:
 * nodeSpacing 50, rankSpacing 50, padding 15, diagramPadding 8, minNodeWidth 120; 16 px text in
 * "trebuchet ms", verdana, arial). CHAR_PX is an upper estimate of one character's advance at
 * 16 px for the characters of model ids, key names and roles (lowercase, digits, - . / ·), the
 * widest of those fonts being Verdana at about 0.6 em.
 */
export const WIDTH_MODEL = { charPx: 10.5, nodePaddingPx: 15, minNodeWidthPx: 120, labelPaddingPx: 8, nodeSpacingPx: 50, rankSpacingPx: 50, diagramPaddingPx: 8 } as const;

/** Text inside a quoted Mermaid label: quotes and markup-significant characters as entities. */
export function mermaidLabel(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * A label's text wrapped to `width` characters per line: broken after "/" or at spaces, a part
 * still too long after "-" or ".", and only what is longer still cut.
 */
export function wrapLabel(text: string, width: number): string[] {
  const split = (t: string, at: RegExp) => t.split(at).filter(Boolean);
  const pieces = split(text, /(?<=[/ ])/).flatMap((p) => (p.trimEnd().length > width ? split(p, /(?<=[-.])/) : [p]));
  const lines: string[] = [];
  let line = "";
  for (let piece of pieces) {
    if (line && (line + piece).trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = "";
    }
    while (piece.trimEnd().length > width) {
      lines.push(piece.slice(0, width));
      piece = piece.slice(width);
    }
    line += piece;
  }
  if (line.trim() || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/** A chart as the width bound reads it: node labels (lines) and labelled edges. */
export interface ChartShape {
  direction: "LR" | "TB";
  nodes: Map<string, string[]>;
  edges: Array<{ from: string; to: string; label: string }>;
}

const nodeWidth = (lines: readonly string[]) => Math.max(WIDTH_MODEL.minNodeWidthPx, Math.max(...lines.map((l) => l.length)) * WIDTH_MODEL.charPx + 2 * WIDTH_MODEL.nodePaddingPx);
const labelWidth = (label: string) => label.length * WIDTH_MODEL.charPx + 2 * WIDTH_MODEL.labelPaddingPx;

/**
 * An upper estimate of the drawn width. Nodes are layered the way dagre starts (longest path from
 * the start; an edge with a label spans two layers, its label sitting in the layer between); a
 * left-to-right chart is as wide as the sum of its layers' widest elements and the spacing between
 * them, a top-to-bottom one as its widest layer, every element of a layer side by side.
 */
export function chartWidthBound(chart: ChartShape): number {
  const layer = new Map<string, number>();
  const visit = (id: string, at: number) => {
    if ((layer.get(id) ?? -1) >= at) return;
    layer.set(id, at);
    for (const e of chart.edges.filter((x) => x.from === id)) visit(e.to, at + (e.label ? 2 : 1));
  };
  const targets = new Set(chart.edges.map((e) => e.to));
  for (const id of chart.nodes.keys()) if (!targets.has(id)) visit(id, 0);
  const layers = new Map<number, number[]>();
  const put = (at: number, width: number) => layers.set(at, [...(layers.get(at) ?? []), width]);
  for (const [id, lines] of chart.nodes) put(layer.get(id) ?? 0, nodeWidth(lines));
  for (const e of chart.edges) if (e.label) put(((layer.get(e.from) ?? 0) + (layer.get(e.to) ?? 0)) / 2, labelWidth(e.label));
  const widths = [...layers.values()];
  const inner =
    chart.direction === "LR"
      ? widths.reduce((sum, w) => sum + Math.max(...w), 0) + (widths.length - 1) * WIDTH_MODEL.rankSpacingPx
      : Math.max(...widths.map((w) => w.reduce((a, b) => a + b, 0) + (w.length - 1) * WIDTH_MODEL.nodeSpacingPx));
  return inner + 2 * WIDTH_MODEL.diagramPaddingPx;
}

/** Reads back a chart routeMermaid wrote: its direction, node labels and edges. */
export function chartShape(text: string): ChartShape {
  const direction = /^flowchart (LR|TB)/m.exec(text)?.[1] as "LR" | "TB";
  const nodes = new Map<string, string[]>();
  for (const m of text.matchAll(/^\s+(\w+)\(?\[\(?"([^"]*)"\)?\]\)?/gm)) nodes.set(m[1] as string, (m[2] as string).split("<br/>").map(decode));
  const edges: ChartShape["edges"] = [];
  for (const m of text.matchAll(/^\s+(\w+) (?:-->|-\.->)\|"([^"]*)"\| (\w+)$/gm)) edges.push({ from: m[1] as string, to: m[3] as string, label: decode(m[2] as string) });
  for (const m of text.matchAll(/^\s+(\w+) -\. "([^"]*)" \.-> (\w+)$/gm)) edges.push({ from: m[1] as string, to: m[3] as string, label: decode(m[2] as string) });
  return { direction, nodes, edges };
}
const decode = (text: string) => text.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

interface Node {
  id: string;
  target?: TargetEntry;
  text?: string;
  role: string;
  cls?: "active" | "standby";
}

function layout(route: RouteEntry): { nodes: Node[]; edges: ChartShape["edges"]; dashed: Set<string> } {
  const rolledBack = route.active === "rollback" && route.rollback !== undefined;
  const main = rolledBack ? (route.rollback as TargetEntry) : route.primary;
  const standby = rolledBack ? route.primary : route.rollback;
  const nodes: Node[] = [{ id: "start", text: dynamicModel(route.name), role: "" }, { id: "main", target: main, role: rolledBack ? "rollback, ACTIVE" : "primary, ACTIVE", cls: "active" }];
  const edges: ChartShape["edges"] = [];
  const dashed = new Set<string>();
  const edge = (from: string, to: string, label: string, isDashed = false) => {
    edges.push({ from, to, label });
    if (isDashed) dashed.add(`${from}>${to}`);
  };
  if (route.canary) {
    nodes.push({ id: "canary", target: route.canary, role: `canary ${route.canary.percent}%` });
    edge("start", "canary", `${route.canary.percent}%`);
    edge("start", "main", `${100 - route.canary.percent}%`);
    edge("canary", "main", "on failure", true);
  } else edge("start", "main", "100%");
  let previous = "main";
  route.fallbacks.forEach((f, i) => {
    const id = `fallback${i + 1}`;
    nodes.push({ id, target: f, role: `fallback ${i + 1}` });
    edge(previous, id, "on failure", true);
    previous = id;
  });
  if (standby) {
    nodes.push({ id: "standby", target: standby, role: rolledBack ? "primary, standby" : "rollback, standby", cls: "standby" });
    edge("start", "standby", rolledBack ? "active: primary" : "active: rollback", true);
  }
  return { nodes, edges, dashed };
}

const labelLines = (n: Node, width: number) =>
  n.target ? [...wrapLabel(n.target.model, width), ...wrapLabel(`key ${n.target.key}`, width), ...wrapLabel(n.role, width)] : wrapLabel(n.text ?? "", width);

function shapeOf(route: RouteEntry, direction: "LR" | "TB", width: number): ChartShape {
  const { nodes, edges } = layout(route);
  return { direction, nodes: new Map(nodes.map((n) => [n.id, labelLines(n, width)])), edges };
}

/** Characters per label line: generous for a left-to-right chart, the most that fits for top to bottom. */
const LR_LINE = 26;
const MIN_LINE = 12;
const MAX_LINE = 40;

/** The direction and line length of a route's chart: left to right when it fits, else top to bottom with the longest lines that fit. */
export function chooseLayout(route: RouteEntry): { direction: "LR" | "TB"; width: number } {
  if (chartWidthBound(shapeOf(route, "LR", LR_LINE)) <= COMMENT_WIDTH_PX) return { direction: "LR", width: LR_LINE };
  for (let width = MAX_LINE; width > MIN_LINE; width--) if (chartWidthBound(shapeOf(route, "TB", width)) <= COMMENT_WIDTH_PX) return { direction: "TB", width };
  return { direction: "TB", width: MIN_LINE };
}

export function routeMermaid(route: RouteEntry): string {
  const { direction, width } = chooseLayout(route);
  const { nodes, edges, dashed } = layout(route);
  const label = (n: Node) => `"${labelLines(n, width).map(mermaidLabel).join("<br/>")}"`;
  const lines = [`flowchart ${direction}`];
  for (const n of nodes) lines.push(n.id === "start" ? `  start([${label(n)}])` : `  ${n.id}[${label(n)}]${n.cls ? `:::${n.cls}` : ""}`);
  for (const e of edges) {
    const isDashed = dashed.has(`${e.from}>${e.to}`);
    // The standby is reached by a switch, not by traffic: a dashed line without an arrow into it.
    if (e.to === "standby") lines.push(`  ${e.from} -. "${mermaidLabel(e.label)}" .-> ${e.to}`);
    else lines.push(`  ${e.from} ${isDashed ? "-.->" : "-->"}|"${mermaidLabel(e.label)}"| ${e.to}`);
  }
  lines.push("  classDef active stroke-width:3px");
  lines.push("  classDef standby stroke-dasharray:5 5");
  return lines.join("\n");
}
