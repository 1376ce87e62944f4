/**
 * The errors an application sees from the SDK. Each carries a stable `code`
 * string that callers switch on; messages are for operators' logs and may
 * change. Brand checks use `Symbol.for` so that two copies of the SDK in one
 * process still recognise each other's errors.
 */
const brand = Symbol.for('linden.sdk.SdkError');

export const SdkErrorCode = {
  /** No configured server could be reached or answered in time; `failures` says which and why. */
  unavailable: 'LINDEN_SDK_UNAVAILABLE',
  /** The writable server is down (or none is configured); reads still work. */
  readOnly: 'LINDEN_SDK_READ_ONLY',
  /** Login refused. The message never says whether the name or the password was wrong. */
  loginFailed: 'LINDEN_SDK_LOGIN_FAILED',
  /** The server answered an operation with a failure result code. */
  directory: 'LINDEN_SDK_DIRECTORY_ERROR',
  invalidConfig: 'LINDEN_SDK_INVALID_CONFIG',
  invalidArgument: 'LINDEN_SDK_INVALID_ARGUMENT',
  notFound: 'LINDEN_SDK_NOT_FOUND',
  alreadyExists: 'LINDEN_SDK_ALREADY_EXISTS',
  /** A new-user group rule could not be applied (e.g. `:attribute:` names an attribute the user lacks). */
  groupRule: 'LINDEN_SDK_GROUP_RULE',
  /** The account exists locally but is not directory-backed and no local check was configured. */
  notDirectoryAccount: 'LINDEN_SDK_NOT_DIRECTORY_ACCOUNT',
  closed: 'LINDEN_SDK_CLOSED',
} as const;
export type SdkErrorCode = (typeof SdkErrorCode)[keyof typeof SdkErrorCode];

export class SdkError extends Error {
  readonly [brand] = true;
  readonly code: SdkErrorCode;

  constructor(code: SdkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SdkError';
    this.code = code;
  }

  static is(value: unknown): value is SdkError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** Why one server could not be used. */
export interface ServerFailure {
  readonly url: string;
  readonly reason: string;
}

export class UnavailableError extends SdkError {
  readonly failures: readonly ServerFailure[];
  constructor(failures: readonly ServerFailure[], what = 'no LDAP server answered') {
    const detail = failures.map((f) => `${f.url} (${f.reason})`).join(', ');
    super(SdkErrorCode.unavailable, detail ? `${what}: ${detail}` : what);
    this.name = 'UnavailableError';
    this.failures = failures;
  }
}

export class ReadOnlyError extends SdkError {
  readonly failures: readonly ServerFailure[];
  constructor(failures: readonly ServerFailure[]) {
    const detail = failures.map((f) => `${f.url} (${f.reason})`).join(', ');
    super(
      SdkErrorCode.readOnly,
      `the directory is read-only now: no writable server is available: ${detail}`,
    );
    this.name = 'ReadOnlyError';
    this.failures = failures;
  }
}

/**
 * What really went wrong at login, for the application's logs and metrics. The
 * end user must only ever be told that the login failed.
 */
export type LoginFailureReason =
  | 'emptyPassword'
  | 'invalidUsername'
  | 'invalidPassword'
  | 'unknownUser'
  | 'ambiguousUser'
  | 'wrongPassword';

export class LoginFailedError extends SdkError {
  readonly reason: LoginFailureReason;
  constructor(reason: LoginFailureReason) {
    // One message for every reason: the text may reach the end user.
    super(SdkErrorCode.loginFailed, 'invalid username or password');
    this.name = 'LoginFailedError';
    this.reason = reason;
  }
}

/** An LDAP result code other than success, with the server that sent it. */
export class DirectoryError extends SdkError {
  readonly resultCode: number;
  readonly url: string;
  constructor(url: string, resultCode: number, message: string, options?: { cause?: unknown }) {
    const text =
      message.trim() && !/^Code: 0x/.test(message.trim()) ? message.trim() : resultCodeText(resultCode);
    super(SdkErrorCode.directory, `${url}: ${text} (result code ${resultCode})`, options);
    this.name = 'DirectoryError';
    this.resultCode = resultCode;
    this.url = url;
  }
}

const RESULT_TEXT: Record<number, string> = {
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  8: 'strongerAuthRequired',
  10: 'referral',
  11: 'adminLimitExceeded',
  13: 'confidentialityRequired',
  16: 'noSuchAttribute',
  17: 'undefinedAttributeType',
  19: 'constraintViolation',
  20: 'attributeOrValueExists',
  21: 'invalidAttributeSyntax',
  32: 'noSuchObject',
  34: 'invalidDNSyntax',
  48: 'inappropriateAuthentication',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  64: 'namingViolation',
  65: 'objectClassViolation',
  66: 'notAllowedOnNonLeaf',
  68: 'entryAlreadyExists',
  80: 'other',
};

function resultCodeText(code: number): string {
  return RESULT_TEXT[code] ?? 'LDAP error';
}
