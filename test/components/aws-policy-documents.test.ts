import { describe, expect, it } from "vitest";
import { alertTopicPolicy, alertsKeyPolicy, deployerPrincipalPatterns, readersOnlySecretPolicy, roleNameOf, secretsKeyPolicy } from "../../components/aws-policy-documents";

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

  it("a provider key nobody reads directly has only the deny statement", () => {
    expect(readersOnlySecretPolicy([], session).Statement.map((s) => s.Sid)).toEqual(["NobodyElseReads"]);
  });

  it("the secrets key lets readers decrypt only through Secrets Manager in the stack's region", () => {
    const policy = secretsKeyPolicy(session, "eu-west-1", ["arn:aws:iam::123456789012:role/b", "arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"]);
    expect(policy.Statement[0]).toMatchObject({ Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*" });
    expect(policy.Statement[1]).toEqual({
      Sid: "ReadersDecryptThroughSecretsManager",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"] },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
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
