/**
 * BER identifier octets (X.690 §8.1.2). Linden only handles the low-tag-number
 * form (tag numbers 0–30 in one octet), which is all LDAP uses, so a tag is
 * carried around as that single octet: class in bits 8–7, constructed in bit 6,
 * number in bits 5–1.
 */
export const TagClass = {
  universal: 0x00,
  application: 0x40,
  context: 0x80,
  private: 0xc0,
} as const;
export type TagClass = (typeof TagClass)[keyof typeof TagClass];

/** The bit that marks a constructed encoding. */
export const CONSTRUCTED = 0x20;

/** Universal tags in the form LDAP uses them. */
export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  enumerated: 0x0a,
  sequence: 0x30,
  set: 0x31,
} as const;

export function tagClass(tag: number): TagClass {
  return (tag & 0xc0) as TagClass;
}

export function isConstructed(tag: number): boolean {
  return (tag & CONSTRUCTED) !== 0;
}

export function tagNumber(tag: number): number {
  return tag & 0x1f;
}

/** Builds an identifier octet: `makeTag(TagClass.context, 3, true)` is 0xa3. */
export function makeTag(cls: TagClass, number: number, constructed: boolean): number {
  return cls | (constructed ? CONSTRUCTED : 0) | (number & 0x1f);
}
