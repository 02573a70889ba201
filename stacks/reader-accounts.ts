/**
 * Reader roles and AWS accounts. Switchyard grants a reader its provider keys from the reader's own
 * side, an inline policy on the role (components/provider-keys.ts), and that policy can only be
 * written in the role's own account: the stack's. A role of another account would need the stack's
 * key and every secret it reads to name it, lists that grow with the readers (KMS key policy 32 KB,
 * secret policy 20,480 characters: vendor/limits.ts). So every reader role is in the account the
 * stack deploys to; a principal of another account reads through a role there that it may assume.
 * The loader refuses readers spread over several accounts; the program refuses readers outside the
 * deploying account (components/ai-gateway-stack.ts), which only a deploy knows.
 */
import type { FieldPath } from "./checks";
import type { StackSpec } from "./schema";

/** The account of an IAM ARN (`arn:aws:iam::123456789012:role/x` -> `123456789012`). */
export function accountOfArn(arn: string): string {
  return arn.split(":")[4] ?? "";
}

/** The account of the first workload's reader role: where the stack deploys, unless a deploy says otherwise. */
export function readerAccount(spec: Pick<StackSpec, "workloads">): string | undefined {
  const first = Object.values(spec.workloads)[0];
  return first && accountOfArn(first.readerRoleArn);
}

const reason = (account: string) =>
  `a reader role must be in the AWS account the stack deploys to (${account}): its grant is an IAM policy written in the role's own account, and naming roles of other accounts on the stack's key and secrets would grow those policies with every reader; use a role in ${account} that the other account's principals may assume`;

/** Every workload whose reader role is in another account than the first workload's. */
export function readerAccountProblems(spec: Pick<StackSpec, "workloads">): Array<{ path: FieldPath; message: string }> {
  const account = readerAccount(spec);
  const [firstName] = Object.keys(spec.workloads);
  return Object.entries(spec.workloads)
    .filter(([, w]) => accountOfArn(w.readerRoleArn) !== account)
    .map(([name, w]) => ({ path: ["workloads", name, "readerRoleArn"], message: `the role is in AWS account ${accountOfArn(w.readerRoleArn)}, but workload ${firstName}'s is in ${account}: ${reason(account!)}` }));
}

/** Every workload whose reader role is outside the deploying account, as `workloads.<w>.readerRoleArn: ...` messages. */
export function readersOutside(spec: Pick<StackSpec, "workloads">, deployingAccount: string): string[] {
  return Object.entries(spec.workloads)
    .filter(([, w]) => accountOfArn(w.readerRoleArn) !== deployingAccount)
    .map(([name, w]) => `workloads.${name}.readerRoleArn: the role is in AWS account ${accountOfArn(w.readerRoleArn)}, but the stack deploys to ${deployingAccount}: ${reason(deployingAccount)}`);
}
