/**
 * Resource validations restricted to one Pulumi type by its token, for types without an SDK
 * class to hand (components) or whose SDK we do not want to load in the pack. Sets
 * `__pulumiType` on the function exactly as @pulumi/policy's validateResourceOfType does, so
 * the engine skips other types without calling the function.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

export function validateTypes<T>(
  types: string | readonly string[],
  validate: (props: T, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
  const wanted = typeof types === "string" ? [types] : types;
  const fn: ResourceValidation = (args, report) => {
    if (wanted.includes(args.type)) validate(args.props as T, args, report);
  };
  if (wanted.length === 1) (fn as unknown as { __pulumiType: string }).__pulumiType = wanted[0];
  return fn;
}
