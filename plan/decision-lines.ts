/**
 * A decision record's fields as plain lines of text: what `switchyard decisions` prints in each
 * cell, and what the plan compares between two versions of a stack file. `dated: false` leaves out
 * what moves with the calendar rather than with the stack file (days left, rotation due dates), so
 * the diff shows only what the change itself changes.
 */
import type { AccountNeed, DecisionField, DecisionRecord, GatewayKeyUse, KeyLabel } from "./decision-records";
import { PATH_LABELS } from "./decision-records";
import { relativeDays, usd } from "./format-helpers";

export interface LineOptions {
  /** Include days left and rotation due dates (default true). */
  dated?: boolean;
}

const NOT_RECORDED = "not recorded";

function key(k: KeyLabel | { label: string }, dated: boolean): string {
  if (!("owner" in k)) return `key ${k.label} (not declared in this stack file)`;
  return `key ${k.label}, owner ${k.owner}${dated ? `, rotation due ${k.rotationDueOn}` : ""}`;
}

function accountLine(a: AccountNeed, dated: boolean): string {
  const how = a.via === "gateway" ? `${a.provider} through the gateway` : `${a.provider}, read directly`;
  if (!a.key) return `${how}: Cloudflare Unified Billing (no ${a.provider} key declared)`;
  const account = a.account ? `account ${a.account.id} (${a.account.contract})` : "account not named";
  return `${how}: ${account}; ${key(a.key, dated)}`;
}

const keyRule = (k: GatewayKeyUse) =>
  `key ${k.name}: expires ${k.expiresOn}, ${k.allowedIps.length ? `only from ${k.allowedIps.join(", ")}` : "from any address"}, ${k.families.length ? `families ${k.families.join(", ")}` : "every endpoint family"}`;

const source = (value: "gateway" | "provider" | null, provider: string) =>
  value === null ? NOT_RECORDED : value === "gateway" ? "gateway (the usage ledger)" : `provider (${provider})`;

/** The lines of one field of a record. */
export function fieldLines(r: DecisionRecord, field: DecisionField, options: LineOptions = {}): string[] {
  const dated = options.dated ?? true;
  switch (field) {
    case "workload":
      return [r.workload];
    case "owner":
      return [r.owner];
    case "environment":
      return [r.environment];
    case "preferredPath":
      return [PATH_LABELS[r.preferredPath]];
    case "providerAccounts":
      return r.providerAccounts.length ? r.providerAccounts.map((a) => accountLine(a, dated)) : ["none"];
    case "gatewayWorkspace":
      if (!r.gatewayWorkspace) return ["none: a direct workload holds no gateway key"];
      return [`gateway ${r.gatewayWorkspace.gatewayId} in Cloudflare account ${r.gatewayWorkspace.cloudflareAccountId}`, ...r.gatewayWorkspace.keys.map((k) => `key ${k.name}`)];
    case "modelRoutes": {
      const lines = r.modelRoutes.routes.map((u) => {
        const parts = [`dynamic/${u.route}: ${u.active === "rollback" ? `rolled back to ${u.serving}` : u.serving}`];
        if (u.canary) parts.push(`canary ${u.canary.model} ${u.canary.percent}%`);
        if (u.fallbacks.length) parts.push(`fallbacks ${u.fallbacks.join(", ")}`);
        if (u.rollback && u.active !== "rollback") parts.push(`rollback ${u.rollback}`);
        return parts.join("; ");
      });
      if (r.modelRoutes.models.length) lines.push(`models ${r.modelRoutes.models.join(", ")}`);
      return lines.length ? lines : ["none: it calls providers directly"];
    }
    case "endpointFamilies": {
      // Families that reach the same calls the same way share a line.
      const groups = new Map<string, { families: string[]; via: string; calls: string[] }>();
      for (const f of r.endpointFamilies) {
        const id = `${f.via}\u0000${f.calls.join(",")}`;
        const group = groups.get(id) ?? groups.set(id, { families: [], via: f.via, calls: f.calls }).get(id)!;
        group.families.push(f.family);
      }
      const lines = [...groups.values()].map((g) => (g.via === "direct" ? `${g.families.join(", ")}, direct: ${g.calls.map((c) => `key ${c}`).join(", ")}` : `${g.families.join(", ")} through the ${g.via}: ${g.calls.join(", ")}`));
      return lines.length ? lines : ["none"];
    }
    case "currentBaseUrl":
      return r.currentBaseUrl.recorded ? r.currentBaseUrl.urls.map((u) => u.url) : ["the target base URL (decision.currentBaseUrl is not recorded)"];
    case "targetBaseUrl":
      return r.targetBaseUrl.map((u) => `${u.url} (${u.what})`);
    case "billingSourceOfRecord":
      return [source(r.billingSourceOfRecord, "its invoice")];
    case "usageSourceOfRecord":
      return [source(r.usageSourceOfRecord, "its usage records")];
    case "invoiceReviewer":
      return [r.invoiceReviewer ?? NOT_RECORDED];
    case "quotaOwner":
      return [r.quotaOwner ?? NOT_RECORDED];
    case "providerNativeControls":
      return [r.providerNativeControls.length ? r.providerNativeControls.join(", ") : "none"];
    case "gatewayControls": {
      const c = r.gatewayControls;
      const lines: string[] = [];
      if (!c.budget) lines.push("no budget");
      else {
        const held = c.budget.enforcement.map(
          (e) =>
            ({
              "gateway-spend-limit": "spend limit at the gateway (429 once spent)",
              alarms: "alarms only",
              "aws-budget": "an AWS budget on Bedrock spend",
              "not-metered": "not metered: the gateway does not see direct calls",
            })[e],
        );
        lines.push(`budget ${usd(c.budget.monthlyUsd)} a month: ${held.join(", and ")}; alarms at ${c.budget.alertAtPercent.join("/")}%`);
      }
      if (c.rateLimitPerMinute !== null) lines.push(`${c.rateLimitPerMinute} requests a minute per key`);
      lines.push(...c.keys.map(keyRule));
      return lines;
    }
    case "rollbackOwner": {
      const { owner, keptReady } = r.rollbackOwner;
      const ready = [
        ...(keptReady.model ? [keptReady.model] : []),
        ...(keptReady.key ? [`with ${key(keptReady.key, dated)}`] : []),
        ...(r.currentBaseUrl.recorded ? [`at ${r.currentBaseUrl.urls.map((u) => u.url).join(", ")}`] : []),
      ];
      return [owner ?? NOT_RECORDED, ...(ready.length ? [`kept ready: ${ready.join(" ")}`] : [])];
    }
    case "reviewDate": {
      const d = r.reviewDate;
      if (!d) return [NOT_RECORDED];
      if (!dated) return [d.date];
      return [d.overdue ? `${d.date}: OVERDUE, ${relativeDays(d.daysLeft)}` : `${d.date} (${relativeDays(d.daysLeft)})`];
    }
  }
}
