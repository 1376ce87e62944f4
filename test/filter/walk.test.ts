import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Filter } from '../../src/filter/index.ts';
import {
  filterAttributes,
  filterDepth,
  filterHasUnboundMatch,
  filterSize,
  parseFilter,
  walkFilter,
} from '../../src/filter/index.ts';

describe('walkFilter', () => {
  it('visits parents before children, left to right, with depths', () => {
    const seen: string[] = [];
    walkFilter(parseFilter('(&(a=1)(!(b=2))(|(c=3)))'), (f, depth) => {
      seen.push(`${depth}:${f.type}${'attribute' in f ? `:${f.attribute}` : ''}`);
      return true;
    });
    assert.deepEqual(seen, ['1:and', '2:equality:a', '2:not', '3:equality:b', '2:or', '3:equality:c']);
  });

  it('skips the children of a node when the visitor returns false', () => {
    const seen: string[] = [];
    walkFilter(parseFilter('(&(a=1)(!(b=2)))'), (f) => {
      seen.push(f.type);
      return f.type !== 'not';
    });
    assert.deepEqual(seen, ['and', 'equality', 'not']);
  });
});

describe('filterAttributes', () => {
  it('lists each tested attribute once, as first written', () => {
    const f = parseFilter(
      '(&(objectClass=person)(|(CN=a*)(cn>=b)(sn~=c))(!(mail=*))(member:1.2.3:=x)(:dn:1.2:=y))',
    );
    assert.deepEqual(filterAttributes(f), ['objectClass', 'CN', 'sn', 'mail', 'member']);
  });
  it('keeps options', () => {
    assert.deepEqual(filterAttributes(parseFilter('(|(cn;lang-en=x)(cn=y))')), ['cn;lang-en', 'cn']);
  });
  it('is empty for absolute true', () => {
    assert.deepEqual(filterAttributes(parseFilter('(&)')), []);
  });
});

describe('filterHasUnboundMatch', () => {
  it('finds extensible matches without an attribute or with :dn', () => {
    assert.equal(filterHasUnboundMatch(parseFilter('(&(a=1)(:1.2:=x))')), true);
    assert.equal(filterHasUnboundMatch(parseFilter('(|(a=1)(ou:dn:=x))')), true);
    assert.equal(filterHasUnboundMatch(parseFilter('(&(a=1)(cn:1.2:=x))')), false);
  });
});

describe('filterDepth and filterSize', () => {
  const cases: [string, number, number][] = [
    ['(a=1)', 1, 1],
    ['(!(a=1))', 2, 2],
    ['(&(a=1)(b=2))', 2, 3],
    ['(&(a=1)(|(b=2)(!(c=3))))', 4, 6],
    ['(&)', 1, 1],
  ];
  for (const [text, depth, size] of cases) {
    it(text, () => {
      const f = parseFilter(text);
      assert.equal(filterDepth(f), depth);
      assert.equal(filterSize(f), size);
    });
  }
  it('measure deep filters without recursion', () => {
    let f: Filter = { type: 'present', attribute: 'x' };
    for (let i = 0; i < 100_000; i++) f = { type: 'not', filter: f };
    assert.equal(filterDepth(f), 100_001);
    assert.equal(filterSize(f), 100_001);
  });
});
