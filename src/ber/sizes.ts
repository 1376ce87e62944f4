/** Octets a definite length takes in minimal form (X.690 §8.1.3). */
export function lengthSize(length: number): number {
  return length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5;
}

/** Octets of an INTEGER's contents in minimal two's complement (X.690 §8.3.2). */
export function integerSize(value: number): number {
  return value >= -0x80 && value < 0x80
    ? 1
    : value >= -0x8000 && value < 0x8000
      ? 2
      : value >= -0x800000 && value < 0x800000
        ? 3
        : 4;
}
