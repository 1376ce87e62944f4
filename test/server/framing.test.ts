/** PduFramer: every split point of a message stream, limits, bad headers, and peeking the id. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeMessage } from '../../src/protocol/index.ts';
import { type FramingError, PduFramer, peekHead } from '../../src/server/framing.ts';

const messages = [
  encodeMessage({
    messageId: 1,
    op: { type: 'extendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' },
    controls: [],
  }),
  encodeMessage({
    messageId: 300,
    op: { type: 'deleteRequest', entry: `cn=${'x'.repeat(200)}` },
    controls: [],
  }),
  encodeMessage({ messageId: 70000, op: { type: 'unbindRequest' }, controls: [] }),
];
const stream = Buffer.concat(messages);

function drain(framer: PduFramer, out: Buffer[]): void {
  for (let pdu = framer.next(); pdu; pdu = framer.next()) out.push(Buffer.from(pdu));
}

test('every two-way split of the stream yields the same PDUs', () => {
  for (let cut = 0; cut <= stream.length; cut++) {
    const framer = new PduFramer(1 << 20);
    const out: Buffer[] = [];
    framer.push(stream.subarray(0, cut));
    drain(framer, out);
    framer.push(stream.subarray(cut));
    drain(framer, out);
    assert.deepEqual(out, messages, `split at ${cut}`);
    assert.equal(framer.buffered, 0);
  }
});

test('one byte at a time yields the same PDUs', () => {
  const framer = new PduFramer(1 << 20);
  const out: Buffer[] = [];
  for (const byte of stream) {
    framer.push(Buffer.of(byte));
    drain(framer, out);
  }
  assert.deepEqual(out, messages);
});

test('a PDU over the limit is refused from its header, with its message id when readable', () => {
  const framer = new PduFramer(100);
  framer.push(messages[1]!.subarray(0, 8));
  assert.throws(
    () => framer.next(),
    (err: FramingError) => err.kind === 'oversize' && err.messageId === 300 && err.opTag === 0x4a,
  );
});

test('non-SEQUENCE tags and indefinite lengths are malformed', () => {
  const a = new PduFramer(1 << 20);
  a.push(Buffer.from('GET /'));
  assert.throws(
    () => a.next(),
    (err: FramingError) => err.kind === 'malformed',
  );
  const b = new PduFramer(1 << 20);
  b.push(Buffer.of(0x30, 0x80, 0x02, 0x01, 0x01));
  assert.throws(
    () => b.next(),
    (err: FramingError) => err.kind === 'malformed',
  );
});

test('peekHead reads the id and operation tag, and refuses negative ids', () => {
  assert.deepEqual(peekHead(messages[2]!), { messageId: 70000, opTag: 0x42 });
  assert.equal(peekHead(Buffer.of(0x30, 0x05, 0x02, 0x01, 0xff, 0x42, 0x00)).messageId, undefined);
});
