/**
 * Resource validations restricted to one Pulumi type by its token, for types without an SDK
 * class to hand (components) or whose SDK we do not want to load in the pack. Sets
 * `__pulumiType` on the function exactly as @pulumi/policy's validateResourceOfType does, so
 * the engine skips other types without calling the function.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { raw } from "./known";

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

/** Why a component policy does not apply when the component arrived without inputs. */
export const NO_COMPONENT_INPUTS = "the component reached the pack without its inputs (see switchyard-pack-component-inputs)";

/** True when a component's inputs did not reach the pack: @pulumi/pulumi older than 3.202.0 in the program, or PULUMI_NODEJS_SKIP_COMPONENT_INPUTS set. */
export function lacksInputs(props: object): boolean {
  return Object.keys(raw(props)).length === 0;
}

/**
 * A validation of one Switchyard component's inputs (its args). When the inputs are missing the
 * policy reports itself not applicable instead of judging an empty object: the one mandatory
 * violation of switchyard-pack-component-inputs says why and how to fix it.
 */
export function validateComponent<T>(type: string, validate: (props: T, args: ResourceValidationArgs, reportViolation: ReportViolation) => void): ResourceValidation {
  return validateTypes<T>(type, (props, args, report) => {
    if (lacksInputs(args.props)) args.notApplicable(NO_COMPONENT_INPUTS);
    validate(props, args, report);
  });
}
