/**
 * Facts about AWS that the program and the policy pack share, written once here.
 */

/**
 * How long Secrets Manager keeps a deleted secret recoverable: 7 to 30 days (0 deletes at once),
 * 30 when unset (@pulumi/aws 7.48.0 secretsmanager.Secret `recoveryWindowInDays`, after the
 * DeleteSecret API's RecoveryWindowInDays).
 */
export const SECRET_RECOVERY_WINDOW_DAYS = { min: 7, max: 30 } as const;
