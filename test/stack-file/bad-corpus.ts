/**
 * The bad-input corpus: every file under test/fixtures/bad is test/fixtures/good/dev-base.yaml
 * (a frozen copy of stacks/dev.yaml) with one change, and this table is the one place that says
 * what each change must produce. Positions were checked by hand against the fixture text.
 *
 * level tells the JSON Schema test what ajv must think of the file:
 * - syntax: malformed YAML (no document to validate);
 * - shape: the JSON Schema alone rejects it (zod and ajv must both reject);
 * - rule: a cross-field rule of stacks/checks.ts (zod and ajv must both accept the shape);
 * - credential: a raw credential (ajv and zod must only agree).
 * bug: the loader does not do this yet; the test runs as it.fails until the code is fixed.
 */
export type DefectLevel = "syntax" | "shape" | "rule" | "credential";
/** [line, col, path, message] */
export type ExpectedDefect = readonly [number, number, string, string];
export interface BadCase {
  level: DefectLevel;
  defects: readonly ExpectedDefect[];
  bug?: string;
}

const credential = (kind: string) =>
  `looks like a raw credential (${kind}); a stack file holds only references: use providerKeys.<name>.source.pulumiSecret or awsSecretArn`;
/** A raw key written as the pulumiSecret reference itself. */
const credentialAsReference = (kind: string) =>
  `looks like a raw credential (${kind}); a stack file holds only references: pulumiSecret names a Pulumi config key, not the key itself; store the key with \`pulumi config set --secret <name>\` and write <name> here (or use awsSecretArn)`;
const XAI_IS_GROK = '"xai" is not an AI Gateway provider slug: use "grok" (for example grok/<model>)';
const DECLARED_KEYS = "; declared: openai-main, anthropic-main, gemini-main, bedrock-research, mistral-main";

