import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LdifError, parseLdif } from '../../src/ldif/index.ts';
import { collect, fixture, texts } from './helpers.ts';

describe('readLdif', () => {
  it('gives the same records for every way of splitting the input into chunks', async () => {
    const text = `${fixture('rfc2849-example-4.ldif')}\n${fixture('rfc2849-example-2.ldif').replace('version: 1\n', '')}`;
    const bytes = Buffer.from(text.replaceAll('\n', '\r\n'));
    const whole = parseLdif(bytes);
    assert.equal(whole.length, 3);
    for (let cut = 1; cut < bytes.length; cut++) {
      const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)];
      assert.deepEqual(await collect(pieces), whole, `split at ${cut}`);
    }
    // One byte at a time.
    const single = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    assert.deepEqual(await collect(single), whole);
  });

  it('reads CRLF and LF line ends alike', () => {
    const lf = fixture('rfc2849-example-6.ldif').replace(/^jpegphoto.*\n/m, '');
    assert.deepEqual(parseLdif(lf.replaceAll('\n', '\r\n')), parseLdif(lf));
  });

  it('unfolds lines folded at odd places, including inside base64 and the attribute name', () => {
    const [record] = parseLdif(
      'd\n n: cn=a\n  b,dc=x\ncn\n :\n  a b\ndescr\n iption:: aMOp\n bGxv\nmail:x@\n y\n\n',
    );
    assert.equal(record!.dn, 'cn=a b,dc=x');
    assert.deepEqual(texts(record!), { cn: ['a b'], description: ['héllo'], mail: ['x@y'] });
  });

  it('joins continuation lines by dropping exactly one space', () => {
    const [record] = parseLdif('dn: cn=x\ndescription: a\n   b\n');
    assert.deepEqual(texts(record!).description, ['a  b']);
  });

  it('ignores comments anywhere, folded ones included', () => {
    const records = parseLdif(
      '# head\n#  folded\n  comment\nversion: 1\n\n# before\ndn: cn=x\n# inside\ncn: x\n#tail\n\n\n# end',
    );
    assert.equal(records.length, 1);
    assert.deepEqual(texts(records[0]!), { cn: ['x'] });
  });

  it('accepts version: 1 directly followed by a record, a BOM, and no final line end', () => {
    const records = parseLdif('\ufeffversion: 1\ndn: cn=x\ncn: x');
    assert.equal(records.length, 1);
    assert.equal(records[0]!.line, 2);
  });

  it('keeps attribute options and groups values case-insensitively in first-seen order', () => {
    const [record] = parseLdif('dn: cn=x\ncn: a\nCN;lang-en: b\ncn;lang-en: c\nCn: d\n2.5.4.4: s\n');
    assert.ok(record!.kind === 'content');
    assert.deepEqual(
      record!.attributes.map((a) => [a.type, a.values.map(String)]),
      [
        ['cn', ['a', 'd']],
        ['CN;lang-en', ['b', 'c']],
        ['2.5.4.4', ['s']],
      ],
    );
  });

  it('reads empty values, values with spaces, and binary base64', () => {
    const [record] = parseLdif('dn:\nseeAlso:\ncn:   padded  \nphoto:: AAH/\n');
    assert.equal(record!.dn, '');
    assert.ok(record!.kind === 'content');
    const [seeAlso, cn, photo] = record!.attributes;
    assert.deepEqual(seeAlso!.values, [Buffer.alloc(0)]);
    assert.equal(cn!.values[0]!.toString(), 'padded  ');
    assert.deepEqual(photo!.values[0], Buffer.from([0, 1, 255]));
  });

  it('reads controls with and without values', () => {
    const [record] = parseLdif(
      'dn: cn=x\ncontrol: 1.2.3\ncontrol: 1.2.4 false: text value\ncontrol: 1.2.5 true:: AAE=\ncontrol: 1.2.6:\nchangetype: delete\n',
    );
    assert.ok(record!.kind === 'delete');
    assert.deepEqual(record!.controls, [
      { oid: '1.2.3', critical: false },
      { oid: '1.2.4', critical: false, value: Buffer.from('text value') },
      { oid: '1.2.5', critical: true, value: Buffer.from([0, 1]) },
      { oid: '1.2.6', critical: false, value: Buffer.alloc(0) },
    ]);
  });

  it('reads moddn, increment, a modify without the final dash, and a base64 newrdn', () => {
    const records = parseLdif(
      'dn: cn=a\nchangetype: moddn\nnewrdn:: Y249w6k=\ndeleteoldrdn: 0\n\ndn: cn=b\nchangetype: modify\nincrement: uidNumber\nuidNumber: 1\n',
    );
    assert.ok(records[0]!.kind === 'modrdn');
    assert.equal(records[0]!.changetype, 'moddn');
    assert.equal(records[0]!.newRdn, 'cn=é');
    assert.ok(records[1]!.kind === 'modify');
    assert.deepEqual(records[1]!.changes, [
      { operation: 'increment', type: 'uidNumber', values: [Buffer.from('1')] },
    ]);
  });

  it('reads file URLs when allowed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linden-ldif-'));
    const path = join(dir, 'photo one.jpg');
    writeFileSync(path, Buffer.from([0xff, 0xd8, 0xff]));
    const text = `dn: cn=x\njpegPhoto:< ${pathToFileURL(path).href}\n`;
    const [record] = await collect(text, { allowFileUrls: true });
    assert.deepEqual(
      record!.kind === 'content' && record!.attributes[0]!.values[0],
      Buffer.from([0xff, 0xd8, 0xff]),
    );
    assert.deepEqual(parseLdif(text, { allowFileUrls: true }), [record]);
    assert.throws(
      () => parseLdif('dn: cn=x\nphoto:< http://example.com/a.jpg\n', { allowFileUrls: true }),
      /line 2: unsupported URL scheme "http:"/,
    );
  });

  it('streams from a Readable', async () => {
    const stream = Readable.from([Buffer.from('dn: cn=a\ncn: a\n\nd'), Buffer.from('n: cn=b\ncn: b\n')]);
    assert.deepEqual(
      (await collect(stream)).map((r) => r.dn),
      ['cn=a', 'cn=b'],
    );
  });
});

