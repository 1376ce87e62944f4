import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AccessRuleError, loadRules } from '../../src/access/index.ts';
import { env } from './rules-fixture.ts';

/** Words rules are made of, so that random rules get past the first word often. */
const word = fc.oneof(
  fc.constantFrom(
    'access',
    'to',
    'by',
    '*',
    'self',
    'users',
    'anonymous',
    'read',
    'write',
    'selfwrite',
    '=rsc',
    '+w',
    '-z',
    'stop',
    'continue',
    'break',
    'none',
  ),
  fc.constantFrom(
    'dn.base=',
    'dn.regex=',
    'dn.subtree="dc=x"',
    'attrs=',
    'attrs=cn,entry',
    'filter=(cn=*)',
    'val.regex=',
    'group=',
    'set=',
    'dnattr=owner',
    'ssf=',
    'peername.ip=',
  ),
  fc.string({ maxLength: 12 }),
);

describe('rule parser properties', () => {
  it('random text either parses or fails with an AccessRuleError naming the rule', () => {
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 12 }), { maxLength: 4 }), (lines) => {
        const text = lines.map((l) => l.join(' ')).join('\n');
        try {
          loadRules(text, env);
        } catch (e) {
          assert.ok(e instanceof AccessRuleError, `${String(e)} for ${JSON.stringify(text)}`);
          assert.match(e.message, /^access rule \d+/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
