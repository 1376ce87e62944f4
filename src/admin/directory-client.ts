import type { Directory, OperationEnv, Requester } from '../directory/index.ts';
import * as ops from '../directory/index.ts';
import { type Filter, parseFilter } from '../filter/index.ts';
import {
  type Change,
  type Control,
  decodePagedResultsValue,
  decodePasswordModifyResponse,
  encodePasswordModifyRequest,
  PAGED_RESULTS_OID,
  type PartialAttribute,
  pagedResultsControl,
  type SearchScope,
} from '../protocol/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { AuditLog } from '../service/audit.ts';
import { describeWrite } from '../service/audit.ts';
import { ApiError } from './errors.ts';

export interface SearchQuery {
  readonly base: string;
  readonly scope: SearchScope;
  readonly filter: string | Filter;
  readonly attributes?: readonly string[];
  readonly sizeLimit?: number;
  /** Ask for one page of this size (RFC 2696). */
  readonly pageSize?: number;
  /** The cookie of the previous page, base64. */
  readonly cookie?: string;
}

export interface FoundEntry {
  readonly dn: string;
  readonly attributes: readonly PartialAttribute[];
}

export interface SearchOutcome {
  readonly entries: FoundEntry[];
  readonly resultCode: number;
  readonly message: string;
  /** The cookie for the next page, base64; absent on the last page. */
  readonly cookie?: string;
}

type WriteRequest = Parameters<typeof describeWrite>[0];

/**
 * The directory's operations run as one identity: the console's only way in.
 * It adds no rights of its own — every call goes through the same operations,
 * schema checks, access rules and overlays as an LDAP request, and writes are
 * audited as LDAP writes are.
 */
export class DirectoryClient {
  readonly dir: Directory;
  readonly requester: Requester;
  readonly #audit: AuditLog | undefined;

  constructor(dir: Directory, requester: Requester, audit?: AuditLog) {
    this.dir = dir;
    this.requester = requester;
    this.#audit = audit;
  }

  env(controls: readonly Control[] = []): OperationEnv {
    return { requester: this.requester, controls };
  }

  async search(q: SearchQuery): Promise<SearchOutcome> {
    let filter: Filter;
    try {
      filter = typeof q.filter === 'string' ? parseFilter(q.filter) : q.filter;
    } catch (e) {
      throw ApiError.badRequest(`bad filter: ${(e as Error).message}`);
    }
    const controls: Control[] = [];
    if (q.pageSize)
      controls.push(
        pagedResultsControl({
          size: q.pageSize,
          cookie: q.cookie ? Buffer.from(q.cookie, 'base64') : Buffer.alloc(0),
        }),
      );
    const entries: FoundEntry[] = [];
    let done: ops.SearchDone;
    try {
      done = await ops.search(
        this.dir,
        {
          type: 'searchRequest',
          baseObject: q.base,
          scope: q.scope,
          derefAliases: 0,
          sizeLimit: q.sizeLimit ?? 0,
          timeLimit: 0,
          typesOnly: false,
          filter,
          attributes: q.attributes ?? ['*'],
        },
        this.env(controls),
        {
          entry: async (dn, attributes) => {
            entries.push({ dn, attributes });
          },
        },
      );
    } catch (e) {
      // A size limit ends the search with the entries found so far: keep them.
      if (LdapError.is(e) && e.resultCode === ResultCode.sizeLimitExceeded)
        return { entries, resultCode: e.resultCode, message: e.diagnosticMessage };
      throw e;
    }
    const paged = done.controls?.find((c) => c.oid === PAGED_RESULTS_OID);
    const cookie = paged?.value ? decodePagedResultsValue(paged.value).cookie : undefined;
    return {
      entries,
      resultCode: done.resultCode,
      message: done.diagnosticMessage ?? '',
      ...(cookie?.length ? { cookie: cookie.toString('base64') } : {}),
    };
  }

  /** One entry with the attributes asked for, or noSuchObject. */
  async read(dn: string, attributes: readonly string[] = ['*', '+']): Promise<FoundEntry> {
    const r = await this.search({ base: dn, scope: 0, filter: '(objectClass=*)', attributes });
    const entry = r.entries[0];
    if (!entry) throw new LdapError(ResultCode.noSuchObject, '');
    return entry;
  }

  async add(dn: string, attributes: readonly PartialAttribute[]): Promise<void> {
    const request = { type: 'addRequest', entry: dn, attributes } as const;
    await this.#audited(request, () => ops.add(this.dir, request, this.env()));
  }

  async modify(dn: string, changes: readonly Change[]): Promise<void> {
    const request = { type: 'modifyRequest', object: dn, changes } as const;
    await this.#audited(request, () => ops.modify(this.dir, request, this.env()));
  }

  async del(dn: string): Promise<void> {
    const request = { type: 'deleteRequest', entry: dn } as const;
    await this.#audited(request, () => ops.del(this.dir, request, this.env()));
  }

  async modifyDN(dn: string, newRDN: string, deleteOldRDN: boolean, newSuperior?: string): Promise<void> {
    const request = {
      type: 'modifyDNRequest',
      entry: dn,
      newRDN,
      deleteOldRDN,
      ...(newSuperior !== undefined ? { newSuperior } : {}),
    } as const;
    await this.#audited(request, () => ops.modifyDN(this.dir, request, this.env()));
  }

  async compare(dn: string, attributeDesc: string, value: Buffer): Promise<boolean> {
    return ops.compare(
      this.dir,
      { type: 'compareRequest', entry: dn, attribute: attributeDesc, value },
      this.env(),
    );
  }

  /** RFC 3062 Password Modify as this identity; returns the generated password when none was given. */
  async passwordModify(request: {
    userIdentity?: string;
    oldPasswd?: Buffer;
    newPasswd?: Buffer;
  }): Promise<string | undefined> {
    const dn = request.userIdentity ?? this.requester.dn;
    const value = await this.#audited({ type: 'passwordModify', dn }, () =>
      ops.passwordModify(this.dir, encodePasswordModifyRequest(request), this.env()),
    );
    const generated = value ? decodePasswordModifyResponse(value).genPasswd : undefined;
    return generated?.toString('utf8');
  }

  async #audited<T>(request: WriteRequest, fn: () => Promise<T>): Promise<T> {
    const audit = this.#audit;
    if (!audit) return fn();
    const who = this.requester.dn;
    const from = `http:${this.requester.remoteAddress ?? ''}`;
    try {
      const r = await fn();
      audit.write({ who, from, request: describeWrite(request), result: ResultCode.success });
      return r;
    } catch (e) {
      const code = LdapError.is(e) ? e.resultCode : ResultCode.other;
      audit.write({
        who,
        from,
        request: describeWrite(request),
        result: code,
        message: LdapError.is(e) ? e.diagnosticMessage : 'internal error',
      });
      throw e;
    }
  }
}
