import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Attribute, cloneEntry, type Entry } from '../../src/directory/entry.ts';
import {
  decodeEntry,
  EncodedSelection,
  encodedUserAttributes,
  encodeEntry,
  outsideSharedBlock,
  selectEncoded,
} from '../../src/directory/entry-codec.ts';
import { decodeMessage, encodeMessage } from '../../src/protocol/index.ts';

const returnable = (key: string): boolean =>
  key !== 'userpassword' && !key.startsWith('create') && !key.startsWith('pwd') && key !== 'entryuuid';

function entryOf(attrs: [string, Buffer[]][], dn = 'uid=a,dc=example,dc=org'): Entry {
  const attributes = new Map<string, Attribute>();
  for (const [type, values] of attrs) attributes.set(type.toLowerCase(), { type, values });
  return { id: 7, parentId: 3, dn, ndn: dn.toLowerCase(), attributes };
}

const plain = (e: Entry) =>
  [...e.attributes].map(([k, a]) => [k, a.type, a.values.map((v) => v.toString('hex'))]);

describe('the stored form of an entry', () => {
  it('round-trips any attributes and values, and keeps returnable ones before the rest', () => {
    const type = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,20}(;[a-z-]{1,8})?$/);
    const values = fc.array(
      fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u)),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(type, values), { selector: (t) => t[0].toLowerCase(), maxLength: 12 }),
        fc.string(),
        (attrs, dn) => {
          const e = entryOf(attrs, dn);
          const back = decodeEntry(7, 3, e.ndn, encodeEntry(e, returnable), returnable);
          assert.equal(back.dn, dn);
          const expected = [
            ...plain(e).filter(([k]) => returnable(k as string)),
            ...plain(e).filter(([k]) => !returnable(k as string)),
          ];
          assert.deepEqual(plain(back), expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the block is a valid PartialAttributeList: a SearchResultEntry built from it decodes to the user attributes', () => {
    const e = entryOf([
      ['objectClass', [Buffer.from('top'), Buffer.from('person')]],
      ['cn', [Buffer.from('Zoë'), Buffer.from('王小明')]],
      ['userPassword', [Buffer.from('{SSHA}x')]],
      ['jpegPhoto', [Buffer.alloc(70000, 7)]],
      ['createTimestamp', [Buffer.from('20260101000000Z')]],
    ]);
    const stored = encodedUserAttributes(encodeEntry(e, returnable))!;
    const framed = encodeMessage({
      messageId: 5,
      op: { type: 'searchResultEntry', objectName: stored.dn, attributes: [] },
      controls: [],
    });
    // Rebuild the PDU with the stored block as its attribute list.
    const w = Buffer.concat([
      framed.subarray(0, framed.length - 2),
      Buffer.from([0x30]),
      berLength(stored.block.length),
      stored.block,
    ]);
    const fixed = rewrap(w);
    const msg = decodeMessage(fixed);
    assert.equal(msg.op.type, 'searchResultEntry');
    const attrs = (msg.op as unknown as { attributes: { type: string; values: Buffer[] }[] }).attributes;
    assert.deepEqual(
      attrs.map((a) => [a.type, a.values.map((v) => v.toString())]),
      [
        ['objectClass', ['top', 'person']],
        ['cn', ['Zoë', '王小明']],
        ['jpegPhoto', [Buffer.alloc(70000, 7).toString()]],
      ],
    );
  });

  it('answers for userPassword and operational attributes without parsing the block, and parses it for anything else', () => {
    const e = entryOf([
      ['cn', [Buffer.from('A')]],
      ['userPassword', [Buffer.from('{SSHA}x')]],
    ]);
    const data = Buffer.from(encodeEntry(e, returnable));
    const back = decodeEntry(7, 3, e.ndn, data, returnable);
    // Corrupt the block: a lookup that needs it now fails, one that does not still works.
    const corrupted = Buffer.from(data);
    const blockStart = 1 + 1 + e.dn.length + 1;
    corrupted[blockStart] = 0x99;
    const lazy = decodeEntry(7, 3, e.ndn, corrupted, returnable);
    assert.equal(lazy.attributes.get('userpassword')?.values[0]?.toString(), '{SSHA}x');
    assert.equal(lazy.attributes.has('pwdaccountlockedtime'), false);
    assert.throws(() => lazy.attributes.get('cn'));
    // Mutation and iteration behave as a Map's.
    back.attributes.set('sn', { type: 'sn', values: [Buffer.from('B')] });
    back.attributes.delete('userpassword');
    assert.deepEqual([...back.attributes.keys()], ['cn', 'sn']);
    assert.equal(back.attributes.size, 2);
  });

  it('a copy of a stored entry changed outside the block keeps the block unparsed and encodes as a parsed one would', () => {
    const e = entryOf([
      ['cn', [Buffer.from('A'), Buffer.from('B')]],
      ['mail', [Buffer.from('a@example.org')]],
      ['createTimestamp', [Buffer.from('20261125000000Z')]],
    ]);
    const data = Buffer.from(encodeEntry(e, returnable));
    const stored = decodeEntry(7, 3, e.ndn, data, returnable);
    const copy = cloneEntry(stored);
    copy.attributes.set('entryuuid', { type: 'entryUUID', values: [Buffer.from('u-1')] });
    copy.attributes.delete('createtimestamp');
    // Only the parts outside the block differ between the two versions.
    const outside = outsideSharedBlock(stored.attributes, copy.attributes);
    assert.ok(outside);
    assert.deepEqual([...outside[0].keys()], ['createtimestamp']);
    assert.deepEqual([...outside[1].keys()], ['entryuuid']);
    // The original is untouched, and the copy encodes like the same entry built from scratch.
    assert.equal(stored.attributes.get('createtimestamp')?.values[0]?.toString(), '20261125000000Z');
    assert.equal(stored.attributes.has('entryuuid'), false);
    const fresh = entryOf([
      ['cn', [Buffer.from('A'), Buffer.from('B')]],
      ['mail', [Buffer.from('a@example.org')]],
      ['entryUUID', [Buffer.from('u-1')]],
    ]);
    assert.deepEqual(encodeEntry(copy, returnable), encodeEntry(fresh, returnable));
    assert.deepEqual(plain(copy), plain(fresh));
    // The block is copied, never parsed: a corrupted one goes through untouched.
    const corrupted = Buffer.from(data);
    corrupted[1 + 1 + e.dn.length + 1] = 0x99;
    const broken = cloneEntry(decodeEntry(7, 3, e.ndn, corrupted, returnable));
    broken.attributes.set('entryuuid', { type: 'entryUUID', values: [Buffer.from('u-2')] });
    const again = encodeEntry(broken, returnable);
    assert.equal(again.indexOf(corrupted.subarray(1, 1 + 1 + e.dn.length + 8)), 0 + 1);
    assert.equal(
      decodeEntry(7, 3, e.ndn, again, returnable).attributes.get('entryuuid')?.values[0]?.toString(),
      'u-2',
    );
    // Once the block is parsed (the copy was read whole above), it is no longer shared.
    assert.equal(outsideSharedBlock(stored.attributes, copy.attributes), undefined);
    const other = cloneEntry(stored);
    other.attributes.set('cn', { type: 'cn', values: [Buffer.from('C')] });
    assert.equal(outsideSharedBlock(stored.attributes, other.attributes), undefined);
  });

  it('picks named attributes (options included) out of the block, in stored order', () => {
    const e = entryOf([
      ['cn', [Buffer.from('A')]],
      ['cn;lang-fr', [Buffer.from('Ä')]],
      ['mail', [Buffer.from('a@x')]],
      ['sn', [Buffer.from('S')]],
      ['givenName', [Buffer.from('G')]],
    ]);
    const { block } = encodedUserAttributes(encodeEntry(e, returnable))!;
    const picked = selectEncoded(block, new EncodedSelection(['cn', 'sn', 'GivenName']));
    const back = decodeEntry(
      7,
      3,
      e.ndn,
      Buffer.concat([Buffer.from([2, 1, 0x78]), Buffer.from([picked.length]), picked, Buffer.from([0])]),
    );
    assert.deepEqual([...back.attributes.keys()], ['cn', 'cn;lang-fr', 'sn', 'givenname']);
    assert.equal(selectEncoded(block, new EncodedSelection(['nothing'])).length, 0);
    // Same length, other letters: not picked.
    assert.equal(selectEncoded(block, new EncodedSelection(['ct', 'mails'])).length, 0);
  });

  it('still reads entries stored in version 1', () => {
    const v1 = Buffer.from([1, 3, 0x61, 0x3d, 0x62, 1, 2, 0x63, 0x6e, 1, 1, 0x58]);
    const back = decodeEntry(1, 0, 'a=b', v1);
    assert.equal(back.dn, 'a=b');
    assert.deepEqual(plain(back), [['cn', 'cn', ['58']]]);
    assert.equal(encodedUserAttributes(v1), undefined);
  });
});

function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Recompute the outer lengths of a SearchResultEntry PDU whose attribute list was replaced. */
function rewrap(pdu: Buffer): Buffer {
  // LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp [APPLICATION 4] … }
  let o = 1;
  o += pdu[o]! < 0x80 ? 1 : 1 + (pdu[o]! & 0x7f);
  const idLen = pdu[o + 1]!;
  const idEnd = o + 2 + idLen;
  let p = idEnd + 1;
  p += pdu[p]! < 0x80 ? 1 : 1 + (pdu[p]! & 0x7f);
  const opBody = pdu.subarray(p);
  const op = Buffer.concat([Buffer.from([0x64]), berLength(opBody.length), opBody]);
  const body = Buffer.concat([pdu.subarray(o, idEnd), op]);
  return Buffer.concat([Buffer.from([0x30]), berLength(body.length), body]);
}
