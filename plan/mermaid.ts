/**
 * A route as a Mermaid flowchart, the way the gateway runs it (components/route-graph.ts):
 * start -> canary share / the rest -> the active target -> fallbacks in order; a failing canary
 * falls to the active target. The standby target (rollback, or primary once rolled back) is drawn
 * dashed, reached only by flipping `active`.
 */
import type { RouteEntry, TargetEntry } from "./report-model";

/** Text inside a quoted Mermaid label: quotes and markup-significant characters as entities. */
export function mermaidLabel(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}

const target = (t: TargetEntry, role: string) => `"${mermaidLabel(t.model)}<br/>${mermaidLabel(`key ${t.key} · ${role}`)}"`;

export function routeMermaid(route: RouteEntry): string {
  const rolledBack = route.active === "rollback" && route.rollback !== undefined;
  const main = rolledBack ? (route.rollback as TargetEntry) : route.primary;
  const standby = rolledBack ? route.primary : route.rollback;
  const lines = ["flowchart LR", `  start(["${mermaidLabel(`dynamic/${route.name}`)}"])`];
  lines.push(`  main[${target(main, rolledBack ? "rollback, ACTIVE" : "primary, ACTIVE")}]:::active`);
  if (route.canary) {
    lines.push(`  canary[${target(route.canary, `canary ${route.canary.percent}%`)}]`);
    lines.push(`  start -->|"${route.canary.percent}%"| canary`);
    lines.push(`  start -->|"${100 - route.canary.percent}%"| main`);
    lines.push(`  canary -.->|"on failure"| main`);
  } else {
    lines.push(`  start -->|"100%"| main`);
  }
  let previous = "main";
  route.fallbacks.forEach((f, i) => {
    const id = `fallback${i + 1}`;
    lines.push(`  ${id}[${target(f, `fallback ${i + 1}`)}]`);
    lines.push(`  ${previous} -.->|"on failure"| ${id}`);
    previous = id;
  });
  if (standby) {
    lines.push(`  standby[${target(standby, rolledBack ? "primary, standby" : "rollback, standby")}]:::standby`);
    lines.push(`  start -. "${rolledBack ? "active: primary" : "active: rollback"}" .-> standby`);
  }
  lines.push("  classDef active stroke-width:3px");
  lines.push("  classDef standby stroke-dasharray:5 5");
  return lines.join("\n");
}
