/**
 * Who reads which secret, judged on the documents the program writes (captured under Pulumi's mock
 * engine): the stack key's policy, each secret's resource policy and the inline policies on the
 * reader roles. A reader reads exactly what it read when the key and the secrets listed every
 * reader: its workloads' gateway-key secrets and the provider keys its direct and hybrid workloads
 * list in directKeys. Roles shared by workloads of every path are in the stack on purpose.
 *
 * The evaluation follows IAM's for one account (IAM User Guide, reference_policies_evaluation-logic):
 * an explicit deny wins; otherwise the secret's policy or the role's own policy may allow
 * GetSecretValue; and Secrets Manager decrypts under the stack key as the caller (kms:ViaService),
 * which the key's policy or the role's own policy must allow, for that secret's ARN in the
 * encryption context (Secrets Manager, security-encryption.html).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { PolicyDocument, PolicyStatement } from "../../components/aws-policy-documents";
import type { CaptureResult } from "../../engine/capture";
import { generateStack } from "../../stacks/generate-stack";
import { parseStackFile } from "../../stacks/load";
import { readersOutside } from "../../stacks/reader-accounts";
import type { StackSpec } from "../../stacks/schema";
import { capture, named, ofType, T } from "../support/mock-engine";

const ACCOUNT = "123456789012";
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
/** A principal of the account no workload names. */
const OUTSIDER = role("someone-else");

/** Eight generated workloads (gateway, gateway, hybrid, direct, twice) on three shared roles and a gateway workload's own. */
function sharedRoleStack(): StackSpec {
  const stack = generateStack(8, "prod") as unknown as { workloads: Record<string, { readerRoleArn: string }> };
  const roles = ["shared-a", "shared-a", "shared-b", "shared-b", "shared-c", "own", "shared-c", "shared-b"];
  Object.values(stack.workloads).forEach((w, i) => (w.readerRoleArn = role(roles[i])));
  const loaded = parseStackFile(stringify(stack, { lineWidth: 0 }), "shared-roles.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded).slice(0, 400));
  return loaded.spec;
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const glob = (pattern: string, value: string) => new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(value);
const acts = (s: PolicyStatement, action: string) => asList(s.Action).some((a) => glob(a, action));
const names = (s: PolicyStatement, principal: string) => s.Principal === "*" || asList(typeof s.Principal === "object" ? s.Principal.AWS : undefined).some((p) => p === "*" || p === principal || p === `arn:aws:iam::${principal.split(":")[4]}:root`);

/** Whether a statement's conditions hold for a request (only the operators and keys Switchyard writes). */
function holds(s: PolicyStatement, context: Record<string, string>): boolean {
  return Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      if (actual === undefined) return false;
      const any = (match: (e: string) => boolean) => asList(expected).some(match);
      if (operator === "StringEquals") return any((e) => e === actual);
      if (operator === "StringNotEquals") return !any((e) => e === actual);
      if (operator === "StringLike") return any((e) => glob(e, actual));
      if (operator === "ArnNotLike") return !any((e) => glob(e, actual));
      throw new Error(`unexpected operator ${operator}`);
    }),
  );
}

interface Documents {
  keyArn: string;
  keyPolicy: PolicyDocument;
  secrets: Array<{ arn: string; underStackKey: boolean; policy?: PolicyDocument }>;
  rolePolicies: Map<string, PolicyDocument[]>;
}

function documents(result: CaptureResult, spec: StackSpec): Documents {
  const key = named(result, T.kmsKey, "prod-secrets-key");
  const keyArn = String(key.outputs.arn);
  const owned = ofType(result, T.secret).map((s) => ({ arn: String(s.outputs.arn), underStackKey: s.inputs.kmsKeyId === keyArn, ...(s.inputs.policy === undefined ? {} : { policy: JSON.parse(String(s.inputs.policy)) as PolicyDocument }) }));
  const referenced = Object.values(spec.providerKeys).flatMap((k) => (k.source.awsSecretArn ? [{ arn: k.source.awsSecretArn, underStackKey: false }] : []));
  const rolePolicies = new Map<string, PolicyDocument[]>();
  for (const p of ofType(result, T.rolePolicy)) rolePolicies.set(String(p.inputs.role), [...(rolePolicies.get(String(p.inputs.role)) ?? []), JSON.parse(String(p.inputs.policy))]);
  return { keyArn, keyPolicy: JSON.parse(String(key.inputs.policy)), secrets: [...owned, ...referenced], rolePolicies };
}

/** The secrets a principal of the account gets the value of. */
function readable(docs: Documents, principal: string): string[] {
  const own = (docs.rolePolicies.get(principal.split("/").pop()!) ?? []).flatMap((d) => d.Statement);
  return docs.secrets
    .filter((secret) => {
      const request = { "aws:PrincipalArn": principal, "aws:PrincipalAccount": principal.split(":")[4] };
      const onSecret = secret.policy?.Statement ?? [];
      const get = (s: PolicyStatement) => acts(s, "secretsmanager:GetSecretValue");
      if (onSecret.some((s) => s.Effect === "Deny" && get(s) && names(s, principal) && holds(s, request))) return false;
      const allowed = onSecret.some((s) => s.Effect === "Allow" && get(s) && names(s, principal)) || own.some((s) => s.Effect === "Allow" && get(s) && asList(s.Resource).includes(secret.arn));
      if (!allowed) return false;
      if (!secret.underStackKey) return true;
      const decrypt = { "kms:CallerAccount": principal.split(":")[4], "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com", "kms:EncryptionContext:SecretARN": secret.arn };
      const byKey = docs.keyPolicy.Statement.some((s) => s.Effect === "Allow" && acts(s, "kms:Decrypt") && names(s, principal) && s.Principal !== undefined && typeof s.Principal === "object" && asList(s.Principal.AWS).includes("*") && holds(s, decrypt));
      const byRole = own.some((s) => s.Effect === "Allow" && acts(s, "kms:Decrypt") && asList(s.Resource).includes(docs.keyArn) && holds(s, decrypt));
      return byKey || byRole;
    })
    .map((s) => s.arn)
    .sort();
}

