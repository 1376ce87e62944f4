import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  compileRules,
  DEFAULT_RULES_TEXT,
  explain,
  formatExplanation,
  loadRules,
  RulesAccessPolicy,
} from '../../src/access/index.ts';
import { AccessLevel } from '../../src/directory/access-policy.ts';
import { can, entry, env, schema, view } from './rules-fixture.ts';

const ALICE = 'uid=alice,ou=people,dc=example,dc=org';
const alice = entry(ALICE, {
  objectClass: ['inetOrgPerson'],
  uid: ['alice'],
  cn: ['Alice'],
  sn: ['A'],
  mail: ['a@example.org'],
  userPassword: ['{SSHA}x'],
});

describe('explain', () => {
  const rules = loadRules(
    `access to attrs=userPassword
    by self write
    by anonymous auth
access to dn.subtree="dc=example,dc=org" attrs=cn
    by * =cs break
access to *
    by users read
`,
    env,
  );

  it('names the rule and clause that decided, and the privileges', async () => {
    const [cn] = await explain(rules, env, { as: 'uid=bob,dc=example,dc=org', entry: alice, attr: 'cn' });
    assert.equal(cn?.level, 'read');
    assert.equal(cn?.privileges, '=rscxd');
    assert.equal(cn?.decision.rule?.index, 3);
    assert.equal(cn?.decision.clauseIndex, 1);
    assert.deepEqual(
      cn?.decision.steps.map((s) => [s.rule.index, s.clause, s.control]),
      [
        [2, 1, 'break'],
        [3, 1, 'stop'],
      ],
    );
  });

  it('prints like slapacl, one line per attribute', async () => {
    const out = formatExplanation(
      'anonymous',
      ALICE,
      await explain(rules, env, { as: 'anonymous', entry: alice }),
    );
    assert.equal(
      out,
      [
        'authcDN: ""',
        `entry: "${ALICE}"`,
        'entry: none(=0)  # rule 3 (line 6) "to *", no clause matched: implicit "by * none"',
        'children: none(=0)  # rule 3 (line 6) "to *", no clause matched: implicit "by * none"',
        'objectclass: none(=0)  # rule 3 (line 6) "to *", no clause matched: implicit "by * none"',
        'uid: none(=0)  # rule 3 (line 6) "to *", no clause matched: implicit "by * none"',
        'cn: none(=0)  # rule 3 (line 6) "to *", no clause matched: implicit "by * none"',
        'sn: none(=0)  # rule 3 (line 6) "to *", no clause matched: implicit "by * none"',
        'mail: none(=0)  # rule 3 (line 6) "to *", no clause matched: implicit "by * none"',
        'userpassword: auth(=xd)  # rule 1 (line 1) "to attrs=userPassword", clause 2 "by anonymous auth"',
        '',
      ].join('\n'),
    );
  });

  it('says when no rule matched', async () => {
    const none = loadRules('access to dn.base="dc=other" by * read', env);
    const out = formatExplanation(
      ALICE,
      ALICE,
      await explain(none, env, { as: ALICE, entry: alice, attr: 'cn', value: 'Alice' }),
    );
    assert.match(out, /^cn=Alice: none\(=0\) {2}# no rule matched: default deny$/m);
  });
});

describe('the default rules', () => {
  it('parse, and are what the documentation says', async () => {
    const set = compileRules(schema);
    assert.equal(set.source, 'default');
    assert.equal(set.rules.length, 4);
    assert.match(DEFAULT_RULES_TEXT, /access to attrs=userPassword/);
  });

  it('are printed verbatim in docs/access-control.md', () => {
    const doc = readFileSync(new URL('../../docs/access-control.md', import.meta.url), 'utf8');
    const rules = DEFAULT_RULES_TEXT.split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .join('\n');
    assert.ok(doc.includes(rules), 'the documented built-in rules differ from DEFAULT_RULES_TEXT');
  });

  it('userPassword: self writes, anonymous binds, nobody reads', async () => {
    const text = DEFAULT_RULES_TEXT;
    assert.equal(can(await view(text, ALICE), alice, 'userpassword', 'write'), true);
    assert.equal(can(await view(text, ''), alice, 'userpassword', 'auth'), true);
    assert.equal(can(await view(text, ''), alice, 'userpassword', 'compare'), false);
    assert.equal(can(await view(text, 'uid=bob,dc=example,dc=org'), alice, 'userpassword', 'read'), false);
    assert.equal(
      can(await view(text, ALICE), alice, 'userpassword', 'read'),
      true,
      'self write includes read, though the directory never returns password values',
    );
  });

  it('anonymous: search-then-bind only', async () => {
    const v = await view(DEFAULT_RULES_TEXT, '');
    assert.equal(can(v, alice, 'entry', 'read'), true);
    for (const a of ['objectclass', 'uid', 'mail']) {
      assert.equal(can(v, alice, a, 'search'), true, a);
      assert.equal(can(v, alice, a, 'read'), false, a);
    }
    assert.equal(can(v, alice, 'cn', 'search'), false);
  });

  it('users read everything else and write nothing', async () => {
    const v = await view(DEFAULT_RULES_TEXT, 'uid=bob,dc=example,dc=org');
    assert.equal(can(v, alice, 'cn', 'read'), true);
    assert.equal(can(v, alice, 'cn', 'write', 'x', 'add'), false);
    assert.equal(can(v, alice, 'children', 'write', undefined, 'add'), false);
  });
});

describe('reloading', () => {
  it('swaps the rule set atomically; a prepared view keeps the set it started with', async () => {
    const policy = new RulesAccessPolicy(env, compileRules(schema, ['access to * by * read']));
    const requester = { dn: '', ndn: '', ssf: 0 };
    const before = await policy.prepare(requester, async () => undefined);
    policy.replace(compileRules(schema, 'access to * by * none\n', 'rules.conf'));
    const after = await policy.prepare(requester, async () => undefined);
    const q = { entry: alice, attribute: 'cn', level: AccessLevel.read } as const;
    assert.equal(before.can(q), true);
    assert.equal(after.can(q), false);
    assert.equal(policy.rules.source, 'rules.conf');
  });

  it('a rule set that does not parse leaves the current one in place', () => {
    const policy = new RulesAccessPolicy(env, compileRules(schema));
    assert.throws(
      () => policy.replace(compileRules(schema, 'access to * by * bogus\n')),
      /access rule 1 \(line 1\): expecting <access> got "bogus"/,
    );
    assert.equal(policy.rules.source, 'default');
  });
});
