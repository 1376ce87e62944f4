import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** SearchResultReference (RFC 4511 §4.5.3): one or more LDAP URIs. */
export interface SearchResultReference {
  readonly type: 'searchResultReference';
  readonly uris: readonly string[];
}

/* SearchResultReference ::= [APPLICATION 19] SEQUENCE SIZE (1..MAX) OF uri URI */
export function readSearchResultReference(r: BerReader): SearchResultReference {
  const at = r.offset;
  r.enter(ProtocolOperation.searchResultReference);
  const uris: string[] = [];
  while (r.hasMore()) uris.push(r.readString());
  r.leave();
  if (uris.length === 0) r.fail('search result reference without URIs', at);
  return { type: 'searchResultReference', uris };
}

export function writeSearchResultReference(w: BerWriter, op: SearchResultReference): void {
  w.startSequence(ProtocolOperation.searchResultReference);
  for (const uri of op.uris) w.writeString(uri);
  w.endSequence();
}
