/**
 * The logs API's created_at filter (issue 11 item 1): the exporter sends it JSON-encoded, the only
 * form the API applies (cloudflare-typescript issue #2723), and stays exact and bounded when the
 * API applies no filter at all.
 */
import Cloudflare from "cloudflare";
import { describe, expect, it } from "vitest";
import { ApiBudget } from "../../runtime/usage-export/api-budget";
import { encodeLogsQuery, logsQuery, LogsClient, type LogsQuery } from "../../runtime/usage-export/cloudflare-logs";
import { METRIC } from "../../runtime/usage-export/contract";
import type { ExportReport } from "../../runtime/usage-export/export-run";
import { ArrayLogModel, CloudflareLogsStandIn } from "../../stand-ins/cloudflare-logs";
import { MIN, T, traffic } from "./support/traffic";
import { ENVIRONMENT, World } from "./support/world";

const ACCOUNT = "0123456789abcdef0123456789abcdef";

describe("the created_at filter on the wire", () => {
  it("is JSON text of LogListParams filters, newest first, one window", () => {
    const query: LogsQuery = logsQuery({ start: T("2026-11-26T10:00:00Z"), end: T("2026-11-26T10:15:00Z"), page: 2, perPage: 50 });
    const params = new URLSearchParams(encodeLogsQuery(query));
    expect([...params.keys()]).toEqual(["page", "per_page", "order_by", "order_by_direction", "filters"]);
    expect(JSON.parse(params.get("filters")!)).toEqual([
      { key: "created_at", operator: "gt", value: ["2026-11-26T09:59:59.999Z"] },
      { key: "created_at", operator: "lt", value: ["2026-11-26T10:15:00.000Z"] },
    ]);
    expect(params.get("order_by_direction")).toBe("desc");
  });

  it("is not what the official SDK sends: its dot encoding is ignored by an API that applies only JSON filters", async () => {
    const model = new ArrayLogModel();
    model.add(traffic(T("2026-11-26T08:00:00Z"), T("2026-11-26T12:00:00Z"), 40).map(({ entry }) => ({ entry })));
    const standIn = new CloudflareLogsStandIn({ accountId: ACCOUNT, gatewayId: "gw", token: "t", model, filters: "json" });
    const client = new Cloudflare({ apiToken: "t", baseURL: standIn.baseUrl, fetch: standIn.fetch, maxRetries: 0 });
    const filters: LogsQuery["filters"] = logsQuery({ start: T("2026-11-26T10:00:00Z"), end: T("2026-11-26T10:15:00Z"), page: 1, perPage: 50 }).filters;
    const page = await client.aiGateway.logs.list("gw", { account_id: ACCOUNT, per_page: 50, filters });
    expect(decodeURIComponent(standIn.requests[0])).toContain("filters.key=created_at&filters.operator=gt");
    // Every log of the store came back, not the five of the window.
    expect(page.result).toHaveLength(40);

    const ours = new LogsClient({ accountId: ACCOUNT, gatewayId: "gw", token: "t", apiBase: standIn.baseUrl, fetch: standIn.fetch }, new ApiBudget({ now: () => 0, sleep: async () => {} }, 1), { now: () => 0, sleep: async () => {} });
    const window = await ours.page({ start: T("2026-11-26T10:00:00Z"), end: T("2026-11-26T10:15:00Z"), page: 1, perPage: 50 });
    expect([window.entries.length, window.total]).toEqual([3, 3]);
  });
});

describe("an API that honours only JSON filters and one that ignores filters give the same ledger", () => {
  async function export3Hours(filters: "json" | "ignore") {
    // Ten days of logs in the gateway (72,000: 1,440 pages), three hours of which are exported.
    const end = T("2026-11-26T12:00:00Z");
    const world = new World(end - 180 * MIN, ["checkout", "search"], { filters });
    world.add(traffic(end - 10 * 24 * 60 * MIN, end + 60 * MIN, 72_000, { idPrefix: "f" }).map(({ entry }) => ({ entry })));
    const calls: number[] = [];
    const windows: number[] = [];
    let frontier = 0;
    for (let at = end - 160 * MIN; at <= end + 10 * MIN; at += 15 * MIN) {
      world.clock = at;
      const report = (await world.run({ initialStart: new Date(end - 180 * MIN) })) as ExportReport;
      calls.push(report.apiCalls);
      windows.push(report.windows.length);
      frontier = Date.parse(report.exportedUntil);
    }
    return { world, calls, windows, frontier };
  }

  it("same ledger files, byte for byte; reads stay bounded; the ignored filter raises its alarm", async () => {
    const json = await export3Hours("json");
    const ignore = await export3Hours("ignore");
    const ledger = (w: World) => Object.fromEntries(w.s3.keys("ledger/").map((k) => [k, w.s3.text(k)]));
    expect(Object.keys(ledger(json.world))).toHaveLength(3);
    expect(ledger(ignore.world)).toEqual(ledger(json.world));
    expect(json.frontier).toBe(T("2026-11-26T11:45:00Z"));
    expect([...json.world.countedIds().keys()].sort()).toEqual(json.world.countable(T("2026-11-26T09:00:00Z"), json.frontier).map((e) => e.id).sort());

    // A window is 25 logs: one page. With the filter applied a run reads each new window in one call
    // and probes each recent window (one call). Without it, each of those becomes a read that
    // binary-searches the store's 1,440 pages (11 steps) and reads on past the window's start.
    expect(Math.max(...json.calls)).toBeLessThanOrEqual(10);
    const perCall = Math.ceil(Math.log2(1440)) + 3;
    ignore.calls.forEach((c, i) => expect(c).toBeLessThanOrEqual(json.calls[i] * perCall));
    expect(Math.max(...ignore.calls)).toBeLessThan(1440);

    const outside = (w: World) => w.cloudwatch.values(METRIC.outsideWindow, { Environment: ENVIRONMENT }).reduce((a, b) => a + b, 0);
    expect(outside(json.world)).toBe(0);
    expect(outside(ignore.world)).toBeGreaterThan(0);
    const alarms = (w: World) => w.alarms([{ from: T("2026-11-26T09:20:00Z"), to: w.clock, exportEveryMinutes: 15 }]).map((a) => a.alarm);
    expect(alarms(json.world)).toEqual([]);
    expect(alarms(ignore.world)).toEqual(["rows-outside-window"]);
  }, 60_000);
});
