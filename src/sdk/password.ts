import { SaslprepError, saslprep } from '../auth/saslprep.ts';
import { LoginFailedError } from './errors.ts';

/**
 * Prepares a password the way Linden stores it (RFC 4013 SASLprep), so that the
 * same password typed in NFC on one machine and NFD on another binds the same.
 * An empty result is refused: a simple bind with a DN and an empty password is
 * an "unauthenticated bind" (RFC 4513 §5.1.2) that many servers accept as success.
 */
export function preparePassword(password: string): string {
  if (password.length === 0) throw new LoginFailedError('emptyPassword');
  let prepared: string;
  try {
    prepared = saslprep(password);
  } catch (error) {
    if (error instanceof SaslprepError) throw new LoginFailedError('invalidPassword');
    throw error;
  }
  if (prepared.length === 0) throw new LoginFailedError('emptyPassword');
  return prepared;
}
