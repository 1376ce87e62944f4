/** Who asks: the identity bound on the connection and what the transport offers. */
export interface Requester {
  /** The bound DN as given; `''` when anonymous. */
  readonly dn: string;
  /** The normalized DN; `''` when anonymous. */
  readonly ndn: string;
  /** Security strength of the transport (0 in clear text, the TLS key size otherwise). */
  readonly ssf: number;
  readonly remoteAddress?: string;
}

export const ANONYMOUS_REQUESTER: Requester = Object.freeze({ dn: '', ndn: '', ssf: 0 });

/** What each directory operation receives besides its request. */
export interface OperationEnv {
  readonly requester: Requester;
  readonly controls: readonly { oid: string; critical: boolean; value?: Buffer }[];
  readonly signal?: AbortSignal;
  /** Polled by long operations (a search between batches); cheaper than `signal` where the caller has it. */
  readonly aborted?: () => boolean;
}
