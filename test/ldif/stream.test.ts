import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type LdifContentRecord, readLdif, writeLdif } from '../../src/ldif/index.ts';

// A dump of 200,000 entries written to a file and read back: the reader must
// hold one chunk and one record at a time (heap growth stays small however
// large the file) and go fast. Entries/s are reported as diagnostics.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const ENTRIES = 200_000;

function* entries(): Generator<LdifContentRecord> {
  for (let i = 0; i < ENTRIES; i++) {
    yield {
      kind: 'content',
      dn: `uid=user${i},ou=people,dc=example,dc=com`,
      line: 0,
      attributes: [
        {
          type: 'objectClass',
          values: [Buffer.from('top'), Buffer.from('person'), Buffer.from('inetOrgPerson')],
        },
        { type: 'uid', values: [Buffer.from(`user${i}`)] },
        { type: 'cn', values: [Buffer.from(`Üser Nümber ${i}`)] },
        { type: 'sn', values: [Buffer.from(`Number${i}`)] },
        { type: 'mail', values: [Buffer.from(`user${i}@example.com`)] },
        { type: 'description', values: [Buffer.from(`A fairly long description for entry ${i} `.repeat(3))] },
        { type: 'userPassword', values: [Buffer.from('{SSHA}q3gIQBwAH6KtvO1tUIfI/sW9B6tXTK9H')] },
      ],
    };
  }
}

it(`streams ${ENTRIES.toLocaleString('en')} entries through a file with bounded memory`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'linden-ldif-stream-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'dump.ldif');

  let start = performance.now();
  const out = createWriteStream(path);
  assert.equal(await writeLdif(entries(), out), ENTRIES);
  out.end();
  await finished(out);
  const writeSeconds = (performance.now() - start) / 1000;
  const size = statSync(path).size;

  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  let count = 0;
  let valueBytes = 0;
  start = performance.now();
  for await (const record of readLdif(createReadStream(path))) {
    assert.equal(record.kind, 'content');
    if (record.kind === 'content')
      for (const a of record.attributes) for (const v of a.values) valueBytes += v.length;
    if (++count % 20_000 === 0) {
      gc(); // what is retained, not garbage waiting for collection
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
  }
  const readSeconds = (performance.now() - start) / 1000;
  assert.equal(count, ENTRIES);
  assert.ok(valueBytes > 0);

  t.diagnostic(
    `file ${(size / 1e6).toFixed(1)} MB; write ${Math.round(ENTRIES / writeSeconds).toLocaleString('en')} entries/s; ` +
      `read ${Math.round(ENTRIES / readSeconds).toLocaleString('en')} entries/s ` +
      `(${(size / 1e6 / readSeconds).toFixed(0)} MB/s); peak retained heap growth while reading ${(peak / 1e6).toFixed(1)} MB`,
  );
  // Holding the file would retain well over its size; a stream retains about one chunk and one record.
  assert.ok(peak < 8e6, `heap grew ${peak} bytes for a ${size}-byte file`);
  assert.ok(readSeconds < 30, `read took ${readSeconds}s`);
});
