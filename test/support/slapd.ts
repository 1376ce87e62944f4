/**
 * Starts a private OpenLDAP `slapd` for a test: its own temporary folder, its own
 * ephemeral port, a generated slapd.conf with back-mdb, a root DN and password,
 * optional TLS (ldaps and StartTLS), seeded with LDIF through `ldapadd` so that
 * overlays such as memberof run on the seed data as they would in production.
 *
 * It never touches a slapd the system may run: every path and port is its own,
 * and `-f`/`-h` are always passed.
 *
 * Tests that target "the server under test" should depend on `DirectoryUnderTest`
 * only, so that Linden can replace slapd behind the same shape.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';

/** What a test needs of a running directory server, whichever server it is. */
export interface DirectoryUnderTest {
  /** `ldap://127.0.0.1:PORT` (StartTLS is available on it when TLS is configured). */
  readonly url: string;
  readonly adminDn: string;
  readonly adminPassword: string;
  readonly baseDn: string;
  stop(): Promise<void>;
}

export interface SlapdTls {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA bundle slapd uses to verify client certificates (optional). */
  readonly caFile?: string;
}

export interface SlapdOptions {
  /** Naming context; default `dc=example,dc=org`. */
  readonly suffix?: string;
  /** Root DN; default `cn=admin,<suffix>`. */
  readonly rootDn?: string;
  readonly rootPassword?: string;
  /** Extra `.schema` files, included after core, cosine, inetorgperson and nis. */
  readonly schemaFiles?: readonly string[];
  /** `access to … by …` lines; default: everything readable, root writes. */
  readonly acl?: readonly string[];
  /** `index` directive bodies, e.g. `uid eq`; objectClass eq is always there. */
  readonly indexes?: readonly string[];
  /** Lines appended to the database section, e.g. `limits … size=5`. */
  readonly extraConfig?: readonly string[];
  /** Lines placed in the global section, before the database. */
  readonly extraGlobalConfig?: readonly string[];
  /** Load and stack the memberof overlay when the module exists; default true. */
  readonly memberOf?: boolean;
  readonly tls?: SlapdTls;
  /** LDIF added with `ldapadd` once the server answers; the suffix entry is created for you. */
  readonly ldif?: string;
  /** How long to wait for the server to answer; default 15 s. */
  readonly startTimeoutMs?: number;
}

export interface SlapdServer extends DirectoryUnderTest {
  /** `ldaps://127.0.0.1:PORT` when TLS is configured. */
  readonly ldapsUrl: string | undefined;
  readonly port: number;
  readonly dir: string;
  /** Adds LDIF (add records or change records) as the root DN through `ldapadd`. */
  add(ldif: string): Promise<void>;
  /** Applies LDIF change records as the root DN through `ldapmodify`. */
  modify(ldif: string): Promise<void>;
  /** Kills the process and waits for it, without removing data: the server is then "down". */
  kill(): Promise<void>;
}

const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';
const SLAPD = ['/usr/sbin/slapd', '/usr/local/libexec/slapd', '/usr/libexec/slapd'].find((p) =>
  existsSync(p),
);

