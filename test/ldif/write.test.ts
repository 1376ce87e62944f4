import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatLdifRecord,
  isSafeString,
  type LdifContentRecord,
  type LdifRecord,
  parseLdif,
  writeLdif,
} from '../../src/ldif/index.ts';
import { collect, fixture } from './helpers.ts';

function entry(dn: string, attributes: Record<string, (string | Buffer)[]>): LdifContentRecord {
  return {
    kind: 'content',
    dn,
    line: 0,
    attributes: Object.entries(attributes).map(([type, values]) => ({
      type,
      values: values.map((v) => (typeof v === 'string' ? Buffer.from(v) : v)),
    })),
  };
}

/** Records compare equal after a round trip except for `line`, which the reader sets. */
function withoutLines(records: LdifRecord[]): unknown[] {
  // Through JSON: plain objects whatever their prototype (fast-check makes null-prototype ones).
  return JSON.parse(JSON.stringify(records.map(({ line: _line, ...rest }) => rest)));
}

describe('isSafeString (RFC 2849 SAFE-STRING, printable ASCII only)', () => {
  it('accepts plain ASCII and refuses what must be base64', () => {
    assert.equal(isSafeString(Buffer.from('Barbara Jensen')), true);
    assert.equal(isSafeString(Buffer.from('a:b<c')), true);
    for (const unsafe of [
      ' lead',
      ':colon',
      '<less',
      'trail ',
      'nul\0',
      'tab\t',
      'del\x7f',
      'bell\x07',
      'cr\r',
      'lf\n',
      'héllo',
      '営業部',
    ]) {
      assert.equal(isSafeString(Buffer.from(unsafe)), false, JSON.stringify(unsafe));
    }
  });
});

describe('formatLdifRecord', () => {
  it('writes safe values as text and the rest as base64, as OpenLDAP does', () => {
    const text = formatLdifRecord(
      entry('ou=営業部,o=Airius', {
        ou: ['営業部'],
        description: [' padded', 'x '],
        cn: ['Sales'],
        seeAlso: [''],
      }),
    );
    assert.equal(
      text,
      'dn:: b3U95Za25qWt6YOoLG89QWlyaXVz\nou:: 5Za25qWt6YOo\ndescription:: IHBhZGRlZA==\ndescription:: eCA=\ncn: Sales\nseeAlso:\n\n',
    );
  });

  it('folds at 76 columns: first line 76, continuations a space and 75', () => {
    const value = 'x'.repeat(200);
    const text = formatLdifRecord(entry('cn=x', { description: [value] }));
    const lines = text.split('\n').slice(1, -2);
    assert.equal(lines[0]!.length, 76);
    for (const line of lines.slice(1)) {
      assert.ok(line.startsWith(' ') && line.length <= 76, JSON.stringify(line));
    }
    assert.equal(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join(''), `description: ${value}`);
    assert.deepEqual(parseLdif(text)[0], { ...entry('cn=x', { description: [value] }), line: 1 });
  });

  it('folds at any width and never with foldWidth 0', () => {
    const record = entry('cn=some long name,dc=example,dc=com', { description: ['abc '.repeat(50)] });
    for (const width of [2, 3, 10, 77, 0]) {
      const text = formatLdifRecord(record, { foldWidth: width });
      if (width > 0)
        for (const line of text.split('\n')) assert.ok(line.length <= width, `${width}: ${line}`);
      else assert.equal(text.split('\n').length, 4);
      assert.deepEqual(withoutLines(parseLdif(text)), withoutLines([record]));
    }
  });

  it('writes change records, and content records as adds when asked', () => {
    const text = fixture('rfc2849-example-6.ldif').replace(/^jpegphoto.*\n/m, '');
    const records = parseLdif(text);
    const written = records.map((r) => formatLdifRecord(r)).join('');
    assert.deepEqual(withoutLines(parseLdif(written)), withoutLines(records));
    assert.equal(
      formatLdifRecord(entry('cn=x', { cn: ['x'] }), { asChangeRecords: true }),
      'dn: cn=x\nchangetype: add\ncn: x\n\n',
    );
    const [withControl] = parseLdif(fixture('rfc2849-example-7.ldif'));
    assert.equal(
      formatLdifRecord(withControl!),
      'dn: ou=Product Development, dc=airius, dc=com\ncontrol: 1.2.840.113556.1.4.805 true\nchangetype: delete\n\n',
    );
  });

  it('refuses attribute names that would corrupt the output', () => {
    assert.throws(() => formatLdifRecord(entry('cn=x', { 'cn: y\ndn': ['x'] })), TypeError);
  });

  it('round-trips the RFC 2849 examples', () => {
    for (const n of [1, 2, 3, 4, 7]) {
      const records = parseLdif(fixture(`rfc2849-example-${n}.ldif`));
      const again = parseLdif(records.map((r) => formatLdifRecord(r)).join(''));
      assert.deepEqual(withoutLines(again), withoutLines(records), `example ${n}`);
    }
  });
});

