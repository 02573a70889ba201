/**
 * The services of @pulumi/aws the components use, each loaded on its own. The package's index
 * loads all of its 250 service modules and its type modules (300 files) on import, the largest
 * share of loading the program; the resources, functions and types here are the very same ones.
 * A component that needs another service adds it here.
 */
export * as budgets from "@pulumi/aws/budgets";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lambda from "@pulumi/aws/lambda";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as sns from "@pulumi/aws/sns";
export type * as types from "@pulumi/aws/types";
