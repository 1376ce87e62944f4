import { type BerReader, type BerWriter, Tag } from '../ber/index.ts';
import type { Filter } from '../filter/model.ts';

/** The context tags of the Filter CHOICE (RFC 4511 §4.5.1). */
export const FilterTag = {
  and: 0xa0,
  or: 0xa1,
  not: 0xa2,
  equality: 0xa3,
  substrings: 0xa4,
  greaterOrEqual: 0xa5,
  lessOrEqual: 0xa6,
  present: 0x87,
  approxMatch: 0xa8,
  extensibleMatch: 0xa9,
} as const;

const SUB_INITIAL = 0x80;
const SUB_ANY = 0x81;
const SUB_FINAL = 0x82;
const MRA_RULE = 0x81;
const MRA_TYPE = 0x82;
const MRA_VALUE = 0x83;
const MRA_DN_ATTRIBUTES = 0x84;

/*
 * Filter ::= CHOICE {
 *      and             [0] SET SIZE (1..MAX) OF filter Filter,
 *      or              [1] SET SIZE (1..MAX) OF filter Filter,
 *      not             [2] Filter,
 *      equalityMatch   [3] AttributeValueAssertion,
 *      substrings      [4] SubstringFilter,
 *      greaterOrEqual  [5] AttributeValueAssertion,
 *      lessOrEqual     [6] AttributeValueAssertion,
 *      present         [7] AttributeDescription,
 *      approxMatch     [8] AttributeValueAssertion,
 *      extensibleMatch [9] MatchingRuleAssertion,
 *      ...  }
 *
 * Recursion is bounded by the reader's nesting limit: every level of and/or/not
 * enters a constructed element, so a hostile 10,000-deep filter fails cleanly.
 */
export function readFilter(r: BerReader): Filter {
  const at = r.offset;
  const tag = r.peekTag();
  switch (tag) {
    case FilterTag.and:
    case FilterTag.or: {
      r.enter(tag);
      // RFC 4526: the empty and (&) and or (|) are the absolute true and false
      // filters, so SIZE (1..MAX) is not enforced.
      const filters: Filter[] = [];
      while (r.hasMore()) filters.push(readFilter(r));
      r.leave();
      return tag === FilterTag.and ? { type: 'and', filters } : { type: 'or', filters };
    }
    case FilterTag.not: {
      r.enter(tag);
      const filter = readFilter(r);
      if (r.hasMore()) r.fail('not filter holds more than one filter');
      r.leave();
      return { type: 'not', filter };
    }
    case FilterTag.equality:
    case FilterTag.greaterOrEqual:
    case FilterTag.lessOrEqual:
    case FilterTag.approxMatch: {
      // AttributeValueAssertion ::= SEQUENCE {
      //      attributeDesc   AttributeDescription,
      //      assertionValue  AssertionValue }
      r.enter(tag);
      const attribute = r.readString();
      const value = r.readOctetString();
      r.leave();
      const type =
        tag === FilterTag.equality
          ? 'equality'
          : tag === FilterTag.greaterOrEqual
            ? 'greaterOrEqual'
            : tag === FilterTag.lessOrEqual
              ? 'lessOrEqual'
              : 'approxMatch';
      return { type, attribute, value };
    }
    case FilterTag.substrings:
      return readSubstrings(r);
    case FilterTag.present:
      return { type: 'present', attribute: r.readString(FilterTag.present) };
    case FilterTag.extensibleMatch:
      return readExtensible(r);
    case -1:
      return r.fail('missing filter');
    default:
      return r.fail(`unknown filter choice 0x${tag.toString(16)}`, at);
  }
}

/*
 * SubstringFilter ::= SEQUENCE {
 *      type           AttributeDescription,
 *      substrings     SEQUENCE SIZE (1..MAX) OF substring CHOICE {
 *           initial [0] AssertionValue,  -- can occur at most once
 *           any     [1] AssertionValue,
 *           final   [2] AssertionValue } -- can occur at most once
 *      }
 */
