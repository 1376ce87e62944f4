/**
 * One way to start "an LDAP server under test", whichever server it is:
 * OpenLDAP's slapd (a child process, through `startSlapd`) or a real Linden
 * started in this process (through `startServer`). Both get the same options
 * (slapd's), answer on an ephemeral loopback port, are seeded with stock
 * `ldapadd`, and return the same shape, so a suite written against one runs
 * unchanged against the other.
 *
 * `LINDEN_TEST_SERVERS=slapd,linden` (the default) chooses which kinds the
 * suites iterate over; `LINDEN_TEST_ENGINE=memory|lmdb` the Linden store.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/config/index.ts';
import { startServer } from '../../src/service/index.ts';
import { type SlapdOptions, startSlapd } from './slapd.ts';

export type DirectoryServerKind = 'slapd' | 'linden';

/** The kinds a suite runs against: `LINDEN_TEST_SERVERS` (comma-separated), default both. */
export const SERVERS: readonly DirectoryServerKind[] = parseServers(process.env.LINDEN_TEST_SERVERS);

function parseServers(value: string | undefined): DirectoryServerKind[] {
  if (value === undefined || value.trim() === '') return ['slapd', 'linden'];
  const kinds = value.split(',').map((s) => s.trim());
  for (const kind of kinds)
    if (kind !== 'slapd' && kind !== 'linden')
      throw new Error(`LINDEN_TEST_SERVERS: unknown server ${JSON.stringify(kind)} (slapd, linden)`);
  return kinds as DirectoryServerKind[];
}

export type DirectoryServerOptions = SlapdOptions;

export interface DirectoryServer {
  readonly kind: DirectoryServerKind;
  /** `ldap://127.0.0.1:PORT` (StartTLS is offered on it when TLS is configured). */
  readonly url: string;
  /** `ldaps://127.0.0.1:PORT` when TLS is configured. */
  readonly ldapsUrl: string | undefined;
  readonly adminDn: string;
  readonly adminPassword: string;
  readonly baseDn: string;
  /** Adds LDIF (add records or change records) as the administrator through `ldapadd`. */
  add(ldif: string): Promise<void>;
  /** Applies LDIF change records as the administrator through `ldapmodify`. */
  modify(ldif: string): Promise<void>;
  /** Takes the server down abruptly (connections dropped, nothing accepted), keeping its data. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDirectoryServer(
  kind: DirectoryServerKind,
  options: DirectoryServerOptions = {},
): Promise<DirectoryServer> {
  if (kind === 'slapd') {
    const slapd = await startSlapd(options);
    return {
      kind,
      url: slapd.url,
      ldapsUrl: slapd.ldapsUrl,
      adminDn: slapd.adminDn,
      adminPassword: slapd.adminPassword,
      baseDn: slapd.baseDn,
      add: (ldif) => slapd.add(ldif),
      modify: (ldif) => slapd.modify(ldif),
      kill: () => slapd.kill(),
      stop: () => slapd.stop(),
    };
  }
  return startLindenServer(options);
}

/** Linden configured as `startSlapd` would configure slapd from the same options. */
async function startLindenServer(options: DirectoryServerOptions): Promise<DirectoryServer> {
  if (options.extraConfig?.length || options.extraGlobalConfig?.length)
    throw new Error('extraConfig/extraGlobalConfig are slapd.conf lines; Linden has no equivalent here');
  const suffix = options.suffix ?? 'dc=example,dc=org';
  const adminDn = options.rootDn ?? `cn=admin,${suffix}`;
  const adminPassword = options.rootPassword ?? 'admin-secret';
  const dir = await mkdtemp(join(tmpdir(), 'linden-sdk-server-'));
  const config: ConfigInput = {
    dataDir: dir,
    suffixes: [suffix],
    store: { engine: (process.env.LINDEN_TEST_ENGINE as 'memory' | 'lmdb' | undefined) ?? 'lmdb' },
    listen: { ldap: '127.0.0.1:0', ldaps: options.tls ? '127.0.0.1:0' : '', http: '' },
    admin: { dn: adminDn, password: adminPassword },
    demo: false,
    log: { level: (process.env.LINDEN_TEST_LOG as 'info' | undefined) ?? 'silent', access: false },
    schema: { files: [...(options.schemaFiles ?? [])] },
    // The same default as startSlapd's slapd.conf.
    access: {
      rules: [
        ...(options.acl ?? [
          'access to attrs=userPassword by anonymous auth by * none',
          'access to * by * read',
        ]),
      ],
    },
    ...(options.indexes ? { indexes: lindenIndexes(options.indexes) } : {}),
    ...(options.memberOf === false ? { integrity: { memberOf: false } } : {}),
    // tls.caFile is slapd's TLSCACertificateFile: with slapd's default `TLSVerifyClient never` it asks
    // nothing of clients, and Linden asks clients for no certificate either: it has no counterpart here.
    ...(options.tls ? { tls: { certFile: options.tls.certFile, keyFile: options.tls.keyFile } } : {}),
  };
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer({ config });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const url = running.url!;
  const ldapTool = (tool: string, ldif: string) =>
    runTool(tool, ['-x', '-H', url, '-D', adminDn, '-w', adminPassword], ldif);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // As startSlapd does: the suffix entry exists, seed LDIF starts with its children.
    await ldapTool('/usr/bin/ldapadd', suffixEntry(suffix));
    if (options.ldif?.trim()) await ldapTool('/usr/bin/ldapadd', options.ldif);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    kind: 'linden',
    url,
    ldapsUrl: running.ldapsUrl,
    adminDn,
    adminPassword,
    baseDn: suffix,
    add: (ldif) => ldapTool('/usr/bin/ldapadd', ldif),
    modify: (ldif) => ldapTool('/usr/bin/ldapmodify', ldif),
    // Like a killed process: listeners closed, every connection dropped without a Notice of Disconnection.
    kill: () => running.server.close({ graceful: false }),
    stop,
  };
}

