/**
 * LDAPMessage conformance corpus: `{description, hex, decoded}` cases and
 * cases that must fail. Request hex marked "captured" was sent by OpenLDAP
 * 2.5 ldap-utils (ldapsearch, ldapmodify, ldapwhoami, ldappasswd,
 * ldapcompare); the rest is assembled by hand from RFC 4511's ASN.1.
 */
import type { LdapMessage } from '../../src/protocol/index.ts';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const x = (hex: string): Buffer => Buffer.from(hex, 'hex');

export interface CorpusCase {
  readonly description: string;
  readonly hex: string;
  readonly decoded: LdapMessage;
  /** False when the peer's encoding is valid BER but not the one Linden writes. */
  readonly canonical?: boolean;
}

export interface FailCase {
  readonly description: string;
  readonly hex: string;
  readonly error: RegExp;
  readonly resultCode?: number;
  readonly messageId?: number;
  readonly opType?: string;
}

const ADMIN = 'cn=admin,dc=example,dc=com';
const BASE = 'dc=example,dc=com';
const none = [] as const;

export const corpus: readonly CorpusCase[] = [
  {
    description: 'captured: simple bind',
    hex: '302c0201016027020103041a636e3d61646d696e2c64633d6578616d706c652c64633d636f6d8006736563726574',
    decoded: {
      messageId: 1,
      op: {
        type: 'bindRequest',
        version: 3,
        name: ADMIN,
        authentication: { type: 'simple', password: b('secret') },
      },
      controls: none,
    },
  },
  {
    description: 'captured: anonymous simple bind',
    hex: '300c020101600702010304008000',
    decoded: {
      messageId: 1,
      op: { type: 'bindRequest', version: 3, name: '', authentication: { type: 'simple', password: b('') } },
      controls: none,
    },
  },
  {
    description: 'captured: SASL bind without credentials (DIGEST-MD5 first step)',
    hex: '301802010160130201030400a30c040a4449474553542d4d4435',
    decoded: {
      messageId: 1,
      op: {
        type: 'bindRequest',
        version: 3,
        name: '',
        authentication: { type: 'sasl', mechanism: 'DIGEST-MD5' },
      },
      controls: none,
    },
  },
  {
    description: 'SASL PLAIN bind with credentials',
    hex: '301c0201016017020103 0400 a310 0405504c41494e 040700626f62007077',
    decoded: {
      messageId: 1,
      op: {
        type: 'bindRequest',
        version: 3,
        name: '',
        authentication: { type: 'sasl', mechanism: 'PLAIN', credentials: x('00626f62007077') },
      },
      controls: none,
    },
  },
  {
    description: 'bind response, success',
    hex: '300c02010161070a010004000400',
    decoded: {
      messageId: 1,
      op: { type: 'bindResponse', resultCode: 0, matchedDN: '', diagnosticMessage: '' },
      controls: none,
    },
  },
  {
    description: 'bind response, invalidCredentials with diagnostic and serverSaslCreds',
    hex: '3013020101610e0a013104000403626164 87026869',
    decoded: {
      messageId: 1,
      op: {
        type: 'bindResponse',
        resultCode: 49,
        matchedDN: '',
        diagnosticMessage: 'bad',
        serverSaslCreds: b('hi'),
      },
      controls: none,
    },
  },
  {
    description: 'captured: unbind',
    hex: '30050201034200',
    decoded: { messageId: 3, op: { type: 'unbindRequest' }, controls: none },
  },
  {
    description: 'unbind with the largest MessageID (maxInt)',
    hex: '300802047fffffff4200',
    decoded: { messageId: 2147483647, op: { type: 'unbindRequest' }, controls: none },
  },
  {
    description: 'captured: search with every filter choice, long-form lengths, size and time limits',
    hex:
      '3081d10201026381cb041164633d6578616d706c652c64633d636f6d0a01010a010002010a020105010100a0819aa315040b6f626a' +
      '656374436c6173730406706572736f6ea18180a40f0402636e3009800161810162820163a5080403756964040178a209a6070402' +
      '736e040179a80904046d61696c04017aa9168108322e352e31332e328202636e8303666f6f8401ffa90c8105312e322e33830362' +
      '6172870b6465736372697074696f6ea40b0402636e300581036d6964a40d0402636e300780057374617274300a0402636e04046d' +
      '61696c',
    decoded: {
      messageId: 2,
      op: {
        type: 'searchRequest',
        baseObject: BASE,
        scope: 1,
        derefAliases: 0,
        sizeLimit: 10,
        timeLimit: 5,
        typesOnly: false,
        filter: {
          type: 'and',
          filters: [
            { type: 'equality', attribute: 'objectClass', value: b('person') },
            {
              type: 'or',
              filters: [
                { type: 'substrings', attribute: 'cn', initial: b('a'), any: [b('b')], final: b('c') },
                { type: 'greaterOrEqual', attribute: 'uid', value: b('x') },
                { type: 'not', filter: { type: 'lessOrEqual', attribute: 'sn', value: b('y') } },
                { type: 'approxMatch', attribute: 'mail', value: b('z') },
                {
                  type: 'extensibleMatch',
                  matchingRule: '2.5.13.2',
                  attribute: 'cn',
                  value: b('foo'),
                  dnAttributes: true,
                },
                { type: 'extensibleMatch', matchingRule: '1.2.3', value: b('bar'), dnAttributes: false },
                { type: 'present', attribute: 'description' },
                { type: 'substrings', attribute: 'cn', any: [b('mid')] },
                { type: 'substrings', attribute: 'cn', initial: b('start'), any: [] },
              ],
            },
          ],
        },
        attributes: ['cn', 'mail'],
      },
      controls: none,
    },
  },
  {
    description: 'captured: root DSE search with the paged results control',
    hex:
      '304d020102632304000a01000a0100020100020100010100870b6f626a656374436c617373300304012ba02330210416312e32' +
      '2e3834302e3131333535362e312e342e3331390407300502010a0400',
    decoded: {
      messageId: 2,
      op: {
        type: 'searchRequest',
        baseObject: '',
        scope: 0,
        derefAliases: 0,
        sizeLimit: 0,
        timeLimit: 0,
        typesOnly: false,
        filter: { type: 'present', attribute: 'objectClass' },
        attributes: ['+'],
      },
      controls: [{ oid: '1.2.840.113556.1.4.319', critical: false, value: x('300502010a0400') }],
    },
  },
  {
    description: 'captured: typesOnly search with UTF-8 value, critical assertion control and ManageDsaIT',
    hex:
      '30710201026331041164633d6578616d706c652c64633d636f6d0a01020a01000201000201000101ffa30b0402636e0405636166' +
      'c3a93000a039301c040c312e332e362e312e312e31320101ff0409a3070402636e04017830190417322e31362e3834302e312e31' +
      '31333733302e332e342e32',
    decoded: {
      messageId: 2,
      op: {
        type: 'searchRequest',
        baseObject: BASE,
        scope: 2,
        derefAliases: 0,
        sizeLimit: 0,
        timeLimit: 0,
        typesOnly: true,
        filter: { type: 'equality', attribute: 'cn', value: b('café') },
        attributes: [],
      },
      controls: [
        { oid: '1.3.6.1.1.12', critical: true, value: x('a3070402636e040178') },
        { oid: '2.16.840.1.113730.3.4.2', critical: false },
      ],
    },
  },
  {
    description: 'captured: children scope, RFC 4526 absolute true and false, attribute 1.1',
    hex: '30360201026331041164633d6578616d706c652c64633d636f6d0a01030a0100020100020100010100a206a104a000a10030050403312e31',
    decoded: {
      messageId: 2,
      op: {
        type: 'searchRequest',
        baseObject: BASE,
        scope: 3,
        derefAliases: 0,
        sizeLimit: 0,
        timeLimit: 0,
        typesOnly: false,
        filter: {
          type: 'not',
          filter: {
            type: 'or',
            filters: [
              { type: 'and', filters: [] },
              { type: 'or', filters: [] },
            ],
          },
        },
        attributes: ['1.1'],
      },
      controls: none,
    },
  },
  {
    description: 'search result entry',
    hex: '30180201026413 0404636e3d78 300b 3009 0402636e 3103 040178',
    decoded: {
      messageId: 2,
      op: { type: 'searchResultEntry', objectName: 'cn=x', attributes: [{ type: 'cn', values: [b('x')] }] },
      controls: none,
    },
  },
  {
    description: 'search result entry with an attribute without values (typesOnly answer)',
    hex: '3015020102 6410 0404636e3d78 3008 3006 0402636e 3100',
    decoded: {
      messageId: 2,
      op: { type: 'searchResultEntry', objectName: 'cn=x', attributes: [{ type: 'cn', values: [] }] },
      controls: none,
    },
  },
  {
    description: 'search result reference',
    hex: '3014020102730f040d6c6461703a2f2f682f64633d78',
    decoded: { messageId: 2, op: { type: 'searchResultReference', uris: ['ldap://h/dc=x'] }, controls: none },
  },
  {
    description: 'search result done, success',
    hex: '300c02010265070a010004000400',
    decoded: {
      messageId: 2,
      op: { type: 'searchResultDone', resultCode: 0, matchedDN: '', diagnosticMessage: '' },
      controls: none,
    },
  },
  {
    description: 'search result done with a paged results response control',
    hex: '303102010165070a010004000400 a023 3021 0416312e322e3834302e3131333535362e312e342e333139 0407 3005 020100 0400',
    decoded: {
      messageId: 1,
      op: { type: 'searchResultDone', resultCode: 0, matchedDN: '', diagnosticMessage: '' },
      controls: [{ oid: '1.2.840.113556.1.4.319', critical: false, value: x('30050201000400') }],
    },
  },
  {
    description: 'captured: add request',
    hex:
      '306b020102686604197569643d6e65772c64633d6578616d706c652c64633d636f6d3049301e040b6f626a656374436c617373310f' +
      '040d696e65744f7267506572736f6e300b0402636e310504034e6577300c0402736e3106040455736572300c0403756964310504036e6577',
    decoded: {
      messageId: 2,
      op: {
        type: 'addRequest',
        entry: 'uid=new,dc=example,dc=com',
        attributes: [
          { type: 'objectClass', values: [b('inetOrgPerson')] },
          { type: 'cn', values: [b('New')] },
          { type: 'sn', values: [b('User')] },
          { type: 'uid', values: [b('new')] },
        ],
      },
      controls: none,
    },
  },
  {
    description: 'add response, entryAlreadyExists',
    hex: '300c02010469070a014404000400',
    decoded: {
      messageId: 4,
      op: { type: 'addResponse', resultCode: 68, matchedDN: '', diagnosticMessage: '' },
      controls: none,
    },
  },
  {
    description: 'captured: modify request with add, delete (no values) and replace',
    hex:
      '307a020103667504197569643d6e65772c64633d6578616d706c652c64633d636f6d3058302b0a0100302604046d61696c311e040d' +
      '61406578616d706c652e636f6d040d62406578616d706c652e636f6d30140a0101300f040b6465736372697074696f6e31003013' +
      '0a0102300e0402736e31080406506572736f6e',
    decoded: {
      messageId: 3,
      op: {
        type: 'modifyRequest',
        object: 'uid=new,dc=example,dc=com',
        changes: [
          { operation: 0, modification: { type: 'mail', values: [b('a@example.com'), b('b@example.com')] } },
          { operation: 1, modification: { type: 'description', values: [] } },
          { operation: 2, modification: { type: 'sn', values: [b('Person')] } },
        ],
      },
      controls: none,
    },
  },
  {
    description: 'modify response with a referral',
    hex: '30190201036714 0a010a 0400 0400 a30b04096c6461703a2f2f682f',
    decoded: {
      messageId: 3,
      op: {
        type: 'modifyResponse',
        resultCode: 10,
        matchedDN: '',
        diagnosticMessage: '',
        referral: ['ldap://h/'],
      },
      controls: none,
    },
  },
  {
    description: 'captured: modify DN with newSuperior',
    hex:
      '304b0201046c4604197569643d6e65772c64633d6578616d706c652c64633d636f6d04097569643d6e657765720101ff801b6f753d' +
      '70656f706c652c64633d6578616d706c652c64633d636f6d',
    decoded: {
      messageId: 4,
      op: {
        type: 'modifyDNRequest',
        entry: 'uid=new,dc=example,dc=com',
        newRDN: 'uid=newer',
        deleteOldRDN: true,
        newSuperior: 'ou=people,dc=example,dc=com',
      },
      controls: none,
    },
  },
  {
    description: 'modify DN without newSuperior',
    hex: '30140201046c0f0404636e3d780404636e3d79010100',
    decoded: {
      messageId: 4,
      op: { type: 'modifyDNRequest', entry: 'cn=x', newRDN: 'cn=y', deleteOldRDN: false },
      controls: none,
    },
  },
  {
    description: 'modify DN response, success',
    hex: '300c0201066d070a010004000400',
    decoded: {
      messageId: 6,
      op: { type: 'modifyDNResponse', resultCode: 0, matchedDN: '', diagnosticMessage: '' },
      controls: none,
    },
  },
  {
    description: 'captured: delete request',
    hex: '302a0201054a257569643d6e657765722c6f753d70656f706c652c64633d6578616d706c652c64633d636f6d',
    decoded: {
      messageId: 5,
      op: { type: 'deleteRequest', entry: 'uid=newer,ou=people,dc=example,dc=com' },
      controls: none,
    },
  },
  {
    description: 'delete response, noSuchObject with matchedDN',
    hex: '30100201056b0b 0a0120 040464633d78 0400',
    decoded: {
      messageId: 5,
      op: { type: 'deleteResponse', resultCode: 32, matchedDN: 'dc=x', diagnosticMessage: '' },
      controls: none,
    },
  },
  {
    description: 'captured: compare request',
    hex: '30290201026e2404177569643d752c64633d6578616d706c652c64633d636f6d30090402636e0403426f62',
    decoded: {
      messageId: 2,
      op: { type: 'compareRequest', entry: 'uid=u,dc=example,dc=com', attribute: 'cn', value: b('Bob') },
      controls: none,
    },
  },
  {
    description: 'compare response, compareTrue',
    hex: '300c0201076f070a010604000400',
    decoded: {
      messageId: 7,
      op: { type: 'compareResponse', resultCode: 6, matchedDN: '', diagnosticMessage: '' },
      controls: none,
    },
  },
  {
    description: 'abandon request',
    hex: '3006020106500105',
    decoded: { messageId: 6, op: { type: 'abandonRequest', idToAbandon: 5 }, controls: none },
  },
  {
    description: 'captured: StartTLS extended request',
    hex: '301d02010177188016312e332e362e312e342e312e313436362e3230303337',
    decoded: {
      messageId: 1,
      op: { type: 'extendedRequest', requestName: '1.3.6.1.4.1.1466.20037' },
      controls: none,
    },
  },
  {
    description: 'captured: WhoAmI extended request',
    hex: '301e02010277198017312e332e362e312e342e312e343230332e312e31312e33',
    decoded: {
      messageId: 2,
      op: { type: 'extendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' },
      controls: none,
    },
  },
  {
    description: 'captured: Password Modify with userIdentity, oldPasswd and newPasswd',
    hex:
      '304902010277448017312e332e362e312e342e312e343230332e312e31312e318129302780177569643d752c64633d6578616d706c65' +
      '2c64633d636f6d81056f6c64707782056e65777077',
    decoded: {
      messageId: 2,
      op: {
        type: 'extendedRequest',
        requestName: '1.3.6.1.4.1.4203.1.11.1',
        requestValue: x('302780177569643d752c64633d6578616d706c652c64633d636f6d81056f6c64707782056e65777077'),
      },
      controls: none,
    },
  },
  {
    description: 'WhoAmI extended response',
    hex: '30150201087810 0a0100 0400 0400 8b07646e3a636e3d78',
    decoded: {
      messageId: 8,
      op: {
        type: 'extendedResponse',
        resultCode: 0,
        matchedDN: '',
        diagnosticMessage: '',
        responseValue: b('dn:cn=x'),
      },
      controls: none,
    },
  },
  {
    description: 'Notice of Disconnection (unsolicited, messageID 0)',
    hex: '3024020100781f0a0134040004008a16312e332e362e312e342e312e313436362e3230303336',
    decoded: {
      messageId: 0,
      op: {
        type: 'extendedResponse',
        resultCode: 52,
        matchedDN: '',
        diagnosticMessage: '',
        responseName: '1.3.6.1.4.1.1466.20036',
      },
      controls: none,
    },
  },
  {
    description: 'intermediate response with name and value',
    hex: '3010020109790b8005312e322e3381020102',
    decoded: {
      messageId: 9,
      op: { type: 'intermediateResponse', responseName: '1.2.3', responseValue: x('0102') },
      controls: none,
    },
  },
  {
    description: 'intermediate response without name or value',
    hex: '30050201097900',
    decoded: { messageId: 9, op: { type: 'intermediateResponse' }, controls: none },
  },
  {
    description:
      'non-minimal BER from a sloppy peer: long-form short lengths, BOOLEAN TRUE as 0x01, padded INTEGER',
    hex: '3084000000130203000001 6c810b 0404636e3d78 0400 010101',
    decoded: {
      messageId: 1,
      op: { type: 'modifyDNRequest', entry: 'cn=x', newRDN: '', deleteOldRDN: true },
      controls: none,
    },
    canonical: false,
  },
  {
    description: 'unknown trailing component inside an operation is skipped (EXTENSIBILITY IMPLIED)',
    hex: '300f02010465 0a0a010004000400 8001ff',
    decoded: {
      messageId: 4,
      op: { type: 'searchResultDone', resultCode: 0, matchedDN: '', diagnosticMessage: '' },
      controls: none,
    },
    canonical: false,
  },
];

