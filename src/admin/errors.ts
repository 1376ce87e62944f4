import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode, resultCodeName } from '../protocol/result-code.ts';

/** The body of every error the API returns: the LDAP result code, its name, and the message. */
export interface ErrorBody {
  readonly resultCode: number;
  readonly resultName: string;
  readonly message: string;
  readonly matchedDN?: string;
}

/**
 * An error the HTTP layer answers with: an LDAP result code (what an LDAP
 * client would have seen) and the HTTP status it maps to.
 */
export class ApiError extends Error {
  readonly resultCode: number;
  readonly status: number;
  readonly matchedDN: string | undefined;

  constructor(resultCode: number, message: string, status = httpStatusFor(resultCode), matchedDN?: string) {
    super(message);
    this.name = 'ApiError';
    this.resultCode = resultCode;
    this.status = status;
    this.matchedDN = matchedDN;
  }

  static badRequest(message: string): ApiError {
    return new ApiError(ResultCode.protocolError, message, 400);
  }
}

/** Not logged in, or the session ran out. */
export function notLoggedIn(): ApiError {
  return new ApiError(
    ResultCode.inappropriateAuthentication,
    'not logged in, or the session has expired',
    401,
  );
}

const STATUS: Readonly<Record<number, number>> = {
  [ResultCode.invalidCredentials]: 401,
  [ResultCode.inappropriateAuthentication]: 401,
  [ResultCode.insufficientAccessRights]: 403,
  [ResultCode.confidentialityRequired]: 403,
  [ResultCode.strongerAuthRequired]: 403,
  [ResultCode.noSuchObject]: 404,
  [ResultCode.entryAlreadyExists]: 409,
  [ResultCode.attributeOrValueExists]: 409,
  [ResultCode.notAllowedOnNonLeaf]: 409,
  [ResultCode.assertionFailed]: 409,
  [ResultCode.busy]: 503,
  [ResultCode.unavailable]: 503,
  [ResultCode.timeLimitExceeded]: 503,
  [ResultCode.other]: 500,
  [ResultCode.operationsError]: 500,
};

/** The HTTP status for an LDAP result code: auth 401, access 403, missing 404, clashes 409, unavailable 503, bad input 400. */
export function httpStatusFor(resultCode: number): number {
  if (resultCode === ResultCode.success) return 200;
  return STATUS[resultCode] ?? 400;
}

/** Any thrown value as an ApiError: LdapErrors keep their code; anything else is an internal error. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (LdapError.is(e)) {
    const message = e.diagnosticMessage || resultCodeName(e.resultCode);
    return new ApiError(e.resultCode, message, httpStatusFor(e.resultCode), e.matchedDN || undefined);
  }
  return new ApiError(ResultCode.other, 'internal error', 500);
}

export function errorBody(e: ApiError): ErrorBody {
  return {
    resultCode: e.resultCode,
    resultName: resultCodeName(e.resultCode),
    message: e.message,
    ...(e.matchedDN ? { matchedDN: e.matchedDN } : {}),
  };
}
