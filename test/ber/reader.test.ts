import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  BerError,
  BerReader,
  BerWriter,
  isConstructed,
  makeTag,
  Tag,
  TagClass,
  tagClass,
  tagNumber,
} from '../../src/ber/index.ts';

const reader = (hex: string, maxDepth?: number): BerReader => {
  const r = new BerReader(maxDepth);
  r.setBuffer(Buffer.from(hex, 'hex'));
  return r;
};

const berError = (offset: number, message: RegExp) => (e: unknown) =>
  BerError.is(e) && e.offset === offset && message.test(e.message);

describe('BerReader', () => {
  it('reads INTEGERs up to 32 bits, sign-extended', () => {
    const cases: [string, number][] = [
      ['020100', 0],
      ['02017f', 127],
      ['02020080', 128],
      ['0201ff', -1],
      ['0202ff7f', -129],
      ['02047fffffff', 0x7fffffff],
      ['020480000000', -0x80000000],
      ['0203000001', 1], // non-minimal but valid BER
    ];
    for (const [h, v] of cases) assert.equal(reader(h).readInteger(), v, h);
  });

  it('rejects empty and longer than 32-bit INTEGERs', () => {
    assert.throws(() => reader('0200').readInteger(), berError(0, /empty integer/));
    assert.throws(() => reader('02050100000000').readInteger(), berError(0, /5 octets is too large/));
  });

  it('round-trips integers through the writer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (n) => {
        const w = new BerWriter(4);
        w.writeInteger(n);
        const r = new BerReader();
        r.setBuffer(w.flush());
        assert.equal(r.readInteger(), n);
        assert.equal(r.hasMore(), false);
      }),
    );
  });

  it('round-trips nested sequences of octet strings of any length', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (values) => {
        const w = new BerWriter(4);
        w.startSequence();
        for (const v of values) w.writeOctetString(v);
        w.endSequence();
        const r = new BerReader();
        r.setBuffer(w.flush());
        r.enter(Tag.sequence);
        const out: Uint8Array[] = [];
        while (r.hasMore()) out.push(new Uint8Array(r.readOctetString()));
        r.leave();
        assert.deepStrictEqual(
          out,
          values.map((v) => new Uint8Array(v)),
        );
      }),
    );
  });

  it('returns OCTET STRINGs as views, not copies', () => {
    const buf = Buffer.from('0403616263', 'hex');
    const r = new BerReader();
    r.setBuffer(buf);
    const v = r.readOctetString();
    assert.equal(v.buffer, buf.buffer);
    assert.equal(v.toString(), 'abc');
  });

  it('reads BOOLEAN (any non-zero is TRUE) and NULL', () => {
    const r = reader('0101ff010101010100 0500'.replace(' ', ''));
    assert.equal(r.readBoolean(), true);
    assert.equal(r.readBoolean(), true);
    assert.equal(r.readBoolean(), false);
    r.readNull();
    assert.throws(() => reader('01020000').readBoolean(), berError(0, /boolean of 2 octets/));
    assert.throws(() => reader('050100').readNull(), berError(0, /null of 1 octets/));
  });

  it('reads long-form lengths and rejects indefinite, reserved-size and overrunning ones', () => {
    const long = Buffer.concat([Buffer.from('048200ff', 'hex'), Buffer.alloc(255)]);
    const r = new BerReader();
    r.setBuffer(long);
    assert.equal(r.readOctetString().length, 255);
    assert.throws(() => reader('0480').readOctetString(), berError(1, /indefinite length/));
    assert.throws(() => reader('04850000000001').readOctetString(), berError(1, /length of 5 octets/));
    assert.throws(() => reader('048201').readOctetString(), berError(1, /end of data inside a length/));
    assert.throws(() => reader('0403ab').readOctetString(), berError(1, /length 3 runs past/));
  });

  it('bounds reads by the innermost open element', () => {
    const r = reader('3003040101 0400'.replace(' ', ''));
    r.enter(Tag.sequence);
    // The inner string claims 1 byte, there is 1 byte left in the SEQUENCE: fine.
    assert.equal(r.readOctetString().length, 1);
    assert.equal(r.hasMore(), false);
    assert.equal(r.peekTag(), -1);
    assert.throws(() => r.readOctetString(), /end of data/);
    r.leave();
    assert.equal(r.readOctetString().length, 0);
    // An inner length running past its parent, though not past the buffer.
    const bad = reader('30020403616263');
    bad.enter(Tag.sequence);
    assert.throws(() => bad.readOctetString(), berError(3, /runs past the end of the enclosing element/));
  });

  it('skips unread trailing elements on leave', () => {
    const r = reader('3006020101020102 020103'.replace(' ', ''));
    r.enter(Tag.sequence);
    assert.equal(r.readInteger(), 1);
    r.leave();
    assert.equal(r.readInteger(), 3);
  });

  it('rejects a mismatched tag with the offset of the tag', () => {
    assert.throws(() => reader('0400').readInteger(), berError(0, /expected tag 0x02, found 0x04/));
  });

  it('rejects high-tag-number identifiers', () => {
    assert.throws(() => reader('1f0100').readTag(), berError(0, /high tag numbers/));
  });

  it('enforces the nesting limit', () => {
    const r = reader('3006300430023000', 3);
    r.enter(Tag.sequence);
    r.enter(Tag.sequence);
    r.enter(Tag.sequence);
    assert.throws(() => r.enter(Tag.sequence), berError(6, /nesting deeper than 3 levels/));
  });

  it('skips elements of any type', () => {
    const r = reader('0403616263 a0020500 020107'.replace(/ /g, ''));
    r.skip();
    r.skip();
    assert.equal(r.readInteger(), 7);
  });
});

describe('tags', () => {
  it('splits and builds identifier octets', () => {
    assert.equal(makeTag(TagClass.context, 3, true), 0xa3);
    assert.equal(makeTag(TagClass.application, 10, false), 0x4a);
    assert.equal(tagClass(0x63), TagClass.application);
    assert.equal(tagNumber(0x63), 3);
    assert.equal(isConstructed(0x63), true);
    assert.equal(isConstructed(0x87), false);
  });
});