// Random entries: unicode DNs, attribute descriptions with options, values of
// random bytes and random text, change records of every kind.
const attrName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,12}(;[a-zA-Z0-9-]{1,6}){0,2}$/);
const value = fc.oneof(
  fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => Buffer.from(s)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
);
const dn = fc.string({ unit: 'grapheme', maxLength: 60 });
const attributes = fc.uniqueArray(
  fc.record({ type: attrName, values: fc.array(value, { minLength: 1, maxLength: 4 }) }),
  {
    minLength: 1,
    maxLength: 6,
    selector: (a) => a.type.toLowerCase(),
  },
);
const controls = fc.array(
  fc.record(
    {
      oid: fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,5}){1,6}$/),
      critical: fc.boolean(),
      value,
    },
    { requiredKeys: ['oid', 'critical'] },
  ),
  { maxLength: 2 },
);
const record: fc.Arbitrary<LdifRecord> = fc.oneof(
  fc.record({ kind: fc.constant('content' as const), dn, attributes, line: fc.constant(0) }),
  fc.record({ kind: fc.constant('add' as const), dn, attributes, controls, line: fc.constant(0) }),
  fc.record({ kind: fc.constant('delete' as const), dn, controls, line: fc.constant(0) }),
  fc.record({
    kind: fc.constant('modify' as const),
    dn,
    controls,
    line: fc.constant(0),
    changes: fc.array(
      fc.record({
        operation: fc.constantFrom(
          'add' as const,
          'delete' as const,
          'replace' as const,
          'increment' as const,
        ),
        type: attrName,
        values: fc.array(value, { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
  }),
  fc.record(
    {
      kind: fc.constant('modrdn' as const),
      changetype: fc.constantFrom('modrdn' as const, 'moddn' as const),
      dn,
      newRdn: dn,
      deleteOldRdn: fc.boolean(),
      newSuperior: dn,
      controls,
      line: fc.constant(0),
    },
    { requiredKeys: ['kind', 'changetype', 'dn', 'newRdn', 'deleteOldRdn', 'controls', 'line'] },
  ),
);

describe('writer → reader round trip (fast-check)', () => {
  it('reads back what it writes, at any fold width, split into any chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 2, max: 100 }),
        fc.integer({ min: 1, max: 64 }),
        async (records, width, chunk) => {
          const out = new PassThrough();
          const pieces: Buffer[] = [];
          out.on('data', (b: Buffer) => pieces.push(b));
          await writeLdif(records, out, { foldWidth: width });
          const bytes = Buffer.concat(pieces);
          const chunks: Buffer[] = [];
          for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
          const read = await collect(chunks);
          assert.deepEqual(withoutLines(read), withoutLines(records));
          // Every written line is ASCII and within the width.
          for (const line of bytes.toString('latin1').split('\n')) {
            assert.ok(line.length <= width, line);
            assert.ok(!/[^\x20-\x7e]/.test(line), line);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('writeLdif', () => {
  it('waits for drain: never more than one batch ahead of a slow destination', async () => {
    let buffered = 0;
    let maxBuffered = 0;
    let produced = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        buffered += chunk.length;
        maxBuffered = Math.max(maxBuffered, buffered);
        setImmediate(() => {
          buffered -= chunk.length;
          done();
        });
      },
    });
    function* many() {
      for (let i = 0; i < 20_000; i++) {
        produced++;
        yield entry(`uid=user${i},ou=people,dc=example,dc=com`, { uid: [`user${i}`], cn: [`User ${i}`] });
      }
    }
    const count = await writeLdif(many(), slow);
    assert.equal(count, 20_000);
    assert.equal(produced, 20_000);
    assert.ok(maxBuffered < 200 * 1024, `buffered ${maxBuffered} bytes`);
  });

  it('rejects when the destination fails', async () => {
    const broken = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, done) {
        setImmediate(() => done(new Error('disk full')));
      },
    });
    broken.on('error', () => {});
    function* many() {
      for (let i = 0; i < 100_000; i++) yield entry(`cn=${i}`, { cn: [String(i)] });
    }
    await assert.rejects(writeLdif(many(), broken), /disk full|closed/);
  });

  it('writes version: 1 unless told not to', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (b: Buffer) => {
      text += b.toString();
    });
    await writeLdif([entry('cn=x', { cn: ['x'] })], out);
    assert.equal(text, 'version: 1\n\ndn: cn=x\ncn: x\n\n');
  });
});
