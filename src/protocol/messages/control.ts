import { type BerReader, type BerWriter, Tag } from '../../ber/index.ts';

/** Control (RFC 4511 §4.1.11). `value` is the raw controlValue octets, absent when the peer sent none. */
export interface Control {
  readonly oid: string;
  readonly critical: boolean;
  readonly value?: Buffer;
}

/** The context tag of `controls [0] Controls` in LDAPMessage. */
export const CONTROLS = 0xa0;

export const NO_CONTROLS: readonly Control[] = Object.freeze([]);

/*
 * Controls ::= SEQUENCE OF control Control
 *
 * Control ::= SEQUENCE {
 *      controlType             LDAPOID,
 *      criticality             BOOLEAN DEFAULT FALSE,
 *      controlValue            OCTET STRING OPTIONAL }
 */
export function readControls(r: BerReader): Control[] {
  r.enter(CONTROLS);
  const controls: Control[] = [];
  while (r.hasMore()) {
    r.enter(Tag.sequence);
    const oid = r.readString();
    const critical = r.peekTag() === Tag.boolean ? r.readBoolean() : false;
    if (r.peekTag() === Tag.octetString) controls.push({ oid, critical, value: r.readOctetString() });
    else controls.push({ oid, critical });
    r.leave();
  }
  r.leave();
  return controls;
}

export function writeControls(w: BerWriter, controls: readonly Control[]): void {
  w.startSequence(CONTROLS);
  for (const c of controls) {
    w.startSequence(Tag.sequence);
    w.writeString(c.oid);
    // DER leaves out a component equal to its DEFAULT (X.690 §11.5).
    if (c.critical) w.writeBoolean(true);
    if (c.value !== undefined) w.writeOctetString(c.value);
    w.endSequence();
  }
  w.endSequence();
}
