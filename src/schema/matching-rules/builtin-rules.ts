/**
 * Every matching rule Linden implements, plus the ones the shipped schema
 * names but Linden does not implement (their attributes can be stored and
 * read; filters on them get inappropriateMatching).
 */

import { bitStringMatch } from './bit-string.ts';
import { booleanMatch } from './boolean.ts';
import { caseExactMatch, caseExactOrderingMatch, caseExactSubstringsMatch } from './case-exact.ts';
import {
  caseIgnoreListMatch,
  caseIgnoreListSubstringsMatch,
  caseIgnoreMatch,
  caseIgnoreOrderingMatch,
  caseIgnoreSubstringsMatch,
} from './case-ignore.ts';
import { csnMatch, csnOrderingMatch } from './csn.ts';
import { distinguishedNameMatch, uniqueMemberMatch } from './distinguished-name.ts';
import { generalizedTimeMatch, generalizedTimeOrderingMatch } from './generalized-time.ts';
import {
  caseExactIA5Match,
  caseExactIA5SubstringsMatch,
  caseIgnoreIA5Match,
  caseIgnoreIA5SubstringsMatch,
} from './ia5.ts';
import { integerMatch, integerOrderingMatch } from './integer.ts';
import {
  numericStringMatch,
  numericStringOrderingMatch,
  numericStringSubstringsMatch,
} from './numeric-string.ts';
import { objectIdentifierFirstComponentMatch, objectIdentifierMatch } from './object-identifier.ts';
import { octetStringMatch, octetStringOrderingMatch } from './octet-string.ts';
import type { MatchingRuleImpl } from './rule.ts';
import { telephoneNumberMatch, telephoneNumberSubstringsMatch } from './telephone-number.ts';
import { uuidMatch, uuidOrderingMatch } from './uuid.ts';

export const BUILTIN_MATCHING_RULES: readonly MatchingRuleImpl[] = [
  objectIdentifierMatch,
  distinguishedNameMatch,
  caseIgnoreMatch,
  caseIgnoreOrderingMatch,
  caseIgnoreSubstringsMatch,
  caseExactMatch,
  caseExactOrderingMatch,
  caseExactSubstringsMatch,
  numericStringMatch,
  numericStringOrderingMatch,
  numericStringSubstringsMatch,
  caseIgnoreListMatch,
  caseIgnoreListSubstringsMatch,
  booleanMatch,
  integerMatch,
  integerOrderingMatch,
  bitStringMatch,
  octetStringMatch,
  octetStringOrderingMatch,
  telephoneNumberMatch,
  telephoneNumberSubstringsMatch,
  uniqueMemberMatch,
  generalizedTimeMatch,
  generalizedTimeOrderingMatch,
  objectIdentifierFirstComponentMatch,
  caseExactIA5Match,
  caseIgnoreIA5Match,
  caseIgnoreIA5SubstringsMatch,
  caseExactIA5SubstringsMatch,
  uuidMatch,
  uuidOrderingMatch,
  csnMatch,
  csnOrderingMatch,
];

/** Named by the shipped schema, defined for publication, not implemented (RFC 4517 §4.2, RFC 4523 §2). */
export const UNIMPLEMENTED_MATCHING_RULES: readonly { oid: string; name: string; syntax: string }[] = [
  { oid: '2.5.13.22', name: 'presentationAddressMatch', syntax: '1.3.6.1.4.1.1466.115.121.1.43' },
  { oid: '2.5.13.24', name: 'protocolInformationMatch', syntax: '1.3.6.1.4.1.1466.115.121.1.42' },
  { oid: '2.5.13.29', name: 'integerFirstComponentMatch', syntax: '1.3.6.1.4.1.1466.115.121.1.27' },
  { oid: '2.5.13.31', name: 'directoryStringFirstComponentMatch', syntax: '1.3.6.1.4.1.1466.115.121.1.15' },
  { oid: '2.5.13.34', name: 'certificateExactMatch', syntax: '1.3.6.1.1.15.1' },
];
