/** LDAP result codes, RFC 4511 §4.1.9 and Appendix A, plus the codes OpenLDAP returns from RFC 3909/4370/4533 extensions. */
export const ResultCode = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  authMethodNotSupported: 7,
  strongerAuthRequired: 8,
  referral: 10,
  adminLimitExceeded: 11,
  unavailableCriticalExtension: 12,
  confidentialityRequired: 13,
  saslBindInProgress: 14,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  inappropriateMatching: 18,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  aliasProblem: 33,
  invalidDNSyntax: 34,
  aliasDereferencingProblem: 36,
  inappropriateAuthentication: 48,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  loopDetect: 54,
  namingViolation: 64,
  objectClassViolation: 65,
  notAllowedOnNonLeaf: 66,
  notAllowedOnRDN: 67,
  entryAlreadyExists: 68,
  objectClassModsProhibited: 69,
  affectsMultipleDSAs: 71,
  other: 80,
  /** RFC 3909 */
  cancelled: 118,
  noSuchOperation: 119,
  tooLate: 120,
  cannotCancel: 121,
  /** RFC 4528 */
  assertionFailed: 122,
} as const;

export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

const names = new Map<number, string>(Object.entries(ResultCode).map(([k, v]) => [v, k]));

/** The RFC name of a result code (`noSuchObject`), or `unknown(N)`. */
export function resultCodeName(code: number): string {
  return names.get(code) ?? `unknown(${code})`;
}
