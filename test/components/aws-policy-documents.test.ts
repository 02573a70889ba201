import { describe, expect, it } from "vitest";
import { alertTopicPolicy, alertsKeyPolicy, deployerPrincipalPatterns, providerKeySecretPolicy, readerGrantPolicy, readersOnlySecretPolicy, roleNameOf, secretsKeyPolicy } from "../../components/aws-policy-documents";

const session = { accountId: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/deployer/ci-run-7" };

describe("AWS policy documents", () => {
  it("the deployer of an STS session is its role, with or without an IAM path", () => {
    expect(deployerPrincipalPatterns(session)).toEqual(["arn:aws:iam::123456789012:role/deployer", "arn:aws:iam::123456789012:role/*/deployer"]);
    expect(deployerPrincipalPatterns({ accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice" })).toEqual(["arn:aws:iam::123456789012:user/alice"]);
    expect(deployerPrincipalPatterns({ accountId: "1", arn: "arn:aws-us-gov:sts::123456789012:assumed-role/d/s" })[0]).toBe("arn:aws-us-gov:iam::123456789012:role/d");
  });

  it("a workload secret: only its reader reads; everybody else but the deployer is denied GetSecretValue", () => {
    const policy = readersOnlySecretPolicy(["arn:aws:iam::123456789012:role/checkout"], session);
    expect(policy.Statement).toEqual([
      { Sid: "ReadersRead", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/checkout"] }, Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], Resource: "*" },
      {
        Sid: "NobodyElseReads",
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::123456789012:role/checkout", "arn:aws:iam::123456789012:role/deployer", "arn:aws:iam::123456789012:role/*/deployer"] } },
      },
    ]);
  });

  it("the secrets key names no reader: the account administers it; through Secrets Manager, this account may decrypt the environment's workload key secrets only", () => {
    const policy = secretsKeyPolicy(session, "eu-west-1", "prod");
    expect(policy.Statement).toEqual([
      { Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
      {
        Sid: "WorkloadKeySecretsDecryptThroughSecretsManager",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
          StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
          StringLike: { "kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:switchyard/prod/workload/*" },
        },
      },
    ]);
    // The same document for any stack: its size does not depend on the workloads.
    expect(JSON.stringify(secretsKeyPolicy(session, "eu-west-1", "prod"))).toHaveLength(JSON.stringify(policy).length);
  });

  it("a provider key's secret lists no reader: it keeps every other account out", () => {
    expect(providerKeySecretPolicy(session).Statement).toEqual([
      { Sid: "NoOtherAccountReads", Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": "123456789012" } } },
    ]);
  });

  it("a reader role's grant: exactly its provider keys' secrets, and the stack key only through Secrets Manager for those the key encrypts", () => {
    const owned = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:switchyard/prod/provider-key/openai-main-AbCdEf";
    const referenced = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bedrock-AbCdEf";
    const key = "arn:aws:kms:eu-west-1:123456789012:key/k";
    expect(readerGrantPolicy({ secretArns: [referenced, owned], stackKeySecretArns: [owned], stackKeyArn: key, region: "eu-west-1" }).Statement).toEqual([
      { Sid: "ReadDirectProviderKeys", Effect: "Allow", Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], Resource: [referenced, owned] },
      {
        Sid: "DecryptThemThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: key,
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": [owned] } },
      },
    ]);
    // A role that reads only referenced secrets (under their owners' keys) gets no use of the stack key.
    expect(readerGrantPolicy({ secretArns: [referenced], stackKeySecretArns: [], stackKeyArn: key, region: "eu-west-1" }).Statement.map((s) => s.Sid)).toEqual(["ReadDirectProviderKeys"]);
  });

  it("the alerts key and topics let CloudWatch and Budgets publish", () => {
    expect(alertsKeyPolicy(session).Statement[1]).toEqual({
      Sid: "AlarmAndBudgetServicesPublishEncrypted",
      Effect: "Allow",
      Principal: { Service: ["budgets.amazonaws.com", "cloudwatch.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
    const topic = alertTopicPolicy("arn:aws:sns:eu-west-1:123456789012:t", session).Statement[0];
    expect(topic).toMatchObject({ Action: "sns:Publish", Resource: "arn:aws:sns:eu-west-1:123456789012:t", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
  });

  it("role names drop the IAM path", () => {
    expect(roleNameOf("arn:aws:iam::123456789012:role/teams/checkout")).toBe("checkout");
  });
});
