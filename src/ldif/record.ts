// The records of RFC 2849: content records (`ldif-attrval-record`) and the
// change records (`ldif-change-record`) of add, delete, modify and modrdn/moddn.
// Values are bytes: LDIF carries any octet string, and `attr:: base64` is the
// only way some of them can be written.

/** One attribute description (`cn`, `cn;lang-en`, `2.5.4.3`) with its values in file order. */
export interface LdifAttribute {
  type: string;
  values: Buffer[];
}

/** `control: oid [true|false] [value]`, RFC 2849 `control:` line of a change record. */
export interface LdifControl {
  oid: string;
  critical: boolean;
  value?: Buffer;
}

interface RecordBase {
  dn: string;
  /** 1-based line number of the record's `dn:` line. */
  line: number;
}

/** An entry: `dn:` followed by attribute lines (RFC 2849 `ldif-attrval-record`). */
export interface LdifContentRecord extends RecordBase {
  kind: 'content';
  attributes: LdifAttribute[];
}

interface ChangeBase extends RecordBase {
  controls: LdifControl[];
}

/** `changetype: add`. */
export interface LdifAddRecord extends ChangeBase {
  kind: 'add';
  attributes: LdifAttribute[];
}

/** `changetype: delete`. */
export interface LdifDeleteRecord extends ChangeBase {
  kind: 'delete';
}

/** One `add:`/`delete:`/`replace:`/`increment:` block of a modify record, ended by `-`. */
export interface LdifModification {
  /** `increment` is RFC 4525's Modify-Increment. */
  operation: 'add' | 'delete' | 'replace' | 'increment';
  type: string;
  values: Buffer[];
}

/** `changetype: modify`. */
export interface LdifModifyRecord extends ChangeBase {
  kind: 'modify';
  changes: LdifModification[];
}

/** `changetype: modrdn` or `moddn` (the two are synonyms). */
export interface LdifModDnRecord extends ChangeBase {
  kind: 'modrdn';
  /** The spelling in the file, kept so a record is written back as it was read. */
  changetype: 'modrdn' | 'moddn';
  newRdn: string;
  deleteOldRdn: boolean;
  newSuperior?: string;
}

export type LdifChangeRecord = LdifAddRecord | LdifDeleteRecord | LdifModifyRecord | LdifModDnRecord;
export type LdifRecord = LdifContentRecord | LdifChangeRecord;
