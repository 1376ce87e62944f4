import type { BerReader, BerWriter } from '../../ber/index.ts';
import type { ResultCode } from '../result-code.ts';

/**
 * LDAPResult (RFC 4511 §4.1.9), the common body of every response but
 * SearchResultEntry, SearchResultReference and IntermediateResponse.
 *
 * A decoded response from a peer may carry a code outside `ResultCode`; it is
 * passed through as the number the peer sent.
 */
export interface LdapResult {
  readonly resultCode: ResultCode;
  readonly matchedDN: string;
  readonly diagnosticMessage: string;
  /** RFC 4511 §4.1.10: present only with resultCode `referral`. */
  readonly referral?: readonly string[];
}

const REFERRAL = 0xa3;

/*
 * LDAPResult ::= SEQUENCE {
 *      resultCode         ENUMERATED { … },
 *      matchedDN          LDAPDN,
 *      diagnosticMessage  LDAPString,
 *      referral           [3] Referral OPTIONAL }
 *
 * Referral ::= SEQUENCE SIZE (1..MAX) OF uri URI
 *
 * Read as the leading COMPONENTS OF an already entered response.
 */
export function readLdapResult(r: BerReader): LdapResult {
  const resultCode = r.readEnumerated() as ResultCode;
  const matchedDN = r.readString();
  const diagnosticMessage = r.readString();
  if (r.peekTag() !== REFERRAL) return { resultCode, matchedDN, diagnosticMessage };
  r.enter(REFERRAL);
  const referral: string[] = [];
  while (r.hasMore()) referral.push(r.readString());
  r.leave();
  return { resultCode, matchedDN, diagnosticMessage, referral };
}

/** The fields an LDAPResult is written from; missing strings are empty. */
export interface LdapResultFields {
  readonly resultCode: ResultCode;
  readonly matchedDN?: string;
  readonly diagnosticMessage?: string;
  readonly referral?: readonly string[];
}

export function writeLdapResult(w: BerWriter, result: LdapResultFields): void {
  w.writeEnumerated(result.resultCode);
  w.writeString(result.matchedDN ?? '');
  w.writeString(result.diagnosticMessage ?? '');
  const referral = result.referral;
  // RFC 4511 §4.1.10: Referral is SIZE (1..MAX); an empty list is left out.
  if (referral !== undefined && referral.length > 0) {
    w.startSequence(REFERRAL);
    for (const uri of referral) w.writeString(uri);
    w.endSequence();
  }
}

/** Reads a response that is nothing but an LDAPResult under its application tag. */
export function readResultResponse(r: BerReader, tag: number): LdapResult {
  r.enter(tag);
  const result = readLdapResult(r);
  r.leave();
  return result;
}

export function writeResultResponse(w: BerWriter, tag: number, result: LdapResultFields): void {
  w.startSequence(tag);
  writeLdapResult(w, result);
  w.endSequence();
}
