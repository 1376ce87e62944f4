import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BerWriter } from '../../src/ber/index.ts';

const hex = (w: BerWriter): string => w.flush().toString('hex');

describe('BerWriter', () => {
  it('writes INTEGERs in minimal two’s complement', () => {
    const cases: [number, string][] = [
      [0, '020100'],
      [1, '020101'],
      [127, '02017f'],
      [128, '02020080'],
      [255, '020200ff'],
      [256, '02020100'],
      [-1, '0201ff'],
      [-128, '020180'],
      [-129, '0202ff7f'],
      [0x7fffff, '02037fffff'],
      [0x800000, '020400800000'],
      [0x7fffffff, '02047fffffff'],
      [-0x80000000, '020480000000'],
    ];
    for (const [value, expected] of cases) {
      const w = new BerWriter();
      w.writeInteger(value);
      assert.equal(hex(w), expected, String(value));
    }
  });

  it('refuses numbers that are not 32-bit integers', () => {
    const w = new BerWriter();
    assert.throws(() => w.writeInteger(2 ** 31));
    assert.throws(() => w.writeInteger(1.5));
  });

  it('back-fills sequence lengths in minimal form at every boundary', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 70000]) {
      const w = new BerWriter(8);
      w.startSequence();
      w.writeRaw(Buffer.alloc(n, 0xab));
      w.endSequence();
      const out = w.flush();
      const header =
        n < 0x80
          ? [0x30, n]
          : n < 0x100
            ? [0x30, 0x81, n]
            : n < 0x10000
              ? [0x30, 0x82, n >> 8, n & 0xff]
              : [0x30, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
      assert.deepStrictEqual([...out.subarray(0, header.length)], header, String(n));
      assert.equal(out.length, header.length + n);
      assert.ok(out.subarray(header.length).every((b) => b === 0xab));
    }
  });

  it('moves nested contents correctly when inner and outer lengths both grow', () => {
    const w = new BerWriter(4);
    w.startSequence(0x30);
    w.writeInteger(1);
    w.startSequence(0x64);
    w.writeOctetString(Buffer.alloc(200, 1));
    w.endSequence();
    w.endSequence();
    const out = w.flush();
    assert.equal(out.subarray(0, 8).toString('hex'), '3081d10201016481');
    assert.equal(out.length, 3 + 3 + 3 + 3 + 200);
  });

  it('writes strings as UTF-8 on both sides of the 42-unit fast path', () => {
    for (const s of [
      '',
      'a',
      'é'.repeat(42),
      'é'.repeat(43),
      '€'.repeat(42),
      '€'.repeat(43),
      '😀'.repeat(21),
      '😀'.repeat(40),
    ]) {
      const w = new BerWriter(4);
      w.writeString(s);
      const out = w.flush();
      const n = Buffer.byteLength(s);
      const headerLength = n < 0x80 ? 2 : n < 0x100 ? 3 : 4;
      assert.equal(out.length, headerLength + n, s);
      assert.equal(out.subarray(headerLength).toString('utf8'), s);
    }
  });

  it('writes BOOLEAN TRUE as 0xFF and NULL with no contents', () => {
    const w = new BerWriter();
    w.writeBoolean(true);
    w.writeBoolean(false);
    w.writeNull(0x42);
    w.writeEnumerated(2);
    assert.equal(hex(w), '0101ff0101004200' + '0a0102');
  });

  it('flush hands the bytes out and never touches them again', () => {
    const w = new BerWriter(16);
    w.writeInteger(5);
    const first = w.flush();
    w.writeInteger(6);
    w.writeInteger(7);
    assert.equal(first.toString('hex'), '020105');
    assert.equal(w.flush().toString('hex'), '020106020107');
  });

  it('toBuffer copies, reset drops open elements', () => {
    const w = new BerWriter(16);
    w.writeNull();
    const out = w.toBuffer();
    w.writeBoolean(true);
    assert.equal(out.toString('hex'), '0500');
    w.reset();
    w.startSequence();
    w.reset();
    assert.equal(w.depth, 0);
    assert.equal(w.length, 0);
    assert.throws(() => {
      w.startSequence();
      w.flush();
    });
  });
});