function readSubstrings(r: BerReader): Filter {
  r.enter(FilterTag.substrings);
  const attribute = r.readString();
  const listAt = r.offset;
  r.enter(Tag.sequence);
  let initial: Buffer | undefined;
  let final: Buffer | undefined;
  const any: Buffer[] = [];
  let count = 0;
  while (r.hasMore()) {
    const at = r.offset;
    const tag = r.peekTag();
    // RFC 4511 §4.5.1.7.2: initial comes first, final last, each at most once.
    if (final !== undefined) r.fail('substring after final', at);
    if (tag === SUB_INITIAL) {
      if (count > 0) r.fail('initial substring not first', at);
      initial = r.readOctetString(SUB_INITIAL);
    } else if (tag === SUB_ANY) {
      any.push(r.readOctetString(SUB_ANY));
    } else if (tag === SUB_FINAL) {
      final = r.readOctetString(SUB_FINAL);
    } else {
      r.fail(`unknown substring choice 0x${tag.toString(16)}`, at);
    }
    count++;
  }
  if (count === 0) r.fail('substring filter without substrings', listAt);
  r.leave();
  r.leave();
  if (initial !== undefined && final !== undefined)
    return { type: 'substrings', attribute, initial, any, final };
  if (initial !== undefined) return { type: 'substrings', attribute, initial, any };
  if (final !== undefined) return { type: 'substrings', attribute, any, final };
  return { type: 'substrings', attribute, any };
}

/*
 * MatchingRuleAssertion ::= SEQUENCE {
 *      matchingRule    [1] MatchingRuleId OPTIONAL,
 *      type            [2] AttributeDescription OPTIONAL,
 *      matchValue      [3] AssertionValue,
 *      dnAttributes    [4] BOOLEAN DEFAULT FALSE }
 */
function readExtensible(r: BerReader): Filter {
  const at = r.offset;
  r.enter(FilterTag.extensibleMatch);
  const matchingRule = r.peekTag() === MRA_RULE ? r.readString(MRA_RULE) : undefined;
  const attribute = r.peekTag() === MRA_TYPE ? r.readString(MRA_TYPE) : undefined;
  const value = r.readOctetString(MRA_VALUE);
  const dnAttributes = r.peekTag() === MRA_DN_ATTRIBUTES ? r.readBoolean(MRA_DN_ATTRIBUTES) : false;
  r.leave();
  // RFC 4511 §4.5.1.7.7: without a matchingRule the type must be present.
  if (matchingRule === undefined && attribute === undefined) {
    r.fail('extensibleMatch without matchingRule or type', at);
  }
  return {
    type: 'extensibleMatch',
    value,
    dnAttributes,
    ...(matchingRule !== undefined && { matchingRule }),
    ...(attribute !== undefined && { attribute }),
  };
}

export function writeFilter(w: BerWriter, filter: Filter): void {
  switch (filter.type) {
    case 'and':
    case 'or':
      w.startSequence(FilterTag[filter.type]);
      for (const f of filter.filters) writeFilter(w, f);
      w.endSequence();
      return;
    case 'not':
      w.startSequence(FilterTag.not);
      writeFilter(w, filter.filter);
      w.endSequence();
      return;
    case 'equality':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approxMatch':
      w.startSequence(FilterTag[filter.type]);
      w.writeString(filter.attribute);
      w.writeOctetString(filter.value);
      w.endSequence();
      return;
    case 'substrings':
      w.startSequence(FilterTag.substrings);
      w.writeString(filter.attribute);
      w.startSequence(Tag.sequence);
      if (filter.initial !== undefined) w.writeOctetString(filter.initial, SUB_INITIAL);
      for (const any of filter.any) w.writeOctetString(any, SUB_ANY);
      if (filter.final !== undefined) w.writeOctetString(filter.final, SUB_FINAL);
      w.endSequence();
      w.endSequence();
      return;
    case 'present':
      w.writeString(filter.attribute, FilterTag.present);
      return;
    case 'extensibleMatch':
      w.startSequence(FilterTag.extensibleMatch);
      if (filter.matchingRule !== undefined) w.writeString(filter.matchingRule, MRA_RULE);
      if (filter.attribute !== undefined) w.writeString(filter.attribute, MRA_TYPE);
      w.writeOctetString(filter.value, MRA_VALUE);
      if (filter.dnAttributes) w.writeBoolean(true, MRA_DN_ATTRIBUTES);
      w.endSequence();
      return;
    default: {
      const unknown: never = filter;
      throw new TypeError(`unknown filter type ${(unknown as Filter).type}`);
    }
  }
}
