/**
 * The community directory's rules, unchanged, in OpenLDAP's slapd and in
 * Linden, over the same data: for every identity, entry and attribute,
 * whether the entry is found, which attributes and values are read, whether
 * the attribute can be searched on, and what compare answers must agree.
 * Intended differences are listed in docs/access-control.md and skipped here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ResultCodeError } from 'ldapts';
import { ResultCode } from '../../src/protocol/result-code.ts';
import { MOZILLIANS_SCHEMA_FILE } from '../../src/schema/index.ts';
import { type SlapdServer, slapdAvailable, startSlapd } from '../support/slapd.ts';
import { type Actor, type Harness, openHarness, readExample } from './harness.ts';

const BASE = 'dc=mozillians,dc=org';
const IDENTITIES: readonly [string, string][] = [
  ['', ''],
  [`uniqueIdentifier=7f3a67u000001,ou=people,${BASE}`, 'alice-pw'],
  [`uniqueIdentifier=7f3a67u000002,ou=people,${BASE}`, 'bob-pw'],
  [`uniqueIdentifier=7f3a67u000003,ou=people,${BASE}`, 'carol-pw'],
  [`uniqueIdentifier=7f3a67u000004,ou=people,${BASE}`, 'dave-pw'],
  [`cn=registration,ou=system,${BASE}`, 'registration-pw'],
];
/** Linden never confirms or returns password values (docs/access-control.md). */
const SKIPPED = new Set(['userpassword']);
const CODE_NAMES = new Map<number, string>(Object.entries(ResultCode).map(([k, v]) => [v as number, k]));

interface Observation {
  readonly found: boolean;
  readonly read: Record<string, string[]>;
  readonly searchable: Record<string, boolean>;
  readonly compare: Record<string, string>;
}

type Entries = { dn: string; attributes: Record<string, string[]> }[];

const norm = (attrs: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(attrs)
      .map(([k, v]) => [k.toLowerCase(), [...v].sort()] as [string, string[]])
      // ldapts lists the requested `*` as an attribute with no values.
      .filter(([k]) => !SKIPPED.has(k) && k !== '*')
      .sort(([a], [b]) => a.localeCompare(b)),
  );

async function observe(
  entry: { dn: string; attributes: Record<string, string[]> },
  search: (base: string, filter: string, attributes: string[]) => Promise<Entries | string>,
  compare: (dn: string, attr: string, value: string) => Promise<string>,
): Promise<Observation> {
  const types = Object.keys(entry.attributes).filter((a) => !SKIPPED.has(a.toLowerCase()));
  const any = `(|${types.map((t) => `(${t}=*)`).join('')})`;
  const all = await search(entry.dn, any, ['*']);
  const searchable: Record<string, boolean> = {};
  const compared: Record<string, string> = {};
  for (const t of types) {
    const r = await search(entry.dn, `(${t}=*)`, ['1.1']);
    searchable[t.toLowerCase()] = typeof r !== 'string' && r.length === 1;
    compared[t.toLowerCase()] = await compare(entry.dn, t, entry.attributes[t]![0]!);
  }
  const found = typeof all !== 'string' && all.length === 1;
  return { found, read: found ? norm((all as Entries)[0]!.attributes) : {}, searchable, compare: compared };
}

function differential(
  example: string,
  base: string,
  identities: readonly [string, string][],
  schemaFiles: string[],
  indexes: string[],
): void {
  describe(`${example} rules: Linden against slapd`, {
    skip: slapdAvailable() ? false : 'slapd is not installed',
  }, () => {
    let slapd: SlapdServer;
    let linden: Harness;
    const ldif = readExample(example, 'data.ldif');
    const rules = readExample(example, 'access.rules');
    const entries: { dn: string; attributes: Record<string, string[]> }[] = [];

    before(async () => {
      linden = await openHarness({ suffix: base, ldif, rules, schemaFiles });
      // The harness creates the suffix entry itself.
      const body = ldif
        .split(/\n\n+/)
        .filter((r) => !r.includes(`dn: ${base}\n`))
        .join('\n\n');
      slapd = await startSlapd({
        suffix: base,
        schemaFiles,
        acl: rules.split('\n'),
        indexes,
        ldif: body,
      });
      const { parseLdif } = await import('../../src/ldif/index.ts');
      // The suffix entry differs (slapd's harness writes its own), so it is not compared.
      for (const r of parseLdif(ldif))
        if (r.kind === 'content' && r.dn !== base)
          entries.push({
            dn: r.dn,
            attributes: Object.fromEntries(
              r.attributes.map((a) => [a.type, a.values.map((v) => v.toString('utf8'))]),
            ),
          });
    });
    after(async () => {
      await linden?.close();
      await slapd?.stop();
    });

    for (const [dn, password] of identities) {
      it(`agrees for ${dn || 'anonymous'}`, async () => {
        const client = new Client({ url: slapd.url });
        if (dn) await client.bind(dn, password);
        const actor: Actor = dn ? await linden.as(dn, password) : linden.anonymous();
        const differences: string[] = [];
        try {
          for (const entry of entries) {
            const theirs = await observe(
              entry,
              async (base, filter, attributes) => {
                try {
                  const { searchEntries } = await client.search(base, { scope: 'base', filter, attributes });
                  return searchEntries.map((e) => ({
                    dn: e.dn,
                    attributes: Object.fromEntries(
                      Object.entries(e)
                        .filter(([k]) => k !== 'dn')
                        .map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)]),
                    ),
                  }));
                } catch (e) {
                  if (e instanceof ResultCodeError) return CODE_NAMES.get(e.code) ?? String(e.code);
                  throw e;
                }
              },
              async (target, attr, value) => {
                try {
                  return (await client.compare(target, attr, value)) ? 'compareTrue' : 'compareFalse';
                } catch (e) {
                  if (e instanceof ResultCodeError) return CODE_NAMES.get(e.code) ?? String(e.code);
                  throw e;
                }
              },
            );
            const ours = await observe(
              entry,
              async (base, filter, attributes) => {
                const r = await actor.search(base, filter, { scope: 'base', attributes });
                return r.code === 'success' ? r.entries : r.code;
              },
              (target, attr, value) => actor.compare(target, attr, value),
            );
            if (JSON.stringify(ours) !== JSON.stringify(theirs))
              differences.push(
                `${entry.dn}\n  slapd:  ${JSON.stringify(theirs)}\n  Linden: ${JSON.stringify(ours)}`,
              );
          }
        } finally {
          await client.unbind();
        }
        assert.deepEqual(differences, []);
      });
    }
  });
}

