/**
 * The IAM, KMS and SNS policy documents Switchyard writes, as pure functions so tests and
 * reviewers can read them without a cloud. Components serialise them with JSON.stringify.
 */

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Who is deploying, as found by sts:GetCallerIdentity. */
export interface Caller {
  accountId: string;
  /** The caller's ARN: a user, a role, or an STS assumed-role session. */
  arn: string;
}

export function partitionOf(arn: string): string {
  return arn.split(":")[1] || "aws";
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function accountAdministration(caller: Caller): PolicyStatement {
  return {
    Sid: "AccountAdministersTheKey",
    Effect: "Allow",
    Principal: { AWS: `arn:${partitionOf(caller.arn)}:iam::${caller.accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/**
 * The stack's secrets key: the account administers it (IAM delegates); each reader role may
 * decrypt only through Secrets Manager in the stack's region.
 */
export function secretsKeyPolicy(caller: Caller, region: string, readerRoleArns: readonly string[]): PolicyDocument {
  const statements = [accountAdministration(caller)];
  const readers = sorted(readerRoleArns);
  if (readers.length) {
    statements.push({
      Sid: "ReadersDecryptThroughSecretsManager",
      Effect: "Allow",
      Principal: { AWS: readers },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** The alerts key: CloudWatch and Budgets may encrypt messages they publish to the topics. */
export function alertsKeyPolicy(caller: Caller): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      accountAdministration(caller),
      {
        Sid: "AlarmAndBudgetServicesPublishEncrypted",
        Effect: "Allow",
        Principal: { Service: ["budgets.amazonaws.com", "cloudwatch.amazonaws.com"] },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      },
    ],
  };
}

/** An alert topic: CloudWatch alarms and Budgets of this account may publish. */
export function alertTopicPolicy(topicArn: string, caller: Caller): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AlarmAndBudgetServicesPublish",
        Effect: "Allow",
        Principal: { Service: ["budgets.amazonaws.com", "cloudwatch.amazonaws.com"] },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": caller.accountId } },
      },
    ],
  };
}

/**
 * ARN patterns of the deploying principal as IAM's `aws:PrincipalArn` sees it. An STS session
 * `arn:aws:sts::A:assumed-role/R/S` is the role `arn:aws:iam::A:role/R`, or `role/<path>/R`
 * when the role has a path (the session ARN does not show paths).
 */
export function deployerPrincipalPatterns(caller: Caller): string[] {
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(caller.arn);
  if (session) {
    const [, partition, account, role] = session;
    return [`arn:${partition}:iam::${account}:role/${role}`, `arn:${partition}:iam::${account}:role/*/${role}`];
  }
  return [caller.arn];
}

/**
 * A secret only its readers may read: they get GetSecretValue; every other principal is
 * denied it, except the deployer (Pulumi reads a secret version back after writing it).
 */
export function readersOnlySecretPolicy(readerRoleArns: readonly string[], caller: Caller): PolicyDocument {
  const readers = sorted(readerRoleArns);
  const statements: PolicyStatement[] = [];
  if (readers.length) {
    statements.push({
      Sid: "ReadersRead",
      Effect: "Allow",
      Principal: { AWS: readers },
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: "*",
    });
  }
  statements.push({
    Sid: "NobodyElseReads",
    Effect: "Deny",
    Principal: "*",
    Action: "secretsmanager:GetSecretValue",
    Resource: "*",
    Condition: { ArnNotLike: { "aws:PrincipalArn": [...readers, ...deployerPrincipalPatterns(caller)] } },
  });
  return { Version: "2012-10-17", Statement: statements };
}

/** Identity policy for a direct or hybrid workload's reader role: read its provider keys. */
export function directKeyReadPolicy(secretArns: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadDirectProviderKeys",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: sorted(secretArns),
      },
    ],
  };
}

/** The role name of an IAM role ARN (`arn:aws:iam::A:role/path/Name` -> `Name`). */
export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf("/") + 1);
}