describe("reader access without reader lists (shared roles, every path)", () => {
  const spec = sharedRoleStack();
  let result: CaptureResult;
  let docs: Documents;
  beforeAll(async () => {
    result = await capture(spec);
    docs = documents(result, spec);
  });

  /** What each role read when the key and the secrets listed their readers: its workloads' key secrets and direct keys. */
  function expectedReads(roleArn: string): string[] {
    const workloads = Object.entries(spec.workloads).filter(([, w]) => w.readerRoleArn === roleArn);
    const keySecrets = workloads.filter(([, w]) => w.keys.length).map(([label]) => String(named(result, T.secret, `${label}-keys`).outputs.arn));
    const providerSecrets = workloads
      .filter(([, w]) => w.path !== "gateway")
      .flatMap(([, w]) => w.directKeys)
      .map((k) => spec.providerKeys[k].source.awsSecretArn ?? String(named(result, T.secret, `provider-keys-${k}-secret`).outputs.arn));
    return [...new Set([...keySecrets, ...providerSecrets])].sort();
  }

  it("each reader role reads exactly its workloads' key secrets and their direct provider keys", () => {
    const roles = [...new Set(Object.values(spec.workloads).map((w) => w.readerRoleArn))];
    expect(roles).toHaveLength(4);
    for (const r of roles) expect({ role: r, reads: readable(docs, r) }).toEqual({ role: r, reads: expectedReads(r) });
    // Shared roles do read several workloads' secrets: the case the evaluation must get right.
    expect(expectedReads(role("shared-b")).length).toBeGreaterThan(2);
  });

  it("a principal no workload names reads nothing, in this account or another", () => {
    expect(readable(docs, OUTSIDER)).toEqual([]);
    expect(readable(docs, "arn:aws:iam::999999999999:role/shared-a")).toEqual([]);
  });

  it("one grant per reader role of direct and hybrid workloads, named after the role (none for a gateway workload's role)", () => {
    const grants = ofType(result, T.rolePolicy).filter((p) => p.name !== "usage-ledger-role-policy");
    expect(grants.map((p) => [p.name, p.inputs.role, p.inputs.name]).sort()).toEqual([
      ["provider-keys-reader-shared-b", "shared-b", "switchyard-prod-provider-keys"],
      ["provider-keys-reader-shared-c", "shared-c", "switchyard-prod-provider-keys"],
    ]);
  });

  it("no policy names a reader except a workload key secret its one reader", () => {
    expect(JSON.stringify(docs.keyPolicy)).not.toContain(":role/");
    for (const s of ofType(result, T.secret).filter((s) => s.inputs.policy !== undefined)) {
      const listed = String(s.inputs.policy).match(/arn:aws:iam::\d+:role\/[\w+=,.@-]+/g) ?? [];
      const workload = s.name.endsWith("-keys") ? spec.workloads[s.name.slice(0, -"-keys".length)] : undefined;
      expect({ secret: s.name, listed: listed.filter((r) => !r.endsWith("/switchyard-deployer")) }).toEqual({ secret: s.name, listed: workload ? [workload.readerRoleArn, workload.readerRoleArn] : [] });
    }
  });
});

describe("reader roles in another account", () => {
  it("the loader refuses a reader role in another account than the first workload's, at its field", () => {
    const stack = generateStack(3, "prod") as unknown as { workloads: Record<string, { readerRoleArn: string }> };
    stack.workloads["app-0002"].readerRoleArn = "arn:aws:iam::210987654321:role/app-0002";
    const loaded = parseStackFile(stringify(stack, { lineWidth: 0 }), "cross.yaml");
    expect(loaded.ok).toBe(false);
    const defects = (loaded as { defects: Array<{ path: string; message: string }> }).defects;
    expect(defects.map((d) => d.path)).toEqual(["workloads.app-0002.readerRoleArn"]);
    expect(defects[0].message).toContain("the role is in AWS account 210987654321, but workload app-0000's is in 123456789012: a reader role must be in the AWS account the stack deploys to (123456789012)");
  });

  it("the program refuses readers outside the deploying account, naming each field", () => {
    expect(readersOutside(sharedRoleStack(), "210987654321")).toHaveLength(8);
    expect(readersOutside(sharedRoleStack(), ACCOUNT)).toEqual([]);
    expect(readersOutside(sharedRoleStack(), "210987654321")[0]).toMatch(/^workloads\.app-0000\.readerRoleArn: the role is in AWS account 123456789012, but the stack deploys to 210987654321: /);
  });
});
