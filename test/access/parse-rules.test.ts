import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadRules, parseRules } from '../../src/access/index.ts';
import { env, parseError } from './rules-fixture.ts';

describe('parsing rules', () => {
  it('reads slapd.conf form: continuation lines, quotes, comments', () => {
    const set = loadRules(
      `# comment
access to dn.regex="^uid=([^,]+),ou=people,dc=example,dc=org$"
    attrs=cn,sn
  by dn.exact,expand="uid=$1,ou=people,dc=example,dc=org" write
  by users read continue
# a comment between rules
access to * by * none
`,
      env,
    );
    assert.equal(set.rules.length, 2);
    const [first] = set.rules;
    assert.equal(first?.line, 2);
    assert.equal(first?.by.length, 2);
    assert.equal(first?.by[1]?.control, 'continue');
    assert.equal(first?.what.dn?.style, 'regex');
  });

  it('takes one rule per item, with or without "access", and olcAccess ordering prefixes', () => {
    const set = parseRules(
      ['to * by users read', 'access to attrs=userPassword by self write', '{2}to * by * none'],
      env,
    );
    assert.equal(set.rules.length, 3);
    assert.equal(set.rules[2]?.index, 3);
  });

  it('names the rule, its line and what is wrong', () => {
    const cases: [string, RegExp][] = [
      [
        'access to * by * read\naccess to dn.sideways=dc=x by * read',
        /^access rule 2 \(line 2\): unknown dn style "sideways" in to clause$/,
      ],
      ['access to *', /rule 1 \(line 1\): no by clause\(s\) specified/],
      ['access to * by * reed', /rule 1 \(line 1\): expecting <access> got "reed"/],
      ['access to attrs=nosuchattr by * read', /unknown attr "nosuchattr" in to clause/],
      ['access to * by dnattr=cn read', /dnattr "cn": inappropriate syntax/],
      ['access to * by group/groupOfNames/cn=cn=x,dc=y read', /inappropriate syntax/],
      ['access to dn.base="not a dn" by * read', /bad DN "not a dn" in to DN clause/],
      ['access to filter=(cn=x by * read', /bad filter "\(cn=x" in to clause/],
      ['access to attrs=cn,sn val=x by * read', /attr val requires a single attribute/],
      ['access to * by set="this/nosuch & user" read', /unknown attribute type "nosuch"/],
      ['access to * by domain=example.com read', /"domain" in by clause is not supported by Linden/],
      ['access to * by ssf=abc read', /invalid ssf value/],
      ['access to "* by * read', /unterminated quoted string/],
      ['access to * by * read\n\n\naccess to * by', /rule 2 \(line 4\): premature end: expecting <who>/],
      ['access to * by dn.regex="(" read', /regular expression/],
    ];
    for (const [text, pattern] of cases) assert.match(parseError(text).message, pattern, text);
  });

  it('knows levels, privileges, and the self modifier', () => {
    const set = loadRules(
      'access to * by self =azx continue by users +rs break by anonymous -w by dn.base="cn=x,dc=y" selfwrite by * manage',
      env,
    );
    const modes = set.rules[0]!.by.map((b) => [b.access.mode, b.access.self]);
    assert.deepEqual(modes, [
      ['assign', false],
      ['add', false],
      ['subtract', false],
      ['assign', true],
      ['assign', false],
    ]);
  });

  it('gives a clause without access "+0" and "stop"', () => {
    const set = loadRules('access to * by anonymous by users read', env);
    const [first] = set.rules[0]!.by;
    assert.equal(first?.access.mode, 'add');
    assert.equal(first?.access.privs, 0);
    assert.equal(first?.control, 'stop');
  });
});
