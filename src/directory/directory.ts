import type { Filter } from '../filter/model.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { SchemaRegistry } from '../schema/index.ts';
import type { AttributeType } from '../schema/types.ts';
import {
  type ReadTxn,
  type Store,
  StoreConflictError,
  StoreUnavailableError,
  type WriteTxn,
} from '../store/contract.ts';
import { type AccessPolicy, type AccessView, UNRESTRICTED } from './access-policy.ts';
import { DnService } from './dn-service.ts';
import type { Entry } from './entry.ts';
import { decodeEntry, encodeEntry } from './entry-codec.ts';
import { entryIndexKeys, IndexConfig, type IndexKind, indexKeyChanges } from './index-keys.ts';
import type { LockoutPolicy } from './lockout.ts';
import type { Overlay } from './overlay.ts';
import type { PasswordPolicy } from './passwords.ts';
import type { Requester } from './requester.ts';

const DN_SYNTAX_OID = '1.3.6.1.4.1.1466.115.121.1.12';
/** Name and Optional UID (uniqueMember): a DN, perhaps with `#'…'B` after it. */
const NAME_UID_SYNTAX_OID = '1.3.6.1.4.1.1466.115.121.1.34';

export interface DirectoryLimits {
  /** Highest size limit for requesters other than the administrator (0: none). */
  readonly sizeLimit: number;
  /** Seconds; highest time limit for requesters other than the administrator (0: none). */
  readonly timeLimit: number;
  /** Entries an unindexed search may examine before adminLimitExceeded. */
  readonly unindexedExamineLimit: number;
  readonly filterMaxDepth: number;
  readonly filterMaxElements: number;
}

export interface DirectoryOptions {
  readonly store: Store;
  readonly schema: SchemaRegistry;
  readonly suffixes: readonly string[];
  /** The administrator: bypasses access rules; its password is checked against `adminPasswordHash`. */
  readonly adminDn?: string | undefined;
  readonly adminPasswordHash?: string | undefined;
  readonly indexes: Readonly<Record<string, readonly IndexKind[]>>;
  readonly limits: DirectoryLimits;
  readonly passwords: PasswordPolicy;
  readonly access: AccessPolicy;
  readonly overlays?: readonly Overlay[];
  /** `vendorVersion` in the root DSE. */
  readonly version?: string;
  readonly requireTlsForBind?: boolean;
  readonly lockout?: LockoutPolicy | undefined;
  /** Attributes that get an equality index whatever the configuration says (integrity features need them). */
  readonly requiredIndexes?: readonly string[];
}

/**
 * The directory engine: the operations over a store, with schema
 * enforcement, access control, operational attributes and overlays. Nothing
 * here knows about sockets: the server hands it decoded requests.
 */
export class Directory {
  readonly store: Store;
  readonly schema: SchemaRegistry;
  readonly dn: DnService;
  /**
   * The attribute indexes writes maintain and searches use. Replaced when another
   * node sharing the store rebuilt the postings for another configuration
   * (`followStoredIndexes`): every node must maintain the postings the store has.
   */
  indexes: IndexConfig;
  readonly limits: DirectoryLimits;
  readonly passwords: PasswordPolicy;
  overlays: readonly Overlay[];
  readonly suffixes: readonly { dn: string; ndn: string }[];
  readonly adminNdn: string;
  readonly adminDn: string;
  readonly adminPasswordHash: string | undefined;
  readonly version: string;
  readonly requireTlsForBind: boolean;
  readonly lockout: LockoutPolicy | undefined;
  access: AccessPolicy;