/** slapd `index` bodies (`uid,cn eq,sub`) as Linden's `indexes`; objectClass eq is always there, as in slapd. */
function lindenIndexes(lines: readonly string[]): Record<string, ('eq' | 'pres' | 'sub' | 'ord')[]> {
  const indexes: Record<string, ('eq' | 'pres' | 'sub' | 'ord')[]> = { objectClass: ['eq'] };
  for (const line of lines) {
    const [attrs = '', kinds = 'eq'] = line.trim().split(/\s+/);
    const chosen = kinds
      .split(',')
      .map((k) => (k === 'subinitial' || k === 'subany' || k === 'subfinal' ? 'sub' : k))
      .filter((k): k is 'eq' | 'pres' | 'sub' | 'ord' => ['eq', 'pres', 'sub', 'ord'].includes(k));
    for (const attr of attrs.split(',')) {
      const list = indexes[attr] ?? [];
      for (const k of chosen) if (!list.includes(k)) list.push(k);
      indexes[attr] = list;
    }
  }
  return indexes;
}

/** The entry naming the suffix (the same one startSlapd creates). */
function suffixEntry(suffix: string): string {
  const [first] = suffix.split(',');
  const [attr = 'dc', value = ''] = (first ?? '').split('=');
  const a = attr.trim().toLowerCase();
  const objectClass =
    a === 'o'
      ? ['top', 'organization']
      : a === 'ou'
        ? ['top', 'organizationalUnit']
        : ['top', 'dcObject', 'organization'];
  const extra = a === 'o' || a === 'ou' ? [`${a}: ${value}`] : [`dc: ${value}`, `o: ${value}`];
  return `dn: ${suffix}\n${objectClass.map((c) => `objectClass: ${c}`).join('\n')}\n${extra.join('\n')}\n`;
}

function runTool(file: string, args: readonly string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, [...args], (error, _stdout, stderr) => {
      if (error) reject(new Error(`${file} failed: ${stderr || error.message}`));
      else resolve();
    });
    child.stdin?.end(input);
  });
}
