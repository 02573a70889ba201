/**
 * `switchyard discover examples/apps --stack dev`: the inventory, the sprawl count, the gateway
 * bypass as a failing finding (exit 1), the drafted workload of the service the stack lacks,
 * validated by the loader in stacks/dev.yaml, and the scope findings when the stack file changes
 * under the code. The CLI runs in process through cli/main.ts.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/main";
import { discover, type DiscoverReport } from "../../discover/run";
import { parseStackFile } from "../../stacks/load";
import { captureOutput } from "../support/capture-output";

const ROOT = join(__dirname, "..", "..");
const TODAY = "2026-12-06";
const cli = (...argv: string[]) => captureOutput(() => run(argv, (name) => import(`../../cli/${name}.ts`)));
const devText = readFileSync(join(ROOT, "stacks", "dev.yaml"), "utf8");
const stackOf = (text: string) => {
  const r = parseStackFile(text, "stacks/dev.yaml");
  if (!r.ok) throw new Error(r.defects.map((d) => d.message).join("\n"));
  return { text, file: "stacks/dev.yaml", spec: r.spec };
};
const failing = (r: DiscoverReport) => r.findings.filter((f) => f.severity === "fail").map((f) => `${f.rule} ${f.file}:${f.line}`);

describe("switchyard discover examples/apps --stack dev", () => {
  it("prints the inventory, the sprawl count and the bypass, and exits 1", async () => {
    const { code, stdout, stderr } = await cli("discover", "examples/apps", "--stack", "dev", "--today", TODAY);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout).toContain("examples/apps/support-summarizer/summarizer/client.py:13:16  call models.generate_content: google-ai-studio -> DIRECT model gemini-2.5-flash [gemini-generate]");
    expect(stdout).toMatch(/^ {2}provider accounts +4 +4$/m);
    expect(stdout).toContain(
      "FAIL gateway-bypass examples/apps/support-summarizer/summarizer/client.py:13:16 (support-summarizer): models.generate_content calls google-ai-studio directly (https://generativelanguage.googleapis.com: the SDK's default), but workload support-summarizer is on the gateway: point it at https://ai.dev.acme.example with the workload's key",
    );
    expect(stdout).toContain("before moving traffic: switchyard smoke dev --key-env BILLING_BOT_GATEWAY_KEY --workload billing-bot --compare-direct");
  });

  it("holds every service to its workload: only support-summarizer bypasses the gateway; hybrid data-pipeline may call OpenAI directly", async () => {
    const report = await discover({ paths: ["examples/apps"], today: TODAY, stack: stackOf(devText), cwd: ROOT });
    expect(failing(report)).toEqual([
      "gateway-bypass examples/apps/support-summarizer/summarizer/client.py:9",
      "gateway-bypass examples/apps/support-summarizer/summarizer/client.py:13",
    ]);
    expect(report.findings.filter((f) => f.severity !== "fail").map((f) => `${f.severity} ${f.rule} ${f.service}`)).toEqual(["note no-workload billing-bot"]);
    expect(report.sprawl.map((r) => [r.metric, r.found, r.afterMove])).toEqual([
      ["providerAccounts", 4, 4],
      ["providerKeys", 4, 4],
      ["gatewayKeys", 3, 5],
      ["baseUrls", 5, 2],
      ["modelIds", 7, 7],
      ["services", 6, 6],
    ]);
  });

  it("drafts billing-bot into stacks/dev.yaml with dev's own key, and the result validates", async () => {
    const report = await discover({ paths: ["examples/apps"], today: TODAY, stack: stackOf(devText), cwd: ROOT });
    const draft = report.stackDraft!;
    expect(draft.defects).toEqual([]);
    expect(parseStackFile(draft.yaml, "merged.yaml").ok).toBe(true);
    expect(draft.fragment).toBe(
      [
        "workloads:",
        "  billing-bot:",
        "    owner: team-billing-bot@example.invalid # TODO: the owning team's address",
        "    path: gateway",
        "    models:",
        "      - openai/gpt-4o",
        "    keys:",
        "      - name: billing-bot-dev",
        "        expiresOn: 2027-03-06",
        "        families:",
        "          - chat",
        "    readerRoleArn: arn:aws:iam::123456789012:role/billing-bot",
        "    alerts:",
        "      - oncall",
        "    decision:",
        "      currentBaseUrl: https://api.openai.com/v1",
        "      rollbackModel: openai/gpt-4o",
        "",
      ].join("\n"),
    );
    const [record] = draft.records;
    expect(record.currentBaseUrl).toEqual({ recorded: true, urls: [{ url: "https://api.openai.com/v1", what: "recorded" }] });
    expect(record.providerAccounts.map((a) => `${a.provider} ${a.via} ${a.key?.label}`)).toEqual(["openai gateway openai-main"]);
    // The drafted key is scoped to the family its code calls (chat.completions.create).
    expect(record.endpointFamilies.map((f) => f.family)).toEqual(["chat"]);
    expect(draft.workloads[0].moves.map((m) => `${m.line} ${m.what} -> ${m.to}`)).toEqual([
      "4 base URL -> https://ai.dev.acme.example/v1",
      "4 key -> env BILLING_BOT_GATEWAY_KEY (the workload key, from its secret)",
      "5 base URL -> https://ai.dev.acme.example/… (the same API path through the front door)",
    ]);
  });

  it("without --stack: every service drafted into a skeleton stack file that validates, Bedrock kept direct", async () => {
    const report = await discover({ paths: ["examples/apps"], today: TODAY, cwd: ROOT });
    expect(report.draft.defects).toEqual([]);
    expect(report.draft.workloads.map((w) => `${w.workload} ${w.path}`)).toEqual([
      "billing-bot gateway",
      "checkout-assistant gateway",
      "data-pipeline gateway",
      "ops-copilot gateway",
      "research-lab direct",
      "support-summarizer gateway",
    ]);
    expect(report.draft.yaml).toContain("cloudflare: { accountId: \"00000000000000000000000000000000\", zoneId: \"00000000000000000000000000000000\" } # TODO: your Cloudflare account and zone");
    expect(failing(report)).toEqual([]);
  });

  it("a model and a route the workload's scope does not serve fail", async () => {
    // checkout-assistant may now call only the embed route: its dynamic/chat and gpt-4.1-mini are out of scope.
    const narrowed = devText.replace("    routes: [chat]\n    models: [openai/gpt-4.1-mini]\n", "    routes: [embed]\n");
    expect(narrowed).not.toBe(devText);
    const report = await discover({ paths: ["examples/apps/checkout-assistant"], today: TODAY, stack: stackOf(narrowed), cwd: ROOT });
    expect(report.findings.map((f) => `${f.rule} ${f.line}: ${f.message}`)).toEqual([
      "route-not-allowed 9: dynamic/chat: route chat is not among workload checkout-assistant's routes (embed)",
      "model-not-served 17: openai/gpt-4.1-mini: no route or model of workload checkout-assistant serves it (it may call dynamic/embed)",
    ]);
  });

  it("a hybrid workload calling a provider it holds no direct key of bypasses the gateway", async () => {
    const noDirectOpenai = devText.replace("    directKeys: [openai-main]\n    readerRoleArn: arn:aws:iam::123456789012:role/data-pipeline-dev", "    directKeys: [mistral-main]\n    readerRoleArn: arn:aws:iam::123456789012:role/data-pipeline-dev");
    expect(noDirectOpenai).not.toBe(devText);
    const report = await discover({ paths: ["examples/apps/data-pipeline"], today: TODAY, stack: stackOf(noDirectOpenai), cwd: ROOT });
    expect(failing(report)).toEqual(["gateway-bypass examples/apps/data-pipeline/pipeline/batch.py:8", "gateway-bypass examples/apps/data-pipeline/pipeline/batch.py:11"]);
    expect(report.findings[0].message).toContain("workload data-pipeline holds no direct key for openai (directKeys: mistral)");
  });

  it("--format json and --out: the same report, the drafts and their decision records on disk", async () => {
    const out = mkdtempSync(join(tmpdir(), "discover-out-"));
    const { code, stdout } = await cli("discover", "examples/apps", "--stack", "dev", "--today", TODAY, "--format", "json", "--out", out);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as DiscoverReport;
    expect(report.kind).toBe("switchyard-discover");
    expect(JSON.parse(readFileSync(join(out, "discover.json"), "utf8"))).toEqual(report);
    expect(readFileSync(join(out, "workloads.yaml"), "utf8")).toBe(report.stackDraft!.fragment);
    expect(parseStackFile(readFileSync(join(out, "draft-stack.yaml"), "utf8"), "draft-stack.yaml").ok).toBe(true);
    expect(readFileSync(join(out, "decisions.md"), "utf8")).toContain("### `billing-bot`");
    expect(readFileSync(join(out, "discover.md"), "utf8")).toContain("| Current base URL | https://<wbr>api.openai.com/<wbr>v1 |");
  });

  it("bad input: a path that does not exist, no path at all (exit 2)", async () => {
    expect(await cli("discover", "no/such/dir")).toMatchObject({ code: 2, stderr: "switchyard discover: no/such/dir does not exist; name a directory or file of application code\n" });
    expect((await cli("discover")).code).toBe(2);
  });
});
