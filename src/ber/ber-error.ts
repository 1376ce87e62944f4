const brand = Symbol.for('linden.BerError');

/**
 * Malformed or unsupported BER. `offset` is the byte position in the buffer
 * being read where decoding failed, so a bad PDU can be located in a capture.
 */
export class BerError extends Error {
  readonly [brand] = true;
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'BerError';
    this.offset = offset;
  }

  static is(value: unknown): value is BerError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
