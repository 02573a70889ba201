/**
 * The readers of `switchyard discover` on fixtures that reproduce patterns of public applications
 * (test/fixtures/discover/patterns): aliases, factories, class fields, env defaults, dynamic base
 * URLs, async clients, framework wrappers, module-level clients, LiteLLM, raw HTTP; a client
 * built in another file; raw keys reported by kind and place, never echoed.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judge, judgeAll, type JudgedSite } from "../../discover/inventory";
import { scan } from "../../discover/scan";
import { pythonReader } from "../../discover/python";
import { readTypeScript } from "../../discover/typescript";
import { describeOrigin } from "../../discover/sites";

const FIXTURES = join(__dirname, "..", "fixtures", "discover", "patterns");

/** One line per place: file:line what provider api reach | base | key | models | family. */
const lines = (sites: JudgedSite[]) =>
  sites.map((s) => `${s.file.slice(s.file.lastIndexOf("/") + 1)}:${s.line} ${s.what} ${s.provider} ${s.api} ${s.reach} | ${describeOrigin(s.baseUrl)} | ${describeOrigin(s.key)} | ${s.stackModels.join(",") || s.models.join(",")} | ${s.family ?? ""}`);

describe("discover's readers", async () => {
  const result = await scan([FIXTURES], join(__dirname, "..", ".."));
  const sites = judgeAll(result, { hosts: [] });
  const of = (service: string, file: string) => lines(sites.filter((s) => s.service === service && s.file.endsWith(file)));

  it("a service per project root under PATH", () => {
    expect(result.services.map((s) => s.name)).toEqual(["py-app", "ts-app"]);
  });

  it("TypeScript: an aliased import, a namespace import, a template base URL it cannot resolve, a nested httpOptions.baseUrl", () => {
    expect(of("ts-app", "aliases.ts")).toEqual([
      "aliases.ts:4 client openai OpenAI unknown | ``${process.env.PROXY_HOST}/v1`` | env TEAM_OPENAI_KEY |  | ",
      "aliases.ts:5 client google-ai-studio GoogleGenAI direct | \"https://generativelanguage.googleapis.com\" | env GOOGLE_API_KEY |  | ",
      "aliases.ts:8 call openai responses.create unknown | ``${process.env.PROXY_HOST}/v1`` | env TEAM_OPENAI_KEY | openai/gpt-4.1 | openai-responses",
      "aliases.ts:9 call google-ai-studio models.generateContentStream direct | \"https://generativelanguage.googleapis.com\" | env GOOGLE_API_KEY | google-ai-studio/gemini-2.5-pro | gemini-stream",
    ]);
  });

  it("TypeScript: a factory function, a class field holding its result, an env var with a default, both models of a conditional, spread defaults, options from a parameter", () => {
    expect(of("ts-app", "factory.ts")).toEqual([
      'factory.ts:6 client anthropic Anthropic direct | env ANTHROPIC_URL (else "https://api.anthropic.com") | SDK default (env ANTHROPIC_API_KEY) |  | ',
      'factory.ts:14 call anthropic messages.create direct | env ANTHROPIC_URL (else "https://api.anthropic.com") | SDK default (env ANTHROPIC_API_KEY) | anthropic/claude-haiku-4-5,anthropic/claude-sonnet-4-5 | anthropic-messages',
      'factory.ts:23 client anthropic Anthropic direct | "https://api.anthropic.com" | SDK default (env ANTHROPIC_API_KEY) |  | ',
      "factory.ts:24 client anthropic Anthropic unknown | `options (options not followed)` | `options (options not followed)` |  | ",
    ]);
  });

  it("JavaScript (require): LangChain through AI Gateway, Bedrock commands, Mistral, Groq built inline", () => {
    expect(of("ts-app", "frameworks.js")).toEqual([
      'frameworks.js:6 client openai ChatOpenAI gateway | "https://gateway.ai.cloudflare.com/v1/acct/gw/openai" | SDK default (env OPENAI_API_KEY) | openai/gpt-4o-mini | openai-chat',
      "frameworks.js:7 client aws-bedrock BedrockRuntimeClient direct | SDK default (https://bedrock-runtime.{region}.amazonaws.com) | SDK default |  | ",
      "frameworks.js:8 client mistral Mistral direct | SDK default (https://api.mistral.ai/v1) | env MISTRAL_API_KEY |  | ",
      'frameworks.js:11 call openai invoke gateway | "https://gateway.ai.cloudflare.com/v1/acct/gw/openai" | SDK default (env OPENAI_API_KEY) | openai/gpt-4o-mini | openai-chat',
      "frameworks.js:12 call aws-bedrock send direct | SDK default (https://bedrock-runtime.{region}.amazonaws.com) | SDK default | aws-bedrock/amazon.nova-pro-v1:0 | bedrock-converse",
      "frameworks.js:13 call mistral chat.complete direct | SDK default (https://api.mistral.ai/v1) | env MISTRAL_API_KEY | mistral/mistral-large-latest | mistral-chat",
      "frameworks.js:14 call groq chat.completions.create direct | SDK default (env GROQ_BASE_URL, else https://api.groq.com/openai/v1) | SDK default (env GROQ_API_KEY) | groq/llama-3.3-70b-versatile | openai-chat",
      "frameworks.js:14 client groq Groq direct | SDK default (env GROQ_BASE_URL, else https://api.groq.com/openai/v1) | SDK default (env GROQ_API_KEY) |  | ",
    ]);
  });

  it("Vercel's AI SDK: a provider built by createOpenAI and called with a model, a default provider instance", () => {
    expect(of("ts-app", "ai-sdk.ts")).toEqual([
      'ai-sdk.ts:5 client openai createOpenAI direct | "https://api.openai.com/v1" | env ACME_OPENAI_KEY |  | ',
      'ai-sdk.ts:8 call openai acme(model) direct | "https://api.openai.com/v1" | env ACME_OPENAI_KEY | openai/gpt-4.1 | ',
      "ai-sdk.ts:9 call anthropic anthropic direct | SDK default (https://api.anthropic.com) | SDK default (env ANTHROPIC_API_KEY) | anthropic/claude-sonnet-4-5 | anthropic-messages",
    ]);
  });

  it("an AI Gateway URL of another account or gateway than the stack's is not this gateway", () => {
    const site = sites.find((s) => s.file.endsWith("frameworks.js") && s.what === "client" && s.provider === "openai")!;
    expect(judge(site, { hosts: [], gatewayPrefix: "https://gateway.ai.cloudflare.com/v1/acct/gw/" }).reach).toBe("gateway");
    expect(judge(site, { hosts: [], gatewayPrefix: "https://gateway.ai.cloudflare.com/v1/other/gw/" })).toMatchObject({ reach: "direct", why: "another AI Gateway than this stack's (https://gateway.ai.cloudflare.com/v1/other/gw/): its keys, budgets and logs are not this gateway's" });
  });

  it("a call on a client built in another file: reported by its method path and model, its base URL unknown", () => {
    expect(of("ts-app", "unresolved.ts")).toEqual(["unresolved.ts:4 call openai chat.completions.create unknown | `client built elsewhere: client` | `client built elsewhere: client` | openai/gpt-4o | openai-chat"]);
  });

  it("Python: an @lru_cache factory, `settings.x or os.getenv(...)`, base_url=None as the SDK default, `async with ... as`", () => {
    expect(of("py-app", "async_factory.py")).toEqual([
      "async_factory.py:12 client openai AsyncOpenAI direct | SDK default (env OPENAI_BASE_URL, else https://api.openai.com/v1) | env OPENAI_API_KEY |  | ",
      "async_factory.py:17 call openai chat.completions.create direct | SDK default (env OPENAI_BASE_URL, else https://api.openai.com/v1) | env OPENAI_API_KEY | openai/gpt-4.1-mini | openai-chat",
      'async_factory.py:18 client openai AsyncOpenAI other | env LLM_BASE_URL (else "http://localhost:4000") | SDK default (env OPENAI_API_KEY) |  | ',
      'async_factory.py:19 call openai embeddings.create other | env LLM_BASE_URL (else "http://localhost:4000") | SDK default (env OPENAI_API_KEY) | openai/text-embedding-3-small | openai-embeddings',
    ]);
  });

  it("Python: google-generativeai with genai.configure, LangChain bind_tools, a boto3 client on self, LiteLLM's completion and embedding", () => {
    expect(of("py-app", "frameworks.py")).toEqual([
      "frameworks.py:10 client google-ai-studio GenerativeModel direct | SDK default (https://generativelanguage.googleapis.com) | env GOOGLE_API_KEY | google-ai-studio/gemini-1.5-flash | gemini-generate",
      'frameworks.py:11 client anthropic ChatAnthropic other | "https://ai.example.com" | SDK default (env ANTHROPIC_API_KEY) | anthropic/claude-3-5-haiku-latest | anthropic-messages',
      "frameworks.py:16 client aws-bedrock client(\"bedrock-runtime\") direct | SDK default (https://bedrock-runtime.{region}.amazonaws.com) | SDK default |  | ",
      "frameworks.py:19 call aws-bedrock invoke_model direct | SDK default (https://bedrock-runtime.{region}.amazonaws.com) | SDK default | aws-bedrock/meta.llama3-70b-instruct-v1:0 | bedrock-invoke",
      "frameworks.py:23 call google-ai-studio generate_content direct | SDK default (https://generativelanguage.googleapis.com) | env GOOGLE_API_KEY | google-ai-studio/gemini-1.5-flash | gemini-generate",
      'frameworks.py:24 call anthropic invoke other | "https://ai.example.com" | SDK default (env ANTHROPIC_API_KEY) | anthropic/claude-3-5-haiku-latest | anthropic-messages',
      'frameworks.py:25 call anthropic completion direct | "https://api.anthropic.com" | SDK default (env ANTHROPIC_API_KEY) | anthropic/claude-sonnet-4-5 | openai-chat',
      "frameworks.py:26 call azure-openai embedding direct | SDK default (https://{resource}.openai.azure.com/openai) | SDK default | azure-openai/embedding-deploy | openai-embeddings",
    ]);
  });

  it("Python: openai's module-level client with its settings, Cohere, raw HTTP with requests, **kwargs not taken for the SDK default", () => {
    expect(of("py-app", "module_level.py")).toEqual([
      "module_level.py:9 client cohere ClientV2 direct | SDK default | env CO_API_KEY |  | ",
      'module_level.py:13 call openai chat.completions.create direct | "https://api.openai.com/v1/" | env OPENAI_KEY | openai/gpt-4o | openai-chat',
      "module_level.py:14 call cohere chat direct | SDK default | env CO_API_KEY | command-r-plus | cohere-chat",
      "module_level.py:19 client openai OpenAI unknown | `**settings (not followed)` | `**settings (not followed)` |  | ",
      'module_level.py:15 http anthropic requests.post direct | "https://api.anthropic.com/v1/messages" | `request headers (not followed)` |  | anthropic-messages',
    ]);
  });

  it("a raw key in code: its kind and place, never its text, in either language", async () => {
    const dir = mkdtempSync(join(tmpdir(), "discover-keys-"));
    mkdirSync(join(dir, "svc"));
    // Built here so that no key-shaped text is committed.
    const fake = ["sk", "proj", "Abcdefghijklmnopqrstuvwx1234"].join("-");
    writeFileSync(join(dir, "svc", "a.py"), `from openai import OpenAI\nclient = OpenAI(api_key="${fake}")\n`);
    writeFileSync(join(dir, "svc", "b.ts"), `// no SDK here\nexport const k = "${fake}";\n`);
    const found = await scan([dir], dir);
    expect(found.rawCredentials.map((c) => `${c.file}:${c.line}:${c.col} ${c.kind}`)).toEqual(["svc/a.py:2:26 OpenAI API key", "svc/b.ts:2:19 OpenAI API key"]);
    expect(describeOrigin(found.sites[0].key)).toBe("RAW OpenAI API key in code (not shown)");
    expect(JSON.stringify(found)).not.toContain(fake);
  });

  it("the readers agree on positions with non-ASCII text before a call", async () => {
    const py = await pythonReader();
    const text = 'import openai\n# café ☕\nc = openai.OpenAI(base_url="https://api.openai.com/v1")\nurl = "https://api.anthropic.com/v1/messages"  # é\nt = "☕☕"; d = openai.OpenAI()\n';
    expect(py(text, "x.py").map((s) => `${s.line}:${s.col} ${s.what}`)).toEqual(["3:5 client", "5:15 client", "4:7 http"]);
    const tsText = 'import OpenAI from "openai";\n// café ☕\nconst c = new OpenAI({ baseURL: "https://api.openai.com/v1" });\nconst url = "https://api.anthropic.com/v1/messages"; // é\nconst t = "☕☕"; const d = new OpenAI();\n';
    expect(readTypeScript(tsText, "x.ts", ".ts").map((s) => `${s.line}:${s.col} ${s.what}`)).toEqual(["3:11 client", "5:27 client", "4:13 http"]);
  });
});
