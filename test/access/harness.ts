/**
 * A real Directory over the memory store with the default schema (plus extra
 * schema files), Linden's access rules, and example data loaded through the
 * directory's own `add` as the administrator — then helpers that act as one
 * identity and report what a client would observe.
 */
import { readFileSync } from 'node:fs';
import { compileRules, RulesAccessPolicy, ruleEnvironment } from '../../src/access/index.ts';
import { passwordToStore, verifyPassword } from '../../src/auth/index.ts';
import * as ops from '../../src/directory/index.ts';
import {
  Directory,
  memberOfOverlay,
  type PasswordPolicy,
  type Requester,
} from '../../src/directory/index.ts';
import { parseLdif } from '../../src/ldif/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';
import { ResultCode } from '../../src/protocol/result-code.ts';
import { buildDefaultSchema } from '../../src/schema/index.ts';
import { openStore } from '../../src/store/index.ts';

export const ADMIN_PASSWORD = 'admin-secret';

const passwords: PasswordPolicy = {
  async prepareForStore(value) {
    return value.toString('latin1').startsWith('{')
      ? value
      : Buffer.from(await passwordToStore(value, 'SSHA'));
  },
  verify: (password, stored) => verifyPassword(password, stored),
  generate: () => 'generated-password',
};

export interface Harness {
  readonly directory: Directory;
  readonly policy: RulesAccessPolicy;
  /** Bind as `dn` with `password` (through the bind operation) and act as that identity. */
  as(dn: string, password: string, ssf?: number): Promise<Actor>;
  anonymous(ssf?: number): Actor;
  admin(): Actor;
  close(): Promise<void>;
}

export interface Found {
  readonly dn: string;
  readonly attributes: Record<string, string[]>;
}

/** What an identity observes: result codes (`success`, `noSuchObject`…) and returned entries. */
export interface Actor {
  readonly requester: Requester;
  search(
    base: string,
    filter: string,
    options?: { scope?: 'base' | 'one' | 'sub'; attributes?: string[] },
  ): Promise<{ code: string; entries: Found[] }>;
  compare(dn: string, attribute: string, value: string): Promise<string>;
  modify(
    dn: string,
    changes: { op: 'add' | 'delete' | 'replace'; type: string; values?: string[] }[],
  ): Promise<string>;
  add(dn: string, attributes: Record<string, string[]>): Promise<string>;
  del(dn: string): Promise<string>;
  rename(dn: string, newRdn: string, newSuperior?: string): Promise<string>;
  passwordModify(newPassword: string, userIdentity?: string): Promise<string>;
}

const CODE_NAMES = new Map<number, string>(Object.entries(ResultCode).map(([k, v]) => [v as number, k]));

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    const r = await run();
    if (r === true) return 'compareTrue';
    if (r === false) return 'compareFalse';
    return 'success';
  } catch (e) {
    if (LdapError.is(e)) return CODE_NAMES.get(e.resultCode) ?? String(e.resultCode);
    throw e;
  }
}

export async function openHarness(options: {
  suffix: string;
  ldif: string;
  rules?: string;
  schemaFiles?: string[];
}): Promise<Harness> {
  const schema = buildDefaultSchema({ files: options.schemaFiles ?? [] });
  const store = await openStore({ engine: 'memory' });
  await store.open();
  const policy = new RulesAccessPolicy(ruleEnvironment(schema), compileRules(schema, options.rules));
  const adminDn = `cn=admin,${options.suffix}`;
  const directory = new Directory({
    store,
    schema,
    suffixes: [options.suffix],
    adminDn,
    adminPasswordHash: await passwordToStore(ADMIN_PASSWORD, 'SSHA'),
    indexes: {
      uid: ['eq'],
      cn: ['eq', 'sub'],
      member: ['eq'],
      uniqueMember: ['eq'],
      memberOf: ['eq'],
      mail: ['eq'],
    },
    limits: {
      sizeLimit: 0,
      timeLimit: 0,
      unindexedExamineLimit: 100000,
      filterMaxDepth: 64,
      filterMaxElements: 1000,
    },
    passwords,
    access: policy,
    overlays: [memberOfOverlay()],
  });
  const actor = (requester: Requester): Actor => makeActor(directory, requester);
  const admin = actor({ dn: adminDn, ndn: directory.adminNdn, ssf: 0 });
  for (const record of parseLdif(options.ldif)) {
    if (record.kind !== 'content' && record.kind !== 'add')
      throw new Error(`unexpected ${record.kind} record`);
    const attributes = Object.fromEntries(
      record.attributes.map((a) => [a.type, a.values.map((v) => v.toString('utf8'))]),
    );
    const code = await admin.add(record.dn, attributes);
    if (code !== 'success') throw new Error(`loading ${record.dn}: ${code}`);
  }
  return {
    directory,
    policy,
    async as(dn, password, ssf = 0) {
      const bound = await ops.bind(
        directory,
        {
          version: 3,
          name: dn,
          authentication: { type: 'simple', password: Buffer.from(password) },
        } as never,
        { dn: '', ndn: '', ssf },
      );
      return actor({ dn: bound.dn, ndn: bound.ndn, ssf });
    },
    anonymous: (ssf = 0) => actor({ dn: '', ndn: '', ssf }),
    admin: () => admin,
    close: () => store.close(),
  };
}