  constructor(options: DirectoryOptions) {
    this.store = options.store;
    this.schema = options.schema;
    this.dn = new DnService(options.schema);
    this.limits = options.limits;
    this.passwords = options.passwords;
    this.access = options.access;
    this.overlays = options.overlays ?? [];
    this.version = options.version ?? '0.1.0';
    this.requireTlsForBind = options.requireTlsForBind ?? false;
    this.lockout = options.lockout?.maxFailures ? options.lockout : undefined;
    this.suffixes = options.suffixes.map((dn) => ({ dn, ndn: this.dn.normalize(dn) }));
    this.adminDn = options.adminDn ?? '';
    this.adminNdn = options.adminDn ? this.dn.normalize(options.adminDn) : '';
    this.adminPasswordHash = options.adminPasswordHash;
    const specs: { type: AttributeType; kinds: IndexKind[] }[] = [];
    const wanted: Record<string, readonly IndexKind[]> = { objectClass: ['eq'], ...options.indexes };
    for (const name of options.requiredIndexes ?? []) {
      const have = Object.entries(wanted).find(([k]) => k.toLowerCase() === name.toLowerCase());
      if (!have) wanted[name] = ['eq'];
      else if (!have[1].includes('eq')) wanted[have[0]] = [...have[1], 'eq'];
    }
    for (const [name, kinds] of Object.entries(wanted)) {
      const type = this.schema.attributeType(name);
      if (!type) throw new Error(`indexes.${name}: no attribute type of that name in the schema`);
      specs.push({ type, kinds: [...kinds] });
    }
    const closure = new Map<string, readonly string[]>();
    this.indexes = new IndexConfig(specs, (oid) => {
      let hit = closure.get(oid);
      if (!hit) {
        const oc = this.schema.objectClass(oid);
        hit = oc ? [...oc.superclasses].map((c) => c.oid).filter((o) => o !== oid) : [];
        closure.set(oid, hit);
      }
      return hit;
    });
  }

  isAdmin(requester: Requester): boolean {
    return this.adminNdn !== '' && requester.ndn === this.adminNdn;
  }

  /** The suffix an NDN falls under, if any. */
  suffixOf(ndn: string): { dn: string; ndn: string } | undefined {
    for (const s of this.suffixes) if (ndn === s.ndn || ndn.endsWith(`,${s.ndn}`)) return s;
    return undefined;
  }

  async accessView(requester: Requester, txn: ReadTxn): Promise<AccessView> {
    if (this.isAdmin(requester)) return UNRESTRICTED;
    return this.access.prepare(requester, (ndn) => this.loadByNdn(txn, ndn));
  }

  async loadById(txn: ReadTxn, id: number): Promise<Entry | undefined> {
    const stored = await txn.getEntry(id);
    return stored
      ? decodeEntry(stored.id, stored.parentId, stored.ndn, stored.data, this.returnable)
      : undefined;
  }

  async loadByNdn(txn: ReadTxn, ndn: string): Promise<Entry | undefined> {
    const stored = await txn.findEntry(ndn);
    return stored
      ? decodeEntry(stored.id, stored.parentId, stored.ndn, stored.data, this.returnable)
      : undefined;
  }

  /**
   * The entry at `ndn`, or noSuchObject with matchedDN set to the closest
   * existing superior (RFC 4511 §4.1.9), as far as the requester may know it.
   */
  async requireEntry(txn: ReadTxn, ndn: string, dn: string): Promise<Entry> {
    const entry = await this.loadByNdn(txn, ndn);
    if (entry) return entry;
    throw new LdapError(ResultCode.noSuchObject, '', await this.matchedDn(txn, dn));
  }

  async matchedDn(txn: ReadTxn, dn: string): Promise<string> {
    let parsed = this.dn.parse(dn);
    while (parsed.rdns.length > 1) {
      parsed = this.dn.parent(parsed);
      const e = await this.loadByNdn(txn, this.dn.normalizeParsed(parsed));
      if (e) return e.dn;
    }
    return '';
  }

  /** Store an entry (new or changed) with its index postings, in one write transaction. */
  async putEntry(txn: WriteTxn, entry: Entry, previous: Entry | undefined): Promise<void> {
    const typeOf = (key: string): AttributeType | undefined => this.schema.attributeType(key);
    try {
      await txn.putEntry({
        id: entry.id,
        parentId: entry.parentId,
        ndn: entry.ndn,
        data: encodeEntry(entry, this.returnable),
      });
    } catch (e) {
      if (e instanceof StoreConflictError) throw new LdapError(ResultCode.entryAlreadyExists, '');
      throw e;
    }
    if (previous) {
      const d = indexKeyChanges(previous, entry, this.indexes, typeOf);
      if (d.remove.length) await txn.removeIndexKeys(entry.id, d.remove);
      if (d.add.length) await txn.addIndexKeys(entry.id, d.add);
    } else {
      const next = entryIndexKeys(entry, this.indexes, typeOf);
      if (next.length) await txn.addIndexKeys(entry.id, next);
    }
  }

  async removeEntry(txn: WriteTxn, entry: Entry): Promise<void> {
    const keys = entryIndexKeys(entry, this.indexes, (key) => this.schema.attributeType(key));
    if (keys.length) await txn.removeIndexKeys(entry.id, keys);
    await txn.deleteEntry(entry.id);
  }