/** A TLV in hex with a minimal length, from hex contents: an oracle independent of BerWriter. */
function t(tag: string, ...contents: string[]): string {
  const body = contents.join('').replace(/\s+/g, '');
  const n = body.length / 2;
  const len =
    n < 0x80
      ? n.toString(16).padStart(2, '0')
      : n < 0x100
        ? `81${n.toString(16).padStart(2, '0')}`
        : `82${n.toString(16).padStart(4, '0')}`;
  return tag + len + body;
}
const str = (s: string): string => t('04', Buffer.from(s).toString('hex'));
/** A search request PDU (messageID 2) around `filter`, with no attributes. */
const search = (filter: string, scope = '00'): string =>
  t('30', '020102', t('63', '0400', t('0a', scope), '0a0100', '020100', '020100', '010100', filter, '3000'));

export const mustFail: readonly FailCase[] = [
  { description: 'empty input', hex: '', error: /end of data/ },
  { description: 'not a SEQUENCE', hex: '310502010142 00', error: /expected tag 0x30, found 0x31 at byte 0/ },
  {
    description: 'indefinite length',
    hex: '3080020101420000 00',
    error: /indefinite length is not allowed at byte 1/,
  },
  { description: 'length of 5 octets', hex: '30850000000005020101 4200', error: /length of 5 octets/ },
  {
    description: 'length past the end',
    hex: '300d020101600702010304008000',
    error: /length 13 runs past .* at byte 1/,
  },
  { description: 'truncated inside a length', hex: '308201', error: /end of data inside a length at byte 1/ },
  { description: 'no messageID', hex: '30024200', error: /expected tag 0x02, found 0x42 at byte 2/ },
  { description: 'empty messageID', hex: '300402004200', error: /empty integer/ },
  { description: 'negative messageID', hex: '30050201ff4200', error: /negative messageID at byte 2/ },
  {
    description: 'messageID of 5 octets',
    hex: '300802050100000000 4200',
    error: /integer of 5 octets is too large/,
  },
  {
    description: 'unknown protocolOp',
    hex: '30050201074100',
    error: /unknown protocolOp 0x41 at byte 5/,
    messageId: 7,
  },
  { description: 'no protocolOp', hex: '3003020107', error: /without protocolOp/, messageId: 7 },
  {
    description: 'high tag number form as protocolOp',
    hex: '30060201077f0100',
    error: /unknown protocolOp 0x7f/,
    messageId: 7,
  },
  {
    description: 'unbind with contents',
    hex: '3006020101420100',
    error: /null of 1 octets/,
    messageId: 1,
    opType: 'unbindRequest',
  },
  {
    description: 'trailing bytes after the LDAPMessage',
    hex: '3005020103420000',
    error: /trailing bytes/,
    messageId: 3,
  },
  {
    description: 'bind with an unsupported authentication choice',
    hex: '300c020102600702010304008100',
    error: /authentication choice 0x81/,
    resultCode: 7,
    messageId: 2,
    opType: 'bindRequest',
  },
  {
    description: 'bind version 0',
    hex: '300c020102600702010004008000',
    error: /bind version 0 out of range/,
    messageId: 2,
    opType: 'bindRequest',
  },
  {
    description: 'bind version of 200 (INTEGER (1 .. 127))',
    hex: t('30', '020102', t('60', '020200c8', '0400', '8000')),
    error: /bind version 200 out of range/,
    messageId: 2,
  },
  {
    description: 'BOOLEAN of two octets',
    hex: t('30', '020104', t('6c', str('cn=x'), str('cn=y'), '01020000')),
    error: /boolean of 2 octets/,
    messageId: 4,
    opType: 'modifyDNRequest',
  },
  {
    description: 'search scope 5',
    hex: search('870178', '05'),
    error: /unknown search scope 5/,
    messageId: 2,
    opType: 'searchRequest',
  },
  {
    description: 'search with a negative sizeLimit',
    hex: t(
      '30',
      '020102',
      t('63', '0400', '0a0100', '0a0100', '0201ff', '020100', '010100', '870178', '3000'),
    ),
    error: /negative sizeLimit/,
    messageId: 2,
  },
  {
    description: 'search without a filter',
    hex: t('30', '020102', t('63', '0400', '0a0100', '0a0100', '020100', '020100', '010100')),
    error: /missing filter/,
    messageId: 2,
    opType: 'searchRequest',
  },
  {
    description: 'unknown filter choice',
    hex: search('aa0178'),
    error: /unknown filter choice 0xaa/,
    messageId: 2,
  },
  {
    description: 'substrings with initial after any',
    hex: search(t('a4', str('x'), t('30', '810161', '800162'))),
    error: /initial substring not first/,
    messageId: 2,
  },
  {
    description: 'substrings with a substring after final',
    hex: search(t('a4', str('x'), t('30', '820161', '810162'))),
    error: /substring after final/,
    messageId: 2,
  },
  {
    description: 'substrings without substrings',
    hex: search(t('a4', str('x'), '3000')),
    error: /without substrings/,
    messageId: 2,
  },
  {
    description: 'substrings with an unknown choice',
    hex: search(t('a4', str('x'), t('30', '830161'))),
    error: /unknown substring choice 0x83/,
    messageId: 2,
  },
  {
    description: 'extensibleMatch without matchingRule or type',
    hex: search(t('a9', '830178')),
    error: /without matchingRule or type/,
    messageId: 2,
  },
  {
    description: 'not holding two filters',
    hex: search(t('a2', '870178', '870179')),
    error: /more than one filter/,
    messageId: 2,
  },
  {
    description: 'equality filter without a value',
    hex: search(t('a3', str('cn'))),
    error: /end of data/,
    messageId: 2,
  },
  {
    description: 'add with an attribute without values',
    hex: t('30', '020102', t('68', str('cn=x'), t('30', t('30', str('x'), '3100')))),
    error: /attribute x has no values/,
    messageId: 2,
    opType: 'addRequest',
  },
  {
    description: 'modify with operation 9',
    hex: t('30', '020102', t('66', str('cn=x'), t('30', t('30', '0a0109', t('30', str('x'), '3100'))))),
    error: /unknown modify operation 9/,
    messageId: 2,
  },
  {
    description: 'search result reference without URIs',
    hex: '30050201027300',
    error: /without URIs/,
    messageId: 2,
  },
  {
    description: 'negative MessageID to abandon',
    hex: '30060201065001ff',
    error: /negative MessageID to abandon/,
    messageId: 6,
  },
  {
    description: 'constructed OCTET STRING (RFC 4511 §5.1 allows only the primitive form)',
    hex: t('30', '020105', t('6e', t('24', str('x')), t('30', str('cn'), str('y')))),
    error: /expected tag 0x04, found 0x24/,
    messageId: 5,
  },
  {
    description: 'controls not holding Control SEQUENCEs',
    hex: t('30', '020103', '4200', t('a0', str('x'))),
    error: /expected tag 0x30, found 0x04/,
    messageId: 3,
  },
  {
    description: 'control without a controlType',
    hex: t('30', '020103', '4200', t('a0', t('30', '0101ff'))),
    error: /expected tag 0x04, found 0x01/,
    messageId: 3,
  },
  {
    description: 'element running past its parent',
    hex: t('30', '020102', t('6e', str('cn=x'), '3009', str('cn'), str('y'))),
    error: /runs past the end of the enclosing element/,
    messageId: 2,
  },
];