export function readExample(name: string, file: string): string {
  return readFileSync(new URL(`../../examples/${name}/${file}`, import.meta.url), 'utf8');
}

function makeActor(directory: Directory, requester: Requester): Actor {
  const env = { requester, controls: [] };
  const SCOPES = { base: 0, one: 1, sub: 2 } as const;
  return {
    requester,
    async search(base, filterText, options = {}) {
      const { parseFilter } = await import('../../src/filter/index.ts');
      const entries: Found[] = [];
      let code = 'success';
      try {
        const done = await ops.search(
          directory,
          {
            baseObject: base,
            scope: SCOPES[options.scope ?? 'sub'],
            derefAliases: 0,
            sizeLimit: 0,
            timeLimit: 0,
            typesOnly: false,
            filter: parseFilter(filterText),
            attributes: options.attributes ?? [],
          } as never,
          env,
          {
            async entry(dn, attributes) {
              entries.push({
                dn,
                attributes: Object.fromEntries(
                  attributes.map((a) => [a.type, a.values.map((v) => v.toString('utf8'))]),
                ),
              });
            },
          },
        );
        code = CODE_NAMES.get(done.resultCode) ?? String(done.resultCode);
      } catch (e) {
        if (!LdapError.is(e)) throw e;
        code = CODE_NAMES.get(e.resultCode) ?? String(e.resultCode);
      }
      return { code, entries };
    },
    compare: (dn, attribute, value) =>
      outcome(() =>
        ops.compare(directory, { entry: dn, attribute, value: Buffer.from(value) } as never, env),
      ),
    modify: (dn, changes) =>
      outcome(() =>
        ops.modify(
          directory,
          {
            object: dn,
            changes: changes.map((c) => ({
              operation: c.op === 'add' ? 0 : c.op === 'delete' ? 1 : 2,
              modification: { type: c.type, values: (c.values ?? []).map((v) => Buffer.from(v)) },
            })),
          } as never,
          env,
        ),
      ),
    add: (dn, attributes) =>
      outcome(() =>
        ops.add(
          directory,
          {
            entry: dn,
            attributes: Object.entries(attributes).map(([type, values]) => ({
              type,
              values: values.map((v) => Buffer.from(v)),
            })),
          } as never,
          env,
        ),
      ),
    del: (dn) => outcome(() => ops.del(directory, { entry: dn } as never, env)),
    rename: (dn, newRdn, newSuperior) =>
      outcome(() =>
        ops.modifyDN(
          directory,
          { entry: dn, newRDN: newRdn, deleteOldRDN: true, ...(newSuperior ? { newSuperior } : {}) } as never,
          env,
        ),
      ),
    passwordModify: async (newPassword, userIdentity) => {
      const protocol = await import('../../src/protocol/index.ts');
      const value = protocol.encodePasswordModifyRequest({
        ...(userIdentity ? { userIdentity } : {}),
        newPasswd: Buffer.from(newPassword),
      } as never);
      return outcome(() => ops.passwordModify(directory, value, env));
    },
  };
}