export const BAD_CASES: Record<string, BadCase> = {
  "active-rollback-without-rollback": { level: "rule", defects: [[78, 13, "routes.embed.active", "is rollback, but the route declares no rollback target"]] },
  "alert-channel-none": { level: "rule", defects: [[194, 12, "alerts.finance", "expected exactly one of email or webhook, found none"]] },
  "alert-channel-two": { level: "rule", defects: [[194, 12, "alerts.finance", "expected exactly one of email or webhook, found email and webhook"]] },
  "budget-aws-six-thresholds": { level: "rule", defects: [[143, 70, "workloads.research-lab.budget.alertAtPercent[5]", "this workload reads an aws-bedrock key directly, so its budget is also an AWS budget, and AWS Budgets allows at most 5 notifications per budget: keep at most 5 thresholds"]] },
  "budget-not-positive": { level: "shape", defects: [[182, 27, "workloads.ops-copilot.budget.monthlyUsd", "expected a positive number of US dollars"]] },
  "budget-threshold-over-100": { level: "shape", defects: [[111, 53, "workloads.support-summarizer.budget.alertAtPercent[1]", "expected a whole number from 1 to 100"]] },
  "budget-thresholds-not-ascending": { level: "rule", defects: [[143, 54, "workloads.research-lab.budget.alertAtPercent[1]", "thresholds must be strictly ascending"]] },
  "budget-too-many-hard-limits": {
    level: "rule",
    defects: [
      [
        83,
        3,
        "workloads",
        "the workloads with budget.hardLimit on use 21 distinct monthlyUsd amounts (51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 100, 120, 150, 200, 400), but Cloudflare allows at most 20 spend-limit rules per gateway and workloads with the same amount share one rule: use at most 20 distinct amounts, or set budget.hardLimit: false on some (alarms still warn)",
      ],
    ],
  },
  "byok-second-gateway-key": { level: "rule", defects: [[75, 44, "routes.summarize.fallbacks[0].key", 'provider key "openai-batch" would be a second openai key on this gateway (routes already name "openai-main"): the gateway calls each provider with one key, the one under BYOK alias "default", and a route cannot pick another, so "openai-main" would pay. Use "openai-main" here, give the workload that needs "openai-batch" a direct path (path hybrid or direct, directKeys: [openai-batch]), or serve it from a second gateway (its own stack file)']] },
  "byok-model-without-key": { level: "rule", defects: [[177, 14, "workloads.ops-copilot.models[0]", "no provider key for grok is declared, so the gateway cannot call grok/grok-4 with billing byok"]] },
  "canary-equals-primary": { level: "rule", defects: [[58, 13, "routes.chat.canary", "must differ from primary in model or key"]] },
  "credential-anthropic-in-unknown-field": { level: "credential", defects: [[140, 13, "workloads.research-lab.apiKey", credential("Anthropic API key")]] },
  "credential-aws-in-value": { level: "credential", defects: [[50, 29, "providerKeys.mistral-main.source.pulumiSecret", credentialAsReference("AWS access key id")]] },
  // The path stops at the mapping that holds the key: the key itself is the credential (before a9d89c9 it was echoed).
  "credential-google-in-mapping-key": { level: "credential", defects: [[195, 3, "alerts", credential("Google API key")]] },
  "credential-openai-in-value": { level: "credential", defects: [[67, 18, "routes.summarize.description", credential("OpenAI API key")]] },
  "dup-gateway-key-name": { level: "rule", defects: [[179, 15, "workloads.ops-copilot.keys[0].name", "gateway key name \"checkout-dev\" is already used by workload checkout-assistant; names are unique across workloads"]] },
  "dup-listed-twice": { level: "rule", defects: [[130, 23, "workloads.search-indexer.alerts[1]", "\"finance\" is listed twice"]] },
  "decision-rollback-model-provider": { level: "rule", defects: [[101, 22, "workloads.checkout-assistant.decision.rollbackModel", 'anthropic/claude-sonnet-4-5 is served by anthropic, but rollbackKey "openai-main" is for openai']] },
  "enum-active": { level: "shape", defects: [[63, 13, "routes.chat.active", "expected one of: primary | rollback"]] },
  "enum-billing": { level: "shape", defects: [[14, 12, "gateway.billing", "expected one of: byok | unified"]] },
  "enum-path": { level: "shape", defects: [[140, 11, "workloads.research-lab.path", "expected one of: gateway | direct | hybrid"]] },
  "enum-provider": { level: "shape", defects: [[49, 15, "providerKeys.mistral-main.provider", "expected one of: openai | anthropic | google-ai-studio | google-vertex-ai | aws-bedrock | azure-openai | deepseek | mistral | groq | grok | openrouter | workers-ai (did you mean \"mistral\"?)"]] },
  "enum-when-full": { level: "shape", defects: [[19, 15, "gateway.logs.whenFull", "expected one of: delete-oldest | stop-inserting"]] },
  "format-account-id": { level: "shape", defects: [[7, 14, "cloudflare.accountId", "expected 32 lowercase hex characters"]] },
  "format-cidr-v4": { level: "shape", defects: [[127, 22, "workloads.search-indexer.keys[0].allowedIps[0]", "expected an IPv4 or IPv6 CIDR such as 203.0.113.0/24"]] },
  "format-cidr-v6": { level: "shape", defects: [[160, 36, "workloads.data-pipeline.keys[0].allowedIps[1]", "expected an IPv4 or IPv6 CIDR such as 203.0.113.0/24"]] },
  "format-date-feb-30": { level: "shape", defects: [[109, 20, "workloads.support-summarizer.keys[0].expiresOn", "expected a calendar date YYYY-MM-DD"]] },
  "format-date-shape": { level: "shape", defects: [[46, 46, "providerKeys.bedrock-research.rotation.lastRotated", "expected a calendar date YYYY-MM-DD"]] },
  "format-entry-name": { level: "shape", defects: [[173, 3, "workloads.Ops_Copilot", "invalid name: expected a name of a-z, 0-9 and -, starting with a letter or digit, at most 63 characters"]] },
  "format-environment-slug": { level: "shape", defects: [[2, 14, "environment", "expected a lowercase slug: a letter, then up to 31 of a-z, 0-9, -"]] },
  "format-gateway-id": { level: "shape", defects: [[13, 7, "gateway.id", "expected a Cloudflare AI Gateway id: 1 to 64 of a-z, 0-9, -"]] },
  "format-hostname": { level: "shape", defects: [[23, 15, "gateway.frontDoor.hostname", "expected a lowercase DNS hostname such as ai.acme.example"]] },
  "format-model-unknown-provider": { level: "shape", defects: [[87, 14, "workloads.checkout-assistant.models[0]", "expected <provider>/<model> with provider one of openai, anthropic, google-ai-studio, google-vertex-ai, aws-bedrock, azure-openai, deepseek, mistral, groq, grok, openrouter, workers-ai"]] },
  "format-owner-email": { level: "shape", defects: [[3, 8, "owner", "expected an e-mail address"]] },
  "format-role-arn": { level: "shape", defects: [[142, 20, "workloads.research-lab.readerRoleArn", "expected an IAM role ARN"]] },
  "format-secret-arn": { level: "shape", defects: [[44, 29, "providerKeys.bedrock-research.source.awsSecretArn", "expected a Secrets Manager secret ARN"]] },
  "format-current-base-url-http": { level: "shape", defects: [[101, 23, "workloads.checkout-assistant.decision.currentBaseUrl", "expected an https:// URL"]] },
  "format-webhook-http": { level: "shape", defects: [[195, 21, "alerts.pager.webhook", "expected an https:// URL"]] },
  "key-source-none": { level: "rule", defects: [[39, 13, "providerKeys.gemini-main.source", "expected exactly one of pulumiSecret or awsSecretArn, found none"]] },
  "key-source-two": { level: "rule", defects: [[34, 13, "providerKeys.anthropic-main.source", "expected exactly one of pulumiSecret or awsSecretArn, found pulumiSecret and awsSecretArn"]] },
  "missing-environment": { level: "shape", defects: [[2, 1, "environment", "is required (expected string)"]] },
  // A missing field points at the mapping that lacks it.
  "missing-gateway-id": { level: "shape", defects: [[12, 1, "gateway.id", "is required (expected string)"]] },
  "missing-key-expires-on": { level: "shape", defects: [[108, 9, "workloads.support-summarizer.keys[0].expiresOn", "is required (expected string)"]] },
  "missing-reader-role": { level: "shape", defects: [[138, 3, "workloads.research-lab.readerRoleArn", "is required (expected string)"]] },
  "missing-rotation": { level: "shape", defects: [[48, 3, "providerKeys.mistral-main.rotation", "is required (expected object)"]] },
  "model-not-servable": {
    level: "rule",
    defects: [
      [
        177,
        14,
        "workloads.ops-copilot.models[0]",
        "aws-bedrock/anthropic.claude-3-5-haiku cannot be called through the gateway: AI Gateway's OpenAI-compatible endpoint does not serve aws-bedrock, and its own API needs requests signed with AWS credentials, which the front door does not hold; read its key directly instead (directKeys, path direct or hybrid)",
      ],
    ],
  },
  "path-direct-with-keys": { level: "rule", defects: [[143, 7, "workloads.research-lab.keys", "a direct workload holds no gateway keys; use path hybrid to hold both"]] },
  "path-gateway-with-direct-keys": { level: "rule", defects: [[178, 17, "workloads.ops-copilot.directKeys", "a gateway workload holds no provider keys; use path hybrid to hold both"]] },
  "path-gateway-without-keys": { level: "rule", defects: [[88, 11, "workloads.checkout-assistant.keys", "a gateway workload needs at least one gateway key"]] },
  "path-gateway-without-routes": { level: "rule", defects: [[104, 5, "workloads.support-summarizer.routes", "a gateway workload needs at least one route or model to call"]] },
  "path-hybrid-without-direct-keys": { level: "rule", defects: [[154, 5, "workloads.data-pipeline.directKeys", "a hybrid workload needs at least one provider key in directKeys"]] },
  "path-hybrid-without-keys": { level: "rule", defects: [[157, 11, "workloads.data-pipeline.keys", "a hybrid workload needs at least one gateway key"]] },
  "provider-key-xai": { level: "shape", defects: [[49, 15, "providerKeys.mistral-main.provider", XAI_IS_GROK]] },
  "provider-xai": { level: "shape", defects: [[177, 14, "workloads.ops-copilot.models[0]", XAI_IS_GROK]] },
  "range-canary-percent-0": { level: "shape", defects: [[58, 81, "routes.chat.canary.percent", "expected a percent from 1 to 99"]] },
  "range-canary-percent-100": { level: "shape", defects: [[58, 81, "routes.chat.canary.percent", "expected a percent from 1 to 99"]] },
  "range-logs-max-stored": { level: "shape", defects: [[18, 16, "gateway.logs.maxStored", "expected a whole number from 10,000 to 10,000,000"]] },
  "range-retries-max-attempts": { level: "shape", defects: [[21, 27, "gateway.retries.maxAttempts", "expected a whole number from 1 to 5"]] },
  "range-timeout-ms": { level: "shape", defects: [[72, 16, "routes.summarize.timeoutMs", "expected a whole number from 100 to 600,000"]] },
  "ref-alert-no-near-name": { level: "rule", defects: [[164, 22, "workloads.data-pipeline.alerts[1]", "unknown alert channel \"sms\"; declared: oncall, finance, pager"]] },
  "ref-alert": { level: "rule", defects: [[130, 22, "workloads.search-indexer.alerts[1]", "unknown alert channel \"fnance\" (did you mean \"finance\"?); declared: oncall, finance, pager"]] },
  "ref-canary-key": { level: "rule", defects: [[58, 56, "routes.chat.canary.key", `unknown provider key "anthropc-main" (did you mean "anthropic-main"?)${DECLARED_KEYS}`]] },
  "ref-decision-rollback-key": { level: "rule", defects: [[101, 20, "workloads.checkout-assistant.decision.rollbackKey", `unknown provider key "openai-mian" (did you mean "openai-main"?)${DECLARED_KEYS}`]] },
  "ref-direct-key": { level: "rule", defects: [[141, 18, "workloads.research-lab.directKeys[0]", `unknown provider key "bedrock-reserch" (did you mean "bedrock-research"?)${DECLARED_KEYS}`]] },
  "ref-fallback-key": { level: "rule", defects: [[77, 46, "routes.embed.fallbacks[0].key", `unknown provider key "mistral"${DECLARED_KEYS}`]] },
  "ref-key-provider-mismatch": { level: "rule", defects: [[60, 58, "routes.chat.fallbacks[0].key", "provider key \"openai-main\" is for openai, but model google-ai-studio/gemini-2.5-flash is served by google-ai-studio"]] },
  "ref-rollback-key": { level: "rule", defects: [[62, 44, "routes.chat.rollback.key", `unknown provider key "openai-old"${DECLARED_KEYS}`]] },
  "ref-route-primary-key": { level: "rule", defects: [[57, 44, "routes.chat.primary.key", `unknown provider key "opnai-main" (did you mean "openai-main"?)${DECLARED_KEYS}`]] },
  "ref-workload-route": { level: "rule", defects: [[156, 25, "workloads.data-pipeline.routes[1]", "unknown route \"embeds\" (did you mean \"embed\"?); declared: chat, summarize, embed"]] },
  "renamed-required-field": { level: "shape", defects: [
      [138, 3, "workloads.research-lab.owner", "is required (expected string)"],
      [139, 5, "workloads.research-lab.ownr", "unknown field \"ownr\" (did you mean \"owner\"?)"],
    ] },
  "route-target-not-compat": {
    level: "rule",
    defects: [
      [
        77,
        18,
        "routes.embed.fallbacks[0].model",
        "aws-bedrock/amazon.titan-embed-text-v2 cannot be a route target: dynamic routes run on AI Gateway's OpenAI-compatible endpoint, which does not serve aws-bedrock; read its key directly instead (directKeys, path direct or hybrid)",
      ],
    ],
  },
  "rollback-equals-primary": { level: "rule", defects: [[71, 15, "routes.summarize.rollback", "must differ from primary in model or key, or rolling back changes nothing"]] },
  "safety-dlp-check-twice": { level: "rule", defects: [[24, 105, "gateway.dlp.policies.customer-data.check[1]", '"request" is listed twice']] },
  "safety-dlp-no-policies": { level: "rule", defects: [[23, 15, "gateway.dlp.policies", "expected at least one DLP policy; leave dlp out to turn DLP off"]] },
  "safety-dlp-profile-not-uuid": { level: "shape", defects: [[24, 35, "gateway.dlp.policies.customer-data.profiles[0]", "expected a DLP profile id: a lower-case UUID such as 2b5e8a1c-3f4d-4e6a-9b1c-0d2e3f4a5b6c"]] },
  "safety-guardrail-action": { level: "shape", defects: [[24, 25, "gateway.guardrails.prompts.prompt-injection", "expected one of: flag | block"]] },
  "safety-guardrail-unknown-category": {
    level: "shape",
    defects: [
      [
        24,
        7,
        "gateway.guardrails.prompts.violence",
        'unknown field "violence"; expected one of: violent-crimes, non-violent-crimes, sex-related-crimes, child-sexual-exploitation, defamation, specialized-advice, privacy, intellectual-property, indiscriminate-weapons, hate, suicide-and-self-harm, sexual-content, elections, prompt-injection',
      ],
    ],
  },
  "safety-guardrails-empty": {
    level: "rule",
    defects: [[23, 5, "gateway.guardrails", "declares no hazard category: set categories under prompts or responses to flag or block, or leave guardrails out (no category is evaluated)"]],
  },
  "safety-otel-credential-in-header": {
    level: "credential",
    defects: [
      [
        26,
        33,
        "gateway.openTelemetry.honeycomb.headers.authorization.value",
        "looks like a raw credential (bearer token); a stack file holds only references: use gateway.openTelemetry.<name>.headers.<header>.pulumiSecret or awsSecretArn",
      ],
    ],
  },
  "safety-otel-header-content-type": { level: "rule", defects: [[26, 23, "gateway.openTelemetry.honeycomb.headers.content-type", "cannot be set: the gateway sets it from contentType"]] },
  "safety-otel-header-two-sources": {
    level: "rule",
    defects: [[26, 27, "gateway.openTelemetry.honeycomb.headers.x-honeycomb-team", "expected exactly one of value, pulumiSecret or awsSecretArn, found value and pulumiSecret"]],
  },
  "safety-otel-header-upper-case": { level: "shape", defects: [[26, 9, "gateway.openTelemetry.honeycomb.headers.X-Honeycomb-Team", "invalid name: expected a lower-case HTTP header name such as x-honeycomb-team"]] },
  "safety-otel-http-url": { level: "shape", defects: [[23, 23, "gateway.openTelemetry.honeycomb.url", "expected an https:// URL"]] },
  "safety-zdr-byok": {
    level: "rule",
    defects: [
      [
        22,
        22,
        "gateway.zeroDataRetention",
        "applies only to Unified Billing requests (billing: unified), and this gateway's billing is byok: its requests use our provider keys, under the provider accounts' own retention terms. Leave zeroDataRetention out, or set billing: unified",
      ],
    ],
  },
  "type-retries-string": { level: "shape", defects: [[80, 14, "routes.embed.retries", "expected a whole number from 0 to 5"]] },
  "gateway-key-unknown-family": { level: "shape", defects: [[128, 26, "workloads.search-indexer.keys[0].families[1]", "expected one of: chat | embeddings | images | audio | moderations | batch | realtime (did you mean \"embeddings\"?)"]] },
  "unknown-field-gateway-key": { level: "shape", defects: [[127, 9, "workloads.search-indexer.keys[0].scope", "unknown field \"scope\"; expected one of: name, expiresOn, allowedIps, families"]] },
  "unknown-field-nested": { level: "shape", defects: [[17, 5, "gateway.logs.colect", "unknown field \"colect\" (did you mean \"collect\"?)"]] },
  "unknown-field-top": { level: "shape", defects: [[11, 1, "team", "unknown field \"team\"; expected one of: environment, owner, description, cloudflare, aws, gateway, providerKeys, routes, workloads, alerts, usageLedger"]] },
  "unknown-field-workload": { level: "shape", defects: [[141, 5, "workloads.research-lab.tier", "unknown field \"tier\"; expected one of: owner, path, routes, models, keys, directKeys, readerRoleArn, budget, rateLimit, alerts, decision, renamedFrom"]] },
  "yaml-duplicate-key-nested": { level: "syntax", defects: [[141, 5, "workloads.research-lab.path", 'duplicate key "path": already set on line 140; a key appears once in a mapping']] },
  "yaml-duplicate-key-top": { level: "syntax", defects: [[4, 1, "owner", 'duplicate key "owner": already set on line 3; a key appears once in a mapping']] },
  "yaml-tab-indent": { level: "syntax", defects: [[10, 1, "", "tab used for indentation: YAML indents with spaces"]] },
  "yaml-unclosed-flow": { level: "syntax", defects: [[21, 3, "", "invalid YAML: Flow map in block collection must be sufficiently indented and end with a }"]] },
  "yaml-unclosed-quote": { level: "syntax", defects: [[3, 30, "", "invalid YAML: Missing closing \"quote"]] },
  "zone-missing-with-front-door": { level: "rule", defects: [[7, 3, "cloudflare.zoneId", "required when gateway.frontDoor is set: the zone that serves the front door's hostname"]] },
};
