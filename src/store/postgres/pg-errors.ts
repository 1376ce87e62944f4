import { StoreError, StoreUnavailableError } from '../contract.ts';

/** Socket errors that mean "the server cannot be reached right now". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs that mean the server is away or too busy, not that the request was
 * wrong: class 08 (connection exception), 53 (insufficient resources), 57P01–03
 * (shut down by an administrator, crash, starting up), 57014 (statement timeout
 * or cancel), 55P03 (lock not available).
 */
function unavailableState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '57014' ||
    code === '55P03'
  );
}

/** Messages node-postgres uses for a connection that dropped or never came up. */
const DROPPED =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended|not queryable/i;

/** True when `error` says the database is unreachable or unusable for now, rather than the request being wrong. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || unavailableState(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return DROPPED.test(error.message);
}

/** A one-line reason for an unavailable server: the socket or SQLSTATE code and the message. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AggregateError && error.errors[0] !== undefined) return reasonOf(error.errors[0]);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}

/**
 * What a failed call rethrows: StoreErrors as they are, an unreachable server
 * as StoreUnavailableError naming the server, anything else as a StoreError
 * carrying the driver's error as its cause.
 */
export function toStoreError(error: unknown, server: string): Error {
  if (error instanceof StoreError) return error;
  if (isUnavailable(error)) {
    return new StoreUnavailableError(`PostgreSQL at ${server} is unavailable (${reasonOf(error)})`, {
      cause: error,
    });
  }
  return new StoreError(`PostgreSQL at ${server}: ${reasonOf(error)}`, { cause: error });
}

/**
 * True when the connection itself is gone or the server is going away: the
 * store then fails fast until a probe finds the server again, and the
 * connection is not returned to the pool.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AggregateError) return error.errors.some(isConnectionLoss);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    return (
      NETWORK_CODES.has(code) ||
      code.startsWith('08') ||
      code === '57P01' ||
      code === '57P02' ||
      code === '57P03'
    );
  }
  return DROPPED.test(error.message);
}
