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
 * The stack's secrets key, the same size at any number of workloads: no statement lists a reader.
 * The account administers it, so IAM policies may grant its use (KMS key-policy-overview, "Allows
 * access to the AWS account and enables IAM policies"). Beside that, the one shape AWS gives its own
 * aws/secretsmanager key: any principal of this account may decrypt through Secrets Manager in this
 * region (kms:CallerAccount, kms:ViaService) - here only for this environment's workload key
 * secrets (kms:EncryptionContext:SecretARN: Secrets Manager puts the secret's ARN in the encryption
 * context of every Decrypt it makes for a secret). Each of those secrets lets only its own reader
 * role get its value (readersOnlySecretPolicy), so who reads a workload's keys is decided there,
 * once per secret. Provider keys are outside this statement: readers decrypt them by their own IAM
 * grant (readerGrantPolicy). Sources: docs.aws.amazon.com/secretsmanager/latest/userguide/
 * security-encryption.html (Permissions for the KMS key; Secrets Manager encryption context) and
 * docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html (kms:CallerAccount,
 * kms:ViaService, kms:EncryptionContext:context-key).
 */
export function secretsKeyPolicy(caller: Caller, region: string, environment: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      accountAdministration(caller),
      {
        Sid: "WorkloadKeySecretsDecryptThroughSecretsManager",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
          StringEquals: { "kms:CallerAccount": caller.accountId, "kms:ViaService": secretsManagerService(region) },
          StringLike: { "kms:EncryptionContext:SecretARN": `${secretArnPrefix(caller, region)}${workloadSecretNamePrefix(environment)}*` },
        },
      },
    ],
  };
}

/** Secrets Manager's service name in a region, as KMS sees it in kms:ViaService. */
export const secretsManagerService = (region: string) => `secretsmanager.${region}.amazonaws.com`;

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:`, what every secret ARN of the stack starts with. */
export function secretArnPrefix(caller: Caller, region: string): string {
  return `arn:${partitionOf(caller.arn)}:secretsmanager:${region}:${caller.accountId}:secret:`;
}

/** The name of every workload key secret of an environment starts with this (components/workload.ts). */
export const workloadSecretNamePrefix = (environment: string) => `switchyard/${environment}/workload/`;

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
 * A workload's key secret: only its reader role reads (one role: the policy does not grow with the
 * stack); every other principal is denied GetSecretValue, except the deployer (Pulumi reads a secret
 * version back after writing it).
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

/**
 * A provider key's secret, the same size however many workloads read it: no principal of another
 * account gets its value. Who in the account reads it is what IAM grants: Switchyard grants it to
 * the reader roles of the workloads that list it in directKeys (readerGrantPolicy), and the secret
 * is encrypted under the stack key, whose policy lets nobody decrypt a provider key through Secrets
 * Manager without an IAM grant (secretsKeyPolicy).
 */
export function providerKeySecretPolicy(caller: Caller): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "NoOtherAccountReads",
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalAccount": caller.accountId } },
      },
    ],
  };
}

/**
 * The one inline policy Switchyard puts on a reader role: read exactly the provider keys its
 * workloads list in directKeys, and decrypt under the stack key only through Secrets Manager and
 * only for those of them the stack's key encrypts (kms:EncryptionContext:SecretARN). It grows with
 * the provider keys a role reads, never with the workloads that share the role.
 */
export function readerGrantPolicy(p: { secretArns: readonly string[]; stackKeyArn: string; stackKeySecretArns: readonly string[]; region: string }): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadDirectProviderKeys",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: sorted(p.secretArns),
    },
  ];
  if (p.stackKeySecretArns.length) {
    statements.push({
      Sid: "DecryptThemThroughSecretsManager",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: p.stackKeyArn,
      Condition: { StringEquals: { "kms:ViaService": secretsManagerService(p.region), "kms:EncryptionContext:SecretARN": sorted(p.stackKeySecretArns) } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** The role name of an IAM role ARN (`arn:aws:iam::A:role/path/Name` -> `Name`). */
export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf("/") + 1);
}
