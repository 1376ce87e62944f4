/** fast-check arbitraries for LDAP messages: every operation, filter and control shape. */
import fc from 'fast-check';
import type { Filter } from '../../src/filter/model.ts';
import type { Control, LdapMessage, ProtocolOp } from '../../src/protocol/index.ts';
import { ResultCode } from '../../src/protocol/index.ts';

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
/** Sometimes long enough to need long-form lengths. */
const octets = fc
  .oneof(
    { weight: 5, arbitrary: fc.uint8Array({ maxLength: 16 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 120, maxLength: 400 }) },
  )
  .map((u) => Buffer.from(u));
const oid = fc.array(fc.nat({ max: 99999 }), { minLength: 2, maxLength: 8 }).map((parts) => parts.join('.'));
const int32 = fc.integer({ min: 0, max: 0x7fffffff });
const resultCode = fc.constantFrom(...Object.values(ResultCode));
const attribute = (minValues: number) =>
  fc.record({ type: text, values: fc.array(octets, { minLength: minValues, maxLength: 4 }) });

const ava = <T extends string>(type: T) =>
  fc.record({ type: fc.constant(type), attribute: text, value: octets });

export const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    ava('equality'),
    ava('greaterOrEqual'),
    ava('lessOrEqual'),
    ava('approxMatch'),
    fc.record({ type: fc.constant('present' as const), attribute: text }),
    fc
      .record(
        {
          type: fc.constant('substrings' as const),
          attribute: text,
          initial: octets,
          any: fc.array(octets, { maxLength: 3 }),
          final: octets,
        },
        { requiredKeys: ['type', 'attribute', 'any'] },
      )
      .filter((f) => f.initial !== undefined || f.any.length > 0 || f.final !== undefined),
    fc
      .record(
        {
          type: fc.constant('extensibleMatch' as const),
          matchingRule: oid,
          attribute: text,
          value: octets,
          dnAttributes: fc.boolean(),
        },
        { requiredKeys: ['type', 'value', 'dnAttributes'] },
      )
      .filter((f) => f.matchingRule !== undefined || f.attribute !== undefined),
    fc.record({ type: fc.constant('and' as const), filters: fc.array(tie('filter'), { maxLength: 3 }) }),
    fc.record({ type: fc.constant('or' as const), filters: fc.array(tie('filter'), { maxLength: 3 }) }),
    fc.record({ type: fc.constant('not' as const), filter: tie('filter') }),
  ),
})).filter;

const result = <T extends string>(type: T) =>
  fc.record(
    {
      type: fc.constant(type),
      resultCode,
      matchedDN: text,
      diagnosticMessage: text,
      referral: fc.array(text, { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: ['type', 'resultCode', 'matchedDN', 'diagnosticMessage'] },
  );

export const opArb: fc.Arbitrary<ProtocolOp> = fc.oneof(
  fc.record({
    type: fc.constant('bindRequest' as const),
    version: fc.integer({ min: 1, max: 127 }),
    name: text,
    authentication: fc.oneof(
      fc.record({ type: fc.constant('simple' as const), password: octets }),
      fc.record(
        { type: fc.constant('sasl' as const), mechanism: text, credentials: octets },
        { requiredKeys: ['type', 'mechanism'] },
      ),
    ),
  }),
  fc
    .tuple(result('bindResponse'), fc.option(octets, { nil: undefined }))
    .map(([r, creds]) => (creds === undefined ? r : { ...r, serverSaslCreds: creds })),
  fc.constant({ type: 'unbindRequest' as const }),
  fc.record({
    type: fc.constant('searchRequest' as const),
    baseObject: text,
    scope: fc.constantFrom(0, 1, 2, 3 as const),
    derefAliases: fc.constantFrom(0, 1, 2, 3 as const),
    sizeLimit: int32,
    timeLimit: int32,
    typesOnly: fc.boolean(),
    filter: filterArb,
    attributes: fc.array(text, { maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant('searchResultEntry' as const),
    objectName: text,
    attributes: fc.array(attribute(0), { maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant('searchResultReference' as const),
    uris: fc.array(text, { minLength: 1, maxLength: 3 }),
  }),
  result('searchResultDone'),
  fc.record({
    type: fc.constant('modifyRequest' as const),
    object: text,
    changes: fc.array(
      fc.record({ operation: fc.constantFrom(0, 1, 2, 3 as const), modification: attribute(0) }),
      { maxLength: 4 },
    ),
  }),
  result('modifyResponse'),
  fc.record({
    type: fc.constant('addRequest' as const),
    entry: text,
    attributes: fc.array(attribute(1), { maxLength: 4 }),
  }),
  result('addResponse'),
  fc.record({ type: fc.constant('deleteRequest' as const), entry: text }),
  result('deleteResponse'),
  fc.record(
    {
      type: fc.constant('modifyDNRequest' as const),
      entry: text,
      newRDN: text,
      deleteOldRDN: fc.boolean(),
      newSuperior: text,
    },
    { requiredKeys: ['type', 'entry', 'newRDN', 'deleteOldRDN'] },
  ),
  result('modifyDNResponse'),
  fc.record({ type: fc.constant('compareRequest' as const), entry: text, attribute: text, value: octets }),
  result('compareResponse'),
  fc.record({ type: fc.constant('abandonRequest' as const), idToAbandon: int32 }),
  fc.record(
    { type: fc.constant('extendedRequest' as const), requestName: oid, requestValue: octets },
    { requiredKeys: ['type', 'requestName'] },
  ),
  fc
    .tuple(
      result('extendedResponse'),
      fc.option(oid, { nil: undefined }),
      fc.option(octets, { nil: undefined }),
    )
    .map(([r, name, value]) => ({
      ...r,
      ...(name !== undefined && { responseName: name }),
      ...(value !== undefined && { responseValue: value }),
    })),
  fc.record(
    { type: fc.constant('intermediateResponse' as const), responseName: oid, responseValue: octets },
    { requiredKeys: ['type'] },
  ),
) as fc.Arbitrary<ProtocolOp>;

export const controlArb: fc.Arbitrary<Control> = fc.record(
  { oid, critical: fc.boolean(), value: octets },
  { requiredKeys: ['oid', 'critical'] },
);

export const messageArb: fc.Arbitrary<LdapMessage> = fc
  .record({
    messageId: int32,
    op: opArb,
    controls: fc.array(controlArb, { maxLength: 3 }),
  })
  .map(plain);

/** A deep copy with ordinary prototypes (fast-check records have none), Buffers kept as they are. */
export function plain<T>(value: T): T {
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v);
  return out as T;
}