describe('LDIF errors name the line and the records read before', () => {
  const cases: [name: string, text: string, line: number, message: RegExp, before?: number][] = [
    ['no colon', 'dn: cn=x\ncn: x\nthis is not ldif\n', 3, /expected 'attr: value', got "this is not ldif"/],
    ['record not starting with dn', 'cn: x\n', 1, /expected 'dn:' to start a record, got "cn: x"/],
    ['dn only', 'dn: cn=a\ncn: a\n\ndn: cn=x\n', 4, /record has a dn but no attributes/, 1],
    ['bad attribute description', 'dn: cn=x\nc n: x\n', 2, /invalid attribute description "c n"/],
    ['bad option', 'dn: cn=x\ncn;: x\n', 2, /invalid attribute description "cn;"/],
    ['bad base64 value', 'dn: cn=x\ncn:: ab$c\n', 2, /invalid base64 in value of cn/],
    ['base64 with a bad length', 'dn: cn=x\ncn:: abcde\n', 2, /invalid base64/],
    ['bad base64 dn', 'dn:: %%%\ncn: x\n', 1, /invalid base64 in dn/],
    ['dn not UTF-8', 'dn:: /w==\ncn: x\n', 1, /dn is not valid UTF-8/],
    ['dn as URL', 'dn:< file:///etc/passwd\ncn: x\n', 1, /dn cannot be given as a URL/],
    ['continuation first', ' dn: cn=x\n', 1, /continuation line .* with no line to continue/],
    ['continuation after blank', 'dn: cn=a\ncn: a\n\n cn=x\n', 4, /continuation line/, 1],
    ['bad version', 'version: 2\ndn: cn=x\ncn: x\n', 1, /unsupported LDIF version "2"/],
    ['unknown changetype', 'dn: cn=x\nchangetype: rename\n', 2, /unknown changetype "rename"/],
    [
      'delete with lines',
      'dn: cn=x\nchangetype: delete\ncn: x\n',
      3,
      /unexpected line after 'changetype: delete'/,
    ],
    ['add without attributes', 'dn: cn=x\nchangetype: add\n', 2, /'changetype: add' with no attributes/],
    [
      'modify bad head',
      'dn: cn=x\nchangetype: modify\nput: cn\n',
      3,
      /expected 'add:', 'delete:', 'replace:' or 'increment:'/,
    ],
    [
      'modify wrong attribute',
      'dn: cn=x\nchangetype: modify\nadd: cn\nsn: y\n-\n',
      4,
      /expected 'cn: value' or '-' in the add: block/,
    ],
    ['modify bad type', 'dn: cn=x\nchangetype: modify\nadd: c n\n', 3, /invalid attribute description "c n"/],
    [
      'modrdn without newrdn',
      'dn: cn=x\nchangetype: modrdn\n',
      2,
      /missing 'newrdn:' after 'changetype: modrdn'/,
    ],
    [
      'modrdn wrong line',
      'dn: cn=x\nchangetype: modrdn\nnewrdn: cn=y\ndeleteOld: 1\n',
      4,
      /expected 'deleteoldrdn:'/,
    ],
    [
      'deleteoldrdn not 0/1',
      'dn: cn=x\nchangetype: modrdn\nnewrdn: cn=y\ndeleteoldrdn: yes\n',
      4,
      /deleteoldrdn must be 0 or 1/,
    ],
    [
      'modrdn extra line',
      'dn: cn=x\nchangetype: modrdn\nnewrdn: cn=y\ndeleteoldrdn: 1\nnewsuperior: o=z\ncn: q\n',
      6,
      /unexpected line in a modrdn record/,
    ],
    [
      'control without changetype',
      'dn: cn=x\ncontrol: 1.2.3\ncn: x\n',
      2,
      /expected 'changetype:' after 'control:' lines/,
    ],
    [
      'bad control',
      'dn: cn=x\ncontrol: not-an-oid\nchangetype: delete\n',
      2,
      /expected 'control: oid \[true\|false\] \[value\]'/,
    ],
    ['URL not allowed', 'dn: cn=x\nphoto:< file:///etc/passwd\n', 2, /URL values are not allowed/],
    ['bad URL', 'dn: cn=x\nphoto:< ::nope\n', 2, /invalid URL/],
  ];

  for (const [name, text, line, message, before = 0] of cases) {
    it(`${name}: line ${line}`, async () => {
      const check = (e: unknown) => {
        assert.ok(LdifError.is(e), String(e));
        assert.equal(e.line, line, e.message);
        assert.match(e.message, new RegExp(`^line ${line}: `));
        assert.match(e.message, message);
        assert.equal(e.recordsBefore, before);
        return true;
      };
      const options = name === 'bad URL' ? { allowFileUrls: true } : {};
      assert.throws(() => parseLdif(text, options), check);
      await assert.rejects(collect(text, options), check);
    });
  }

  it('counts lines across folds and CRLF', async () => {
    const text = 'dn: cn=a\r\ncn: a\r\n b\r\n\r\ndn: cn=b\r\ncn: b\r\noops\r\n';
    await assert.rejects(
      collect(text),
      (e: unknown) => LdifError.is(e) && e.line === 7 && e.recordsBefore === 1,
    );
  });

  it('refuses a line longer than the limit', async () => {
    const text = `dn: cn=x\ndescription: ${'a'.repeat(1000)}\n`;
    await assert.rejects(
      collect([text.slice(0, 500), text.slice(500)], { maxLineLength: 100 }),
      (e: unknown) => LdifError.is(e) && e.line === 2 && /longer than 100 bytes/.test(e.message),
    );
    assert.throws(
      () => parseLdif(`dn: cn=x\ndescription: a\n${' b'.repeat(100)}\n`, { maxLineLength: 100 }),
      /line 2: line longer than 100 bytes/,
    );
  });
});