differential(
  'community-directory',
  BASE,
  IDENTITIES,
  [MOZILLIANS_SCHEMA_FILE],
  ['uid eq', 'member eq', 'uniqueIdentifier eq'],
);
differential(
  'published-directory',
  'dc=cde-ev,dc=de',
  [
    ['', ''],
    ['uid=1,ou=users,dc=cde-ev,dc=de', '1-pw'],
    ['uid=2,ou=users,dc=cde-ev,dc=de', '2-pw'],
    ['cn=wiki,ou=duas,dc=cde-ev,dc=de', 'wiki-pw'],
    ['cn=mailman,ou=duas,dc=cde-ev,dc=de', 'mailman-pw'],
  ],
  [],
  ['uid eq', 'uniqueMember eq'],
);

describe('community rules, writes: Linden against slapd', {
  skip: slapdAvailable() ? false : 'slapd is not installed',
}, () => {
  const people = `ou=people,${BASE}`;
  const tags = `ou=tags,${BASE}`;
  const [, ALICE, BOB, CAROL, DAVE, REGISTRATION] = IDENTITIES.map(([dn]) => dn) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const OPEN = `uniqueIdentifier=ab83c301007f,${tags}`;
  const MANAGED = `uniqueIdentifier=ab83c3010200,${tags}`;
  const passwords = new Map(IDENTITIES);
  type Change = { op: 'add' | 'delete' | 'replace'; type: string; values?: string[] };
  type Step =
    | [who: string, kind: 'modify', dn: string, changes: Change[]]
    | [who: string, kind: 'add', dn: string, attributes: Record<string, string[]>]
    | [who: string, kind: 'delete', dn: string];
  const person = {
    objectClass: ['inetOrgPerson', 'mozilliansPerson'],
    uniqueIdentifier: ['7f3a67u000009'],
    cn: ['Erin'],
    sn: ['New'],
    uid: ['erin'],
    userPassword: ['erin-pw'],
  };
  const group = (owner: string) => ({
    objectClass: ['mozilliansGroup'],
    uniqueIdentifier: ['ab83c3019999'],
    cn: ['Hikers'],
    displayName: ['Hikers'],
    owner: [owner],
  });
  const NEW_PERSON = `uniqueIdentifier=7f3a67u000009,${people}`;
  const NEW_GROUP = `uniqueIdentifier=ab83c3019999,${tags}`;
  const steps: Step[] = [
    [DAVE, 'modify', CAROL, [{ op: 'add', type: 'mozilliansVouchedBy', values: [ALICE] }]],
    [DAVE, 'modify', CAROL, [{ op: 'replace', type: 'mozilliansVouchedBy', values: [DAVE] }]],
    [DAVE, 'modify', CAROL, [{ op: 'add', type: 'mozilliansVouchedBy', values: [DAVE] }]],
    [BOB, 'modify', CAROL, [{ op: 'delete', type: 'mozilliansVouchedBy', values: [DAVE] }]],
    [DAVE, 'modify', CAROL, [{ op: 'delete', type: 'mozilliansVouchedBy', values: [DAVE] }]],
    [CAROL, 'modify', CAROL, [{ op: 'add', type: 'mozilliansVouchedBy', values: [CAROL] }]],
    [CAROL, 'modify', OPEN, [{ op: 'add', type: 'member', values: [CAROL] }]],
    [CAROL, 'modify', OPEN, [{ op: 'add', type: 'member', values: [DAVE] }]],
    [DAVE, 'modify', OPEN, [{ op: 'replace', type: 'member', values: [DAVE] }]],
    [DAVE, 'modify', OPEN, [{ op: 'delete', type: 'member', values: [CAROL] }]],
    [CAROL, 'modify', OPEN, [{ op: 'delete', type: 'member', values: [CAROL] }]],
    [DAVE, 'modify', MANAGED, [{ op: 'add', type: 'member', values: [DAVE] }]],
    [ALICE, 'modify', MANAGED, [{ op: 'add', type: 'member', values: [DAVE] }]],
    [ALICE, 'modify', MANAGED, [{ op: 'replace', type: 'description', values: ['Curated'] }]],
    [DAVE, 'modify', MANAGED, [{ op: 'replace', type: 'description', values: ['mine'] }]],
    [BOB, 'modify', OPEN, [{ op: 'replace', type: 'cn', values: ['Dinofood', 'Dino'] }]],
    [DAVE, 'modify', OPEN, [{ op: 'replace', type: 'cn', values: ['Mine'] }]],
    [DAVE, 'modify', DAVE, [{ op: 'replace', type: 'telephoneNumber', values: ['+44 1234 567004'] }]],
    [DAVE, 'modify', DAVE, [{ op: 'add', type: 'objectClass', values: ['pilotPerson'] }]],
    [DAVE, 'modify', DAVE, [{ op: 'delete', type: 'sn' }]],
    [DAVE, 'modify', DAVE, [{ op: 'replace', type: 'uniqueIdentifier', values: ['x'] }]],
    [ALICE, 'modify', BOB, [{ op: 'replace', type: 'description', values: ['x'] }]],
    [ALICE, 'add', NEW_PERSON, person],
    [REGISTRATION, 'add', NEW_PERSON, person],
    [ALICE, 'delete', NEW_PERSON],
    [REGISTRATION, 'delete', NEW_PERSON],
    [DAVE, 'add', NEW_GROUP, group(ALICE)],
    [CAROL, 'add', NEW_GROUP, group(CAROL)],
    [DAVE, 'add', NEW_GROUP, group(DAVE)],
    [ALICE, 'delete', NEW_GROUP],
    [DAVE, 'delete', NEW_GROUP],
  ];
  let slapd: SlapdServer;
  let linden: Harness;
  before(async () => {
    const ldif = readExample('community-directory', 'data.ldif');
    const rules = readExample('community-directory', 'access.rules');
    linden = await openHarness({ suffix: BASE, ldif, rules, schemaFiles: [MOZILLIANS_SCHEMA_FILE] });
    slapd = await startSlapd({
      suffix: BASE,
      schemaFiles: [MOZILLIANS_SCHEMA_FILE],
      acl: rules.split('\n'),
      // Linden checks the content of added entries; slapd does so when asked.
      extraConfig: ['add_content_acl on'],
      indexes: ['uid eq', 'member eq', 'uniqueIdentifier eq'],
      ldif: ldif
        .split(/\n\n+/)
        .filter((r) => !r.includes(`dn: ${BASE}\n`))
        .join('\n\n'),
    });
  });
  after(async () => {
    await linden?.close();
    await slapd?.stop();
  });

  it('gives the same result code for every step of the same sequence', async () => {
    const { Attribute, Change: LdaptsChange } = await import('ldapts');
    const theirs: string[] = [];
    const ours: string[] = [];
    for (const [who, kind, dn, arg] of steps) {
      const client = new Client({ url: slapd.url });
      await client.bind(who, passwords.get(who)!);
      const actor = await linden.as(who, passwords.get(who)!);
      const code = async (fn: () => Promise<unknown>): Promise<string> => {
        try {
          await fn();
          return 'success';
        } catch (e) {
          if (e instanceof ResultCodeError) return CODE_NAMES.get(e.code) ?? String(e.code);
          throw e;
        }
      };
      if (kind === 'modify') {
        const changes = arg as Change[];
        theirs.push(
          await code(() =>
            client.modify(
              dn,
              changes.map(
                (c) =>
                  new LdaptsChange({
                    operation: c.op,
                    modification: new Attribute({ type: c.type, values: c.values ?? [] }),
                  }),
              ),
            ),
          ),
        );
        ours.push(await actor.modify(dn, changes));
      } else if (kind === 'add') {
        theirs.push(await code(() => client.add(dn, arg as Record<string, string[]>)));
        ours.push(await actor.add(dn, arg as Record<string, string[]>));
      } else {
        theirs.push(await code(() => client.del(dn)));
        ours.push(await actor.del(dn));
      }
      await client.unbind();
    }
    const label = (codes: string[]) =>
      steps.map((s, i) => `${i + 1} ${s[1]} ${s[2].split(',')[0]} by ${s[0].split(',')[0]}: ${codes[i]}`);
    assert.deepEqual(label(ours), label(theirs));
  });
});