/** A TCP port the kernel just handed out; slapd may still lose a race for it, so start() retries. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the kernel');
  return address.port;
}

export function slapdAvailable(): boolean {
  return SLAPD !== undefined;
}

export async function startSlapd(options: SlapdOptions = {}): Promise<SlapdServer> {
  if (SLAPD === undefined) throw new Error('slapd is not installed (Debian: apt-get install slapd)');
  const dir = await mkdtemp(join(tmpdir(), 'linden-slapd-'));
  try {
    // A port may be taken between freePort() and slapd's bind(); three tries make that vanishingly rare.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await launch(SLAPD, dir, options);
      } catch (error) {
        lastError = error;
        if (!(error instanceof PortTakenError)) break;
      }
    }
    throw lastError;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

class PortTakenError extends Error {}

async function launch(slapdPath: string, dir: string, options: SlapdOptions): Promise<SlapdServer> {
  const suffix = options.suffix ?? 'dc=example,dc=org';
  const rootDn = options.rootDn ?? `cn=admin,${suffix}`;
  const rootPassword = options.rootPassword ?? 'admin-secret';
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = tlsPort === undefined ? undefined : `ldaps://127.0.0.1:${tlsPort}`;
  const dataDir = join(dir, `data-${port}`);
  await mkdir(dataDir, { recursive: true });
  const confFile = join(dir, 'slapd.conf');
  await writeFile(confFile, slapdConf({ ...options, suffix, rootDn, rootPassword, dir, dataDir }));
  await runTool('/usr/sbin/slapadd', ['-f', confFile, '-b', suffix], suffixEntry(suffix));

  const listen = [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(' ');
  // `-d 0` keeps slapd in the foreground (so we own its lifetime) without debug output.
  const child = spawn(slapdPath, ['-d', '0', '-f', confFile, '-h', listen], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  try {
    await waitUntilAnswering(url, exited, options.startTimeoutMs ?? 15_000);
  } catch (error) {
    await killChild(child, exited);
    if (/bind\(\d+\) failed|Address already in use/.test(stderr)) throw new PortTakenError(stderr);
    throw new Error(`slapd did not start: ${(error as Error).message}\n${stderr}`);
  }

  const ldapTool = async (tool: string, ldif: string) =>
    runTool(tool, ['-x', '-H', url, '-D', rootDn, '-w', rootPassword], ldif);
  if (options.ldif?.trim()) await ldapTool('/usr/bin/ldapadd', options.ldif);

  let stopped = false;
  return {
    url,
    ldapsUrl,
    port,
    dir,
    adminDn: rootDn,
    adminPassword: rootPassword,
    baseDn: suffix,
    add: (ldif) => ldapTool('/usr/bin/ldapadd', ldif),
    modify: (ldif) => ldapTool('/usr/bin/ldapmodify', ldif),
    kill: () => killChild(child, exited),
    async stop() {
      if (stopped) return;
      stopped = true;
      await killChild(child, exited);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface ConfInput extends SlapdOptions {
  suffix: string;
  rootDn: string;
  rootPassword: string;
  dir: string;
  dataDir: string;
}

function slapdConf(o: ConfInput): string {
  const memberOf = (o.memberOf ?? true) && existsSync(join(MODULE_DIR, 'memberof.so'));
  const lines = [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include ${SCHEMA_DIR}/${s}.schema`),
    ...(o.schemaFiles ?? []).map((f) => `include ${f}`),
    `pidfile ${join(o.dir, 'slapd.pid')}`,
    `argsfile ${join(o.dir, 'slapd.args')}`,
    `modulepath ${MODULE_DIR}`,
    // Debian builds back-mdb as a module; a build with it compiled in rejects the load, so only load what exists.
    ...(existsSync(join(MODULE_DIR, 'back_mdb.so')) ? ['moduleload back_mdb'] : []),
    ...(memberOf ? ['moduleload memberof'] : []),
    ...(o.tls
      ? [
          `TLSCertificateFile ${o.tls.certFile}`,
          `TLSCertificateKeyFile ${o.tls.keyFile}`,
          ...(o.tls.caFile ? [`TLSCACertificateFile ${o.tls.caFile}`] : []),
        ]
      : []),
    ...(o.extraGlobalConfig ?? []),
    'database mdb',
    'maxsize 268435456',
    `suffix "${o.suffix}"`,
    `rootdn "${o.rootDn}"`,
    `rootpw ${o.rootPassword}`,
    `directory ${o.dataDir}`,
    'index objectClass eq',
    ...(o.indexes ?? []).map((i) => `index ${i}`),
    ...(memberOf ? ['overlay memberof', 'memberof-refint TRUE'] : []),
    ...(o.acl ?? ['access to attrs=userPassword by anonymous auth by * none', 'access to * by * read']),
    ...(o.extraConfig ?? []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The entry naming the suffix, so that seed LDIF can start with its children. */
function suffixEntry(suffix: string): string {
  const [first] = suffix.split(',');
  const [attr = 'dc', value = ''] = (first ?? '').split('=');
  const a = attr.trim().toLowerCase();
  const objectClass =
    a === 'dc'
      ? ['top', 'dcObject', 'organization']
      : a === 'o'
        ? ['top', 'organization']
        : a === 'ou'
          ? ['top', 'organizationalUnit']
          : ['top', 'dcObject', 'organization'];
  const extra = a === 'dc' ? [`dc: ${value}`, `o: ${value}`] : [`${a}: ${value}`];
  return `dn: ${suffix}\n${objectClass.map((c) => `objectClass: ${c}`).join('\n')}\n${extra.join('\n')}\n`;
}

/** Bounded polling with a real LDAP connection until a root-DSE read succeeds or slapd exits. */
async function waitUntilAnswering(
  url: string,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  let delay = 10;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`slapd exited with code ${exitCode}`);
    const client = new Client({ url, connectTimeout: 1000, timeout: 2000 });
    try {
      await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['namingContexts'] });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no answer on ${url}: ${(error as Error).message}`);
    } finally {
      await client.unbind().catch(() => {});
    }
    // Each wait also ends at once if slapd exits, so a failed start is reported without delay.
    await Promise.race([new Promise((r) => setTimeout(r, delay)), exited]);
    delay = Math.min(delay * 2, 200);
  }
}

async function killChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
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

/** Makes a private CA and a server certificate for 127.0.0.1/localhost with openssl, in `dir`. */
export async function makeTestCertificates(
  dir: string,
): Promise<{ caFile: string; certFile: string; keyFile: string }> {
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certFile = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  const openssl = (args: string[]) => runTool('/usr/bin/openssl', args, '');
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '2',
    '-subj',
    '/CN=Linden Test CA',
  ]);
  await openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    csr,
    '-subj',
    '/CN=localhost',
  ]);
  await writeFile(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    certFile,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return { caFile, certFile, keyFile };
}
