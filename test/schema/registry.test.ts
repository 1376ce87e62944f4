import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_SCHEMA_FILES,
  loadSchemaFile,
  parseSchemaFile,
  SchemaBuilder,
  SchemaError,
} from '../../src/schema/index.ts';
import { registry } from './default-schema.ts';

describe('SchemaRegistry lookups', () => {
  it('finds attribute types by any name, case-insensitively, by OID, and with options', () => {
    const cn = registry.attributeType('cn');
    assert.ok(cn);
    assert.equal(registry.attributeType('COMMONNAME'), cn);
    assert.equal(registry.attributeType('2.5.4.3'), cn);
    assert.equal(registry.attributeType('cn;lang-en'), cn);
    assert.equal(registry.attributeType('nosuch'), undefined);
  });

  it('inherits syntax and matching rules from SUP (RFC 4512 §2.5.1)', () => {
    const member = registry.attributeType('member')!;
    assert.equal(member.sup?.name, 'distinguishedName');
    assert.equal(member.syntax.oid, '1.3.6.1.4.1.1466.115.121.1.12');
    assert.equal(member.equality?.name, 'distinguishedNameMatch');
    assert.ok(member.isSubtypeOf(registry.attributeType('distinguishedName')!));
    const c = registry.attributeType('c')!;
    assert.equal(c.syntax.oid, '1.3.6.1.4.1.1466.115.121.1.11', 'own SYNTAX overrides SUP');
    assert.equal(c.equality?.name, 'caseIgnoreMatch');
  });

  it('resolves object class chains, kinds and MUST/MAY closure', () => {
    const inet = registry.objectClass('inetorgperson')!;
    assert.equal(inet.kind, 'STRUCTURAL');
    assert.deepEqual([...inet.superclasses].map((c) => c.name).sort(), [
      'inetOrgPerson',
      'organizationalPerson',
      'person',
      'top',
    ]);
    assert.deepEqual([...inet.allMust].map((a) => a.name).sort(), ['cn', 'objectClass', 'sn']);
    assert.ok([...inet.allMay].some((a) => a.name === 'mail'));
    assert.ok([...inet.allMay].some((a) => a.name === 'telephoneNumber'));
    assert.equal(registry.objectClass('posixAccount')!.kind, 'AUXILIARY');
    assert.equal(registry.objectClass('top')!.kind, 'ABSTRACT');
  });

  it('has the operational attributes the directory maintains', () => {
    for (const name of [
      'createTimestamp',
      'modifyTimestamp',
      'creatorsName',
      'modifiersName',
      'entryUUID',
      'entryDN',
      'structuralObjectClass',
      'hasSubordinates',
      'subschemaSubentry',
      'pwdFailureTime',
      'pwdAccountLockedTime',
      'namingContexts',
      'supportedControl',
      'supportedExtension',
      'supportedLDAPVersion',
      'supportedSASLMechanisms',
      'vendorName',
      'vendorVersion',
      'entryCSN',
      'objectClasses',
      'attributeTypes',
      'ldapSyntaxes',
      'matchingRules',
      'matchingRuleUse',
    ]) {
      assert.ok(registry.attributeType(name)?.operational, name);
    }
    const memberOf = registry.attributeType('memberOf')!;
    assert.equal(memberOf.usage, 'dSAOperation');
    assert.equal(memberOf.noUserModification, true);
    for (const name of [
      'subschema',
      'extensibleObject',
      'groupOfNames',
      'groupOfUniqueNames',
      'organizationalUnit',
      'dcObject',
      'uidObject',
      'simpleSecurityObject',
      'applicationProcess',
      'device',
      'organizationalRole',
      'posixAccount',
      'posixGroup',
      'shadowAccount',
      'mozilliansPerson',
      'mozilliansGroup',
    ]) {
      assert.ok(registry.objectClass(name), name);
    }
  });

  it('maps names to OIDs for objectIdentifierMatch', () => {
    assert.equal(registry.resolveOid('inetOrgPerson'), '2.16.840.1.113730.3.2.2');
    assert.equal(registry.resolveOid('1.2.3'), '1.2.3');
    assert.equal(registry.resolveOid('nosuch'), undefined);
  });

  it('accepts anything for a syntax OID it does not know', () => {
    const s = registry.syntax('1.2.3.4.5');
    assert.equal(s.known, false);
    assert.equal(s.validate(Buffer.from([0, 1, 2])), true);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(registry));
    assert.ok(Object.isFrozen(registry.attributeType('cn')));
  });
});

