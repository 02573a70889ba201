/**
 * Builds a UsageLedger under the mock engine where Cloudflare's permission-group lookup answers
 * with another group only, and prints what the AccountToken was given (or that it never was) and
 * the error the program stopped with. Run in its own process: the failed lookup rejects every
 * output that depends on it, which a test runner would report as unhandled.
 */
import * as pulumi from "@pulumi/pulumi";

const tokens: unknown[] = [];
const errors = new Set<string>();
process.on("unhandledRejection", (err) => errors.add(String((err as Error).message ?? err)));

pulumi.runtime.setMocks(
  {
    newResource(args) {
      if (args.type === "cloudflare:index/accountToken:AccountToken") tokens.push(args.inputs.policies);
      return { id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:aws:mock:::${args.name}`, bucket: "b", name: args.name, value: "v" } };
    },
    call(args) {
      if (args.token.includes("getAccountApiTokenPermissionGroupsList")) return { results: [{ id: "pg-ai-gateway-write", name: "AI Gateway Write", scopes: ["com.cloudflare.api.account"] }] };
      return {};
    },
  },
  "switchyard",
  "dev",
  false,
);

void (async () => {
  const { UsageLedger } = await import("../../../components/usage-ledger");
  new UsageLedger("ledger", {
    environment: "dev",
    accountId: "0123456789abcdef0123456789abcdef",
    gatewayId: "acme-dev",
    exportEveryMinutes: 15,
    retentionDays: 400,
    workloads: [],
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
    alarmTopicArns: [],
    protect: false,
  } as never);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  process.stdout.write(JSON.stringify({ tokens, errors: [...errors].map((e) => e.replace(/^.*: (expected exactly)/, "$1")) }));
  process.exit(0);
})();
