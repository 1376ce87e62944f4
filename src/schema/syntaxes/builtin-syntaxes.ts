/**
 * The syntaxes Linden knows (RFC 4517 §3.3, RFC 4530, RFC 2307 and slapd's
 * CSN), with the DESC published in `ldapSyntaxes` and the validator.
 * `binary` marks the syntaxes RFC 4522 says travel with `;binary`.
 */
import { CSN_SYNTAX } from '../matching-rules/csn.ts';
import * as V from './validators.ts';

export interface BuiltinSyntax {
  readonly oid: string;
  readonly description: string;
  readonly validate: V.Validator;
  readonly binary?: boolean;
  readonly notHumanReadable?: boolean;
}

const b = '1.3.6.1.4.1.1466.115.121.1';

export function builtinSyntaxes(validateDn?: (dn: string) => boolean): BuiltinSyntax[] {
  return [
    { oid: `${b}.3`, description: 'Attribute Type Description', validate: V.description },
    { oid: `${b}.4`, description: 'Audio', validate: V.acceptAny, notHumanReadable: true },
    { oid: `${b}.5`, description: 'Binary', validate: V.acceptAny, notHumanReadable: true },
    { oid: `${b}.6`, description: 'Bit String', validate: V.bitString },
    { oid: `${b}.7`, description: 'Boolean', validate: V.boolean },
    {
      oid: `${b}.8`,
      description: 'Certificate',
      validate: V.acceptAny,
      binary: true,
      notHumanReadable: true,
    },
    {
      oid: `${b}.9`,
      description: 'Certificate List',
      validate: V.acceptAny,
      binary: true,
      notHumanReadable: true,
    },
    {
      oid: `${b}.10`,
      description: 'Certificate Pair',
      validate: V.acceptAny,
      binary: true,
      notHumanReadable: true,
    },
    { oid: `${b}.11`, description: 'Country String', validate: V.countryString },
    { oid: `${b}.12`, description: 'Distinguished Name', validate: V.dnValidator(validateDn) },
    { oid: `${b}.14`, description: 'Delivery Method', validate: V.directoryString },
    { oid: `${b}.15`, description: 'Directory String', validate: V.directoryString },
    { oid: `${b}.16`, description: 'DIT Content Rule Description', validate: V.description },
    { oid: `${b}.17`, description: 'DIT Structure Rule Description', validate: V.description },
    { oid: `${b}.21`, description: 'Enhanced Guide', validate: V.directoryString },
    { oid: `${b}.22`, description: 'Facsimile Telephone Number', validate: V.directoryString },
    { oid: `${b}.23`, description: 'Fax', validate: V.acceptAny, notHumanReadable: true },
    { oid: `${b}.24`, description: 'Generalized Time', validate: V.generalizedTime },
    { oid: `${b}.25`, description: 'Guide', validate: V.directoryString },
    { oid: `${b}.26`, description: 'IA5 String', validate: V.ia5String },
    { oid: `${b}.27`, description: 'Integer', validate: V.integer },
    { oid: `${b}.28`, description: 'JPEG', validate: V.acceptAny, notHumanReadable: true },
    { oid: `${b}.30`, description: 'Matching Rule Description', validate: V.description },
    { oid: `${b}.31`, description: 'Matching Rule Use Description', validate: V.description },
    {
      oid: `${b}.34`,
      description: 'Name And Optional UID',
      validate: V.nameAndOptionalUidValidator(validateDn),
    },
    { oid: `${b}.35`, description: 'Name Form Description', validate: V.description },
    { oid: `${b}.36`, description: 'Numeric String', validate: V.numericString },
    { oid: `${b}.37`, description: 'Object Class Description', validate: V.description },
    { oid: `${b}.38`, description: 'OID', validate: V.oid },
    { oid: `${b}.39`, description: 'Other Mailbox', validate: V.ia5String },
    { oid: `${b}.40`, description: 'Octet String', validate: V.acceptAny },
    { oid: `${b}.41`, description: 'Postal Address', validate: V.postalAddress },
    { oid: `${b}.43`, description: 'Presentation Address', validate: V.ia5String },
    { oid: `${b}.44`, description: 'Printable String', validate: V.printableString },
    {
      oid: `${b}.49`,
      description: 'Supported Algorithm',
      validate: V.acceptAny,
      binary: true,
      notHumanReadable: true,
    },
    { oid: `${b}.50`, description: 'Telephone Number', validate: V.telephoneNumber },
    { oid: `${b}.51`, description: 'Teletex Terminal Identifier', validate: V.directoryString },
    { oid: `${b}.52`, description: 'Telex Number', validate: V.directoryString },
    { oid: `${b}.53`, description: 'UTC Time', validate: V.ia5String },
    { oid: `${b}.54`, description: 'LDAP Syntax Description', validate: V.description },
    { oid: `${b}.58`, description: 'Substring Assertion', validate: V.directoryString },
    { oid: '1.3.6.1.1.16.1', description: 'UUID', validate: V.uuid },
    { oid: CSN_SYNTAX, description: 'CSN', validate: V.ia5String },
    { oid: '1.3.6.1.1.1.0.0', description: 'RFC2307 NIS Netgroup Triple', validate: V.ia5String },
    { oid: '1.3.6.1.1.1.0.1', description: 'RFC2307 Boot Parameter', validate: V.ia5String },
  ];
}
