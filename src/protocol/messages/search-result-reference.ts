/** SearchResultReference (RFC 4511 §4.5.3): one or more LDAP URIs. */
export interface SearchResultReference {
  readonly type: 'searchResultReference';
  readonly uris: readonly string[];
}
