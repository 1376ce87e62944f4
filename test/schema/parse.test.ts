import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type AttributeTypeDefinition,
  formatDefinition,
  loadSchemaFile,
  type ObjectClassDefinition,
  parseDefinition,
  parseSchemaFile,
  parseSchemaLdif,
  SCHEMA_DIR,
  SchemaError,
} from '../../src/schema/index.ts';

describe('shipped schema files', () => {
  for (const name of readdirSync(SCHEMA_DIR).filter((n) => n.endsWith('.schema'))) {
    it(`parses ${name}`, () => {
      const defs = loadSchemaFile(`${SCHEMA_DIR}${name}`);
      assert.ok(defs.length > 0);
      for (const d of defs) assert.equal(parseDefinition(d.kind, formatDefinition(d)).oid, d.oid);
    });
  }
});

describe('parseDefinition', () => {
  it('reads every attribute type field', () => {
    const at = parseDefinition(
      'attributeType',
      "( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'it\\27s \\5C' SUP name EQUALITY caseIgnoreMatch " +
        "SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{64} SINGLE-VALUE X-ORIGIN ( 'RFC 4519' 'x' ) )",
    );
    assert.deepEqual(at.names, ['cn', 'commonName']);
    assert.equal(at.description, "it's \\");
    assert.equal(at.sup, 'name');
    assert.equal(at.syntax, '1.3.6.1.4.1.1466.115.121.1.15');
    assert.equal(at.syntaxLength, 64);
    assert.equal(at.singleValue, true);
    assert.equal(at.usage, 'userApplications');
    assert.deepEqual(at.extensions.get('X-ORIGIN'), ['RFC 4519', 'x']);
  });

  it('accepts a quoted SYNTAX OID, as OpenLDAP memberOf is written', () => {
    const at = parseDefinition(
      'attributeType',
      "( 1.2.840.113556.1.2.102 NAME 'memberOf' SYNTAX '1.3.6.1.4.1.1466.115.121.1.12' " +
        'EQUALITY distinguishedNameMatch USAGE dSAOperation NO-USER-MODIFICATION )',
    );
    assert.equal(at.syntax, '1.3.6.1.4.1.1466.115.121.1.12');
    assert.equal(at.usage, 'dSAOperation');
    assert.equal(at.noUserModification, true);
  });

  it('reads object classes with the default kind STRUCTURAL (RFC 4512 §4.1.1)', () => {
    const oc = parseDefinition(
      'objectClass',
      "( 2.5.6.6 NAME 'person' SUP top MUST ( sn $ cn ) MAY description )",
    );
    assert.equal(oc.classKind, 'STRUCTURAL');
    assert.deepEqual(oc.sup, ['top']);
    assert.deepEqual(oc.must, ['sn', 'cn']);
    assert.deepEqual(oc.may, ['description']);
  });

  it('reads syntaxes, matching rules and matching rule uses', () => {
    assert.equal(
      parseDefinition('ldapSyntax', "( 1.3.6.1.4.1.1466.115.121.1.15 DESC 'Directory String' )").description,
      'Directory String',
    );
    assert.equal(
      parseDefinition(
        'matchingRule',
        "( 2.5.13.2 NAME 'caseIgnoreMatch' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
      ).syntax,
      '1.3.6.1.4.1.1466.115.121.1.15',
    );
    assert.deepEqual(
      parseDefinition('matchingRuleUse', "( 2.5.13.2 NAME 'caseIgnoreMatch' APPLIES ( cn $ sn ) )").applies,
      ['cn', 'sn'],
    );
  });

  const bad: [string, string, RegExp][] = [
    ['no parenthesis', "2.5.4.3 NAME 'cn' SUP name", /must start with/],
    ['no OID', "( NAME 'cn' SUP name )", /not a valid OID|not a numeric OID/],
    ['unknown keyword', "( 2.5.4.3 NAME 'cn' SUP name FOO )", /unknown keyword 'FOO'/],
    ['unterminated quote', "( 2.5.4.3 NAME 'cn SUP name )", /unterminated/],
    ['no syntax nor sup', "( 2.5.4.3 NAME 'cn' )", /needs SYNTAX or SUP/],
    ['missing close', "( 2.5.4.3 NAME 'cn' SUP name", /unexpected end/],
    ['duplicate field', "( 2.5.4.3 NAME 'cn' SUP name SUP name )", /SUP given twice/],
    ['bad usage', "( 2.5.4.3 NAME 'cn' SUP name USAGE sometimes )", /unknown USAGE/],
    [
      'user NO-USER-MODIFICATION',
      "( 2.5.4.3 NAME 'cn' SUP name NO-USER-MODIFICATION )",
      /must be operational/,
    ],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what} with a SchemaError naming file and line`, () => {
      assert.throws(
        () => parseDefinition('attributeType', text, { file: 'x.schema', line: 7 }),
        (e: unknown) => SchemaError.is(e) && e.file === 'x.schema' && e.line === 7 && message.test(e.message),
      );
    });
  }
});

describe('parseSchemaFile', () => {
  it('expands objectidentifier macros, skips comments and joins continuation lines', () => {
    const defs = parseSchemaFile(
      [
        '# a comment',
        'objectidentifier Example 1.3.6.1.4.1.99999',
        'objectIdentifier ExampleAttr Example:1',
        '',
        "attributetype ( ExampleAttr:1 NAME 'exampleName'",
        '# inside a definition',
        "\tDESC 'an example'",
        '  SUP name )',
        "objectclass ( Example:2.1 NAME 'example' AUXILIARY MAY exampleName )",
      ].join('\n'),
      'example.schema',
    );
    const [at, oc] = defs as [AttributeTypeDefinition, ObjectClassDefinition];
    assert.equal(at.oid, '1.3.6.1.4.1.99999.1.1');
    assert.equal(at.description, 'an example');
    assert.deepEqual(at.source, { file: 'example.schema', line: 5 });
    assert.equal(oc.oid, '1.3.6.1.4.1.99999.2.1');
    assert.equal(oc.classKind, 'AUXILIARY');
  });

  it('names the line of the faulty token inside a multi-line definition', () => {
    const text = "attributetype ( 1.2.3.4 NAME 'a'\n  SUP name\n  BOGUS )\n";
    assert.throws(
      () => parseSchemaFile(text, 'bad.schema'),
      (e: unknown) =>
        SchemaError.is(e) &&
        e.line === 3 &&
        /^bad\.schema:3: attributetype: unknown keyword 'BOGUS'/.test(e.message),
    );
  });

  it('rejects unknown directives and undefined macros', () => {
    assert.throws(() => parseSchemaFile('include foo.schema', 'f'), /f:1: unknown directive 'include'/);
    assert.throws(
      () => parseSchemaFile("attributetype ( Nope:1 NAME 'a' SUP name )", 'f'),
      /f:1: attributetype: .Nope:1. is not a valid OID/,
    );
  });
});

describe('parseSchemaLdif', () => {
  it('reads cn=schema config entries with {n} prefixes, folding and macros', () => {
    const ldif = [
      'dn: cn=test,cn=schema,cn=config',
      'objectClass: olcSchemaConfig',
      'cn: test',
      'olcObjectIdentifier: {0}Test 1.3.6.1.4.1.99999.7',
      "olcAttributeTypes: {0}( Test:1 NAME 'testAttr' DESC 'folded",
      "  over a line' SUP name )",
      "olcObjectClasses: {0}( Test:2 NAME 'testClass' SUP top AUXILIARY MAY testAttr )",
    ].join('\n');
    const [at, oc] = parseSchemaLdif(ldif, 'test.ldif');
    assert.equal(at?.oid, '1.3.6.1.4.1.99999.7.1');
    assert.equal(at?.description, 'folded over a line');
    assert.equal(oc?.kind, 'objectClass');
  });

  it('reads a subschema subentry as another server publishes it, base64 values included', () => {
    const value = "( 1.2.3.4 NAME 'b64' SUP name )";
    const ldif = [
      'dn: cn=Subschema',
      "attributeTypes: ( 1.2.3.5 NAME 'plain' SUP name )",
      `attributeTypes:: ${Buffer.from(value).toString('base64')}`,
      "ldapSyntaxes: ( 1.2.3.6 DESC 'x' )",
    ].join('\n');
    assert.deepEqual(
      parseSchemaLdif(ldif).map((d) => d.oid),
      ['1.2.3.5', '1.2.3.4', '1.2.3.6'],
    );
  });
});