describe('subschema publication', () => {
  const sub = registry.subschema();
  it('publishes every definition as an RFC 4512 string', () => {
    assert.equal(sub.attributeTypes.length, registry.attributeTypes().length);
    assert.equal(sub.objectClasses.length, registry.objectClasses().length);
    assert.ok(sub.ldapSyntaxes.includes("( 1.3.6.1.4.1.1466.115.121.1.15 DESC 'Directory String' )"));
    assert.ok(
      sub.matchingRules.includes("( 2.5.13.2 NAME 'caseIgnoreMatch' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )"),
    );
    assert.ok(
      sub.attributeTypes.includes(
        "( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'RFC4519: common name(s) for which the entity is known by' SUP name )",
      ),
    );
    assert.ok(
      sub.objectClasses.includes(
        "( 2.5.6.6 NAME 'person' DESC 'RFC4519: a person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY ( userPassword $ telephoneNumber $ seeAlso $ description ) )",
      ),
    );
    const mru = sub.matchingRuleUse.find((v) => v.startsWith('( 2.5.13.20 '));
    assert.match(mru ?? '', /APPLIES \( telephoneNumber \$ homePhone/);
  });

  it('every published value parses back and rebuilds the same registry', () => {
    const builder = new SchemaBuilder();
    const text = [
      ...sub.attributeTypes.map((v) => `attributetype ${v}`),
      ...sub.objectClasses.map((v) => `objectclass ${v}`),
    ].join('\n');
    const rebuilt = builder.addAll(parseSchemaFile(text, 'published')).build();
    assert.deepEqual(rebuilt.subschema(), sub);
  });
});

describe('SchemaBuilder errors', () => {
  const base = () => DEFAULT_SCHEMA_FILES.slice(0, 2).flatMap((f) => loadSchemaFile(f));
  const build = (text: string) =>
    new SchemaBuilder().addAll(base()).addAll(parseSchemaFile(text, 'extra.schema')).build();
  const cases: [string, string, RegExp][] = [
    [
      'unknown SUP',
      "attributetype ( 1.9.1 NAME 'a' SUP nosuch )",
      /extra\.schema:1: attributetype 'a': SUP 'nosuch' not found/,
    ],
    [
      'unknown matching rule',
      "attributetype ( 1.9.1 NAME 'a' SUP name EQUALITY fooMatch )",
      /matching rule 'fooMatch' not found/,
    ],
    [
      'wrong rule kind',
      "attributetype ( 1.9.1 NAME 'a' SUP name ORDERING caseIgnoreMatch )",
      /is an equality rule, not ordering/,
    ],
    ['duplicate OID', "attributetype ( 2.5.4.3 NAME 'a' SUP name )", /2\.5\.4\.3 is already defined/],
    ['duplicate name', "attributetype ( 1.9.1 NAME 'CN' SUP name )", /name 'CN' is already used/],
    [
      'attribute cycle',
      "attributetype ( 1.9.1 NAME 'a' SUP b )\nattributetype ( 1.9.2 NAME 'b' SUP a )",
      /SUP chain loops back/,
    ],
    [
      'class cycle',
      "objectclass ( 1.9.1 NAME 'a' SUP b AUXILIARY )\nobjectclass ( 1.9.2 NAME 'b' SUP a AUXILIARY )",
      /SUP chain loops back/,
    ],
    [
      'unknown MUST',
      "objectclass ( 1.9.1 NAME 'a' SUP top AUXILIARY MUST nosuch )",
      /MUST attribute type 'nosuch' not found/,
    ],
    [
      'auxiliary under structural',
      "objectclass ( 1.9.1 NAME 'a' SUP person AUXILIARY )",
      /AUXILIARY class cannot have STRUCTURAL superclass 'person'/,
    ],
    [
      'usage differs from SUP',
      "attributetype ( 1.9.1 NAME 'a' SUP name USAGE dSAOperation )",
      /USAGE dSAOperation differs/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`reports ${what}`, () => {
      assert.throws(
        () => build(text),
        (e: unknown) => SchemaError.is(e) && message.test(e.message),
      );
    });
  }
});
