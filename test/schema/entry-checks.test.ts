import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResultCode } from '../../src/protocol/result-code.ts';
import { checkEntry, type SchemaEntry, structuralObjectClass } from '../../src/schema/index.ts';
import { registry } from './default-schema.ts';

function entry(attrs: Record<string, string[]>): SchemaEntry {
  return {
    attributes: new Map(
      Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v.map((s) => Buffer.from(s))]),
    ),
  };
}

const person = {
  objectClass: ['inetOrgPerson', 'person', 'mozilliansPerson'],
  displayName: ['Scott Wingfield'],
  cn: ['Scott Wingfield'],
  sn: ['Wingfield'],
  uniqueIdentifier: ['7f3a67u000000'],
  uid: ['u000000'],
  mail: ['u000000@mozillians.org'],
  telephoneNumber: ['+44 1234 567000'],
};

describe('structuralObjectClass', () => {
  it('picks the most derived structural class', () => {
    assert.equal(
      structuralObjectClass(registry, ['top', 'person', 'inetOrgPerson', 'posixAccount']).name,
      'inetOrgPerson',
    );
  });
  const bad: [string[], string][] = [
    [[], 'no objectClass attribute'],
    [['posixAccount'], 'no structural object class provided'],
    [['person', 'groupOfNames'], 'invalid structural object class chain (person/groupOfNames)'],
    [['person', 'nosuchClass'], "unrecognized objectClass 'nosuchClass'"],
  ];
  for (const [classes, message] of bad) {
    it(`rejects [${classes.join(', ')}]: ${message}`, () => {
      assert.throws(
        () => structuralObjectClass(registry, classes),
        (e: unknown) =>
          (e as { resultCode: number }).resultCode === ResultCode.objectClassViolation &&
          (e as Error).message === message,
      );
    });
  }
});

describe('checkEntry', () => {
  it('accepts the Mozillians person and group entries', () => {
    assert.equal(checkEntry(registry, entry(person)), undefined);
    const group = entry({
      objectClass: ['mozilliansGroup'],
      uniqueIdentifier: ['ab83c301007f'],
      owner: ['uniqueIdentifier=7f3a67u000002,ou=people,dc=mozillians,dc=org'],
      cn: ['Dinosaur Food Group', 'Dinofood'],
      displayName: ['Dinosaur Food Group'],
      member: ['uniqueIdentifier=7f3a67u000002,ou=people,dc=mozillians,dc=org'],
    });
    assert.equal(checkEntry(registry, group), undefined);
  });

  it('accepts a posixAccount user and an ou', () => {
    const user = entry({
      objectClass: ['inetOrgPerson', 'posixAccount', 'shadowAccount'],
      cn: ['A'],
      sn: ['B'],
      uid: ['ab'],
      uidNumber: ['1000'],
      gidNumber: ['1000'],
      homeDirectory: ['/home/ab'],
    });
    assert.equal(checkEntry(registry, user), undefined);
    assert.equal(
      checkEntry(registry, entry({ objectClass: ['organizationalUnit'], ou: ['users'] })),
      undefined,
    );
  });

  const cases: [string, Record<string, string[]>, number, string][] = [
    [
      'a missing MUST',
      { ...person, sn: [] },
      ResultCode.objectClassViolation,
      "object class 'inetOrgPerson' requires attribute 'sn'",
    ],
    [
      'an attribute no class allows',
      { ...person, gecos: ['x'] },
      ResultCode.objectClassViolation,
      "attribute 'gecos' not allowed",
    ],
    [
      'an unknown attribute',
      { ...person, foo: ['x'] },
      ResultCode.undefinedAttributeType,
      'foo: attribute type undefined',
    ],
    [
      'two values of a SINGLE-VALUE attribute',
      { ...person, displayName: ['a', 'b'] },
      ResultCode.constraintViolation,
      'displayName: multiple values provided',
    ],
    [
      'a value invalid for the syntax',
      { ...person, mail: ['ü@x'] },
      ResultCode.invalidAttributeSyntax,
      'mail: value #0 invalid per syntax',
    ],
    [
      'a repeated value',
      { ...person, cn: ['Scott', 'SCOTT'] },
      ResultCode.attributeOrValueExists,
      'cn: value #1 provided more than once',
    ],
    [
      'a NO-USER-MODIFICATION attribute',
      { ...person, memberOf: ['cn=g,dc=x'] },
      ResultCode.constraintViolation,
      'memberOf: no user modification allowed',
    ],
    ['no objectClass', { cn: ['x'] }, ResultCode.objectClassViolation, 'no objectClass attribute'],
  ];
  for (const [what, attrs, code, message] of cases) {
    it(`rejects ${what}`, () => {
      const err = checkEntry(registry, entry(attrs));
      assert.ok(err);
      assert.equal(err.resultCode, code);
      assert.equal(err.message, message);
    });
  }

  it('lets the directory stamp operational attributes', () => {
    const e = entry({ ...person, createTimestamp: ['20240101120000Z'], memberOf: ['cn=g,dc=x'] });
    assert.equal(checkEntry(registry, e, { userModification: false }), undefined);
  });

  it('allows any user attribute with extensibleObject', () => {
    const e = entry({
      objectClass: ['device', 'extensibleObject'],
      cn: ['printer'],
      gecos: ['x'],
      mail: ['a@b'],
    });
    assert.equal(checkEntry(registry, e), undefined);
  });

  it('accepts attribute names given as aliases or OIDs', () => {
    const e = entry({ objectClass: ['person'], commonName: ['a'], '2.5.4.4': ['b'] });
    assert.equal(checkEntry(registry, e), undefined);
  });
});
