import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LdapError, MessageFramer, ResultCode } from '../../src/protocol/index.ts';
import { corpus } from './corpus.ts';

const pdus = corpus.map((c) => Buffer.from(c.hex.replace(/\s+/g, ''), 'hex'));
const stream = Buffer.concat(pdus);

function frame(framer: MessageFramer, chunks: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const c of chunks) framer.push(c, (pdu) => out.push(pdu));
  return out;
}

function assertFramed(out: Buffer[], expected: Buffer[]): void {
  assert.deepStrictEqual(
    out.map((b) => b.toString('hex')),
    expected.map((b) => b.toString('hex')),
  );
}

describe('MessageFramer', () => {
  it('frames every corpus PDU split at every byte boundary', () => {
    for (const pdu of pdus) {
      for (let i = 0; i <= pdu.length; i++) {
        const framer = new MessageFramer();
        const out = frame(framer, [pdu.subarray(0, i), pdu.subarray(i)]);
        assertFramed(out, [pdu]);
        assert.equal(framer.buffered, 0);
      }
    }
  });

  it('frames every corpus PDU split into three at every pair of boundaries', () => {
    for (const pdu of pdus.slice(0, 12)) {
      for (let i = 0; i <= pdu.length; i++) {
        for (let j = i; j <= pdu.length; j++) {
          const out = frame(new MessageFramer(), [pdu.subarray(0, i), pdu.subarray(i, j), pdu.subarray(j)]);
          assertFramed(out, [pdu]);
        }
      }
    }
  });

  it('frames the whole corpus as one stream split at every byte boundary', () => {
    for (let i = 0; i <= stream.length; i++) {
      const out = frame(new MessageFramer(), [stream.subarray(0, i), stream.subarray(i)]);
      assertFramed(out, pdus);
    }
  });

  it('frames the whole corpus fed one byte at a time', () => {
    const chunks = [...stream].map((b) => Buffer.from([b]));
    assertFramed(frame(new MessageFramer(), chunks), pdus);
  });

  it('hands out PDUs that lie inside a chunk as views, without copying', () => {
    const out = frame(new MessageFramer(), [stream]);
    for (const pdu of out) assert.equal(pdu.buffer, stream.buffer);
  });

  it('keeps a PDU that spanned chunks valid after later chunks arrive', () => {
    const framer = new MessageFramer();
    const first = pdus[0]!;
    const out = frame(framer, [
      first.subarray(0, 5),
      Buffer.concat([first.subarray(5), pdus[1]!.subarray(0, 3)]),
    ]);
    assert.equal(out.length, 1);
    const copy = Buffer.from(out[0]!);
    frame(framer, [pdus[1]!.subarray(3), stream]);
    assert.ok(out[0]!.equals(copy));
    assert.ok(out[0]!.equals(first));
  });

  it('frames a 1 MiB PDU delivered in 1,000-byte chunks', () => {
    const body = Buffer.alloc(1024 * 1024, 0x61);
    const header = Buffer.from([
      0x30,
      0x83,
      (body.length >> 16) & 0xff,
      (body.length >> 8) & 0xff,
      body.length & 0xff,
    ]);
    const pdu = Buffer.concat([header, body]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < pdu.length; i += 1000) chunks.push(pdu.subarray(i, i + 1000));
    const framer = new MessageFramer();
    let seen = 0;
    for (const c of chunks.slice(0, -1)) {
      framer.push(c, () => seen++);
      assert.ok(framer.buffered > 0);
    }
    const out = frame(framer, chunks.slice(-1));
    assert.equal(seen, 0);
    assert.equal(out.length, 1);
    assert.ok(out[0]!.equals(pdu));
  });

  it('rejects a PDU over the size limit as soon as its header arrives', () => {
    const framer = new MessageFramer({ maxPduSize: 100 });
    assert.throws(
      () => framer.push(Buffer.from([0x30, 0x81, 0x80, 0x02]), () => assert.fail('no PDU expected')),
      (e: unknown) =>
        LdapError.is(e) &&
        e.resultCode === ResultCode.protocolError &&
        /131 bytes exceeds the limit of 100/.test(e.message),
    );
    // The stream cannot be resynchronized: the framer stays failed.
    assert.throws(
      () => framer.push(pdus[0]!, () => {}),
      (e: unknown) => LdapError.is(e),
    );
  });

  it('defaults to a 10 MiB limit', () => {
    const framer = new MessageFramer();
    assert.equal(framer.maxPduSize, 10 * 1024 * 1024);
    // A header announcing exactly 10 MiB in total is accepted, one byte more is not.
    framer.push(Buffer.from([0x30, 0x83, 0x9f, 0xff, 0xfb]), () => {});
    assert.throws(
      () => new MessageFramer().push(Buffer.from([0x30, 0x83, 0x9f, 0xff, 0xfc]), () => {}),
      /exceeds the limit/,
    );
  });

  it('rejects a stream that does not start with a SEQUENCE', () => {
    assert.throws(
      () => new MessageFramer().push(Buffer.from([0x04, 0x00]), () => {}),
      /not an LDAPMessage: tag 0x4/,
    );
  });

  it('rejects indefinite and over-long lengths', () => {
    assert.throws(() => new MessageFramer().push(Buffer.from([0x30, 0x80]), () => {}), /indefinite length/);
    assert.throws(
      () => new MessageFramer().push(Buffer.from([0x30, 0x85, 0, 0, 0, 0, 1]), () => {}),
      /length of 5 octets/,
    );
  });

  it('reports the bytes held of an incomplete PDU', () => {
    const framer = new MessageFramer();
    assert.equal(framer.buffered, 0);
    framer.push(Buffer.from([0x30]), () => {});
    assert.equal(framer.buffered, 1);
    framer.push(Buffer.from([0x05, 0x02, 0x01]), () => {});
    assert.equal(framer.buffered, 4);
    const out = frame(framer, [Buffer.from([0x01, 0x42, 0x00])]);
    assert.equal(out.length, 1);
    assert.equal(framer.buffered, 0);
  });
});