  #batch: WriteTxn | undefined;
  readonly #returnable = new Map<string, boolean>();

  /**
   * Whether a stored attribute goes into the entry's pre-encoded block: user
   * attributes a search may return (never userPassword, never operational ones).
   */
  readonly returnable = (key: string): boolean => {
    let r = this.#returnable.get(key);
    if (r === undefined) {
      const semi = key.indexOf(';');
      const base = semi < 0 ? key : key.slice(0, semi);
      const type = this.schema.attributeType(base);
      r = base !== 'userpassword' && !(type?.operational ?? false);
      this.#returnable.set(key, r);
    }
    return r;
  };

  /**
   * Run many operations in one write transaction (LDIF import): every
   * operation's `write` inside `fn` joins it. The operations run one after the
   * other; whatever `fn` returns normally commits.
   */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    return this.write(async (txn) => {
      this.#batch = txn;
      try {
        return await fn();
      } finally {
        this.#batch = undefined;
      }
    });
  }

  /**
   * Inside `batch`: tells the store which entries (by DN, with their parents)
   * the batch is about to look for, so that a network store learns which exist
   * in one round trip. DNs that do not parse are left to the operation to refuse.
   */
  async prefetchDns(dns: readonly string[]): Promise<void> {
    const txn = this.#batch;
    if (txn?.prefetchDns === undefined) return;
    const ndns = new Set<string>();
    for (const dn of dns) {
      try {
        const parsed = this.dn.parse(dn);
        ndns.add(this.dn.normalizeParsed(parsed));
        if (parsed.rdns.length > 1) ndns.add(this.dn.normalizeParsed(this.dn.parent(parsed)));
      } catch {
        // refused with its line number when the record is applied
      }
    }
    try {
      await txn.prefetchDns([...ndns]);
    } catch (e) {
      throw translateStoreError(e);
    }
  }

  /**
   * The values of DN-valued attributes (member, uniqueMember, manager …) among
   * `attributes`: the entries an add or modify of them will read (memberOf,
   * referential integrity), for `prefetchDns`.
   */
  dnValues(attributes: readonly { readonly type: string; readonly values: readonly Buffer[] }[]): string[] {
    const dns: string[] = [];
    for (const { type, values } of attributes) {
      const oid = this.schema.attributeType(type.split(';')[0]!)?.syntax.oid;
      if (oid !== DN_SYNTAX_OID && oid !== NAME_UID_SYNTAX_OID) continue;
      for (const value of values) dns.push(value.toString('utf8'));
    }
    return dns;
  }

  /** Run `fn` in a write transaction, translating store failures to LDAP result codes. */
  async write<T>(fn: (txn: WriteTxn) => Promise<T>): Promise<T> {
    if (this.#batch) return fn(this.#batch);
    try {
      return await this.store.write(fn);
    } catch (e) {
      throw translateStoreError(e);
    }
  }

  async read<T>(fn: (txn: ReadTxn) => Promise<T>): Promise<T> {
    try {
      return await this.store.read(fn);
    } catch (e) {
      throw translateStoreError(e);
    }
  }

  /** Check a filter's size and depth against the limits (protocol layer already bounds nesting). */
  checkFilter(filter: Filter): void {
    let elements = 0;
    const stack: { f: Filter; depth: number }[] = [{ f: filter, depth: 1 }];
    while (stack.length) {
      const { f, depth } = stack.pop()!;
      elements++;
      if (depth > this.limits.filterMaxDepth)
        throw new LdapError(
          ResultCode.adminLimitExceeded,
          `filter nested deeper than ${this.limits.filterMaxDepth}`,
        );
      if (elements > this.limits.filterMaxElements)
        throw new LdapError(
          ResultCode.adminLimitExceeded,
          `filter has more than ${this.limits.filterMaxElements} elements`,
        );
      if (f.type === 'and' || f.type === 'or')
        for (const c of f.filters) stack.push({ f: c, depth: depth + 1 });
      else if (f.type === 'not') stack.push({ f: f.filter, depth: depth + 1 });
    }
  }
}

export function translateStoreError(e: unknown): unknown {
  if (LdapError.is(e)) return e;
  if (e instanceof StoreUnavailableError)
    return new LdapError(ResultCode.unavailable, 'the store is unavailable');
  if (e instanceof StoreConflictError) return new LdapError(ResultCode.entryAlreadyExists, '');
  return e;
}
