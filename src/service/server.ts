import { join } from 'node:path';
import type { Logger } from 'pino';
import type { RunningHttpServer } from '../admin/index.ts';
import type { ConfigInput, LindenConfig } from '../config/index.ts';
import type { AccessPolicy, Directory, Overlay } from '../directory/index.ts';
import { LdapServer } from '../server/index.ts';
import { openAuditLog } from './audit.ts';
import { directoryHandler } from './handler.ts';
import { openDirectory } from './start.ts';

export interface StartServerOptions {
  /** Configuration input (validated, defaults filled); ports may be 0 for ephemeral ones. */
  readonly config?: LindenConfig | ConfigInput;
  readonly configFile?: string;
  readonly logger?: Logger;
  readonly access?: AccessPolicy;
  readonly overlays?: readonly Overlay[];
}

export interface RunningServer {
  /** `ldap://host:port`, when the plain listener is on. */
  readonly url: string | undefined;
  /** `ldaps://host:port`, when the TLS listener is on. */
  readonly ldapsUrl: string | undefined;
  /** `http(s)://host:port` of the console, API, /metrics and health, when listen.http is on. */
  readonly httpUrl: string | undefined;
  readonly config: LindenConfig;
  readonly directory: Directory;
  readonly server: LdapServer;
  readonly logger: Logger;
  readonly adminDn: string;
  readonly generatedAdminPassword: string | undefined;
  /** Re-read the TLS certificate and key, and the access rules from `config` (SIGHUP). */
  reload(config?: LindenConfig): Promise<void>;
  /** Stop accepting, let in-flight operations finish, close the store. */
  stop(): Promise<void>;
}

function hostPort(value: string): { host: string; port: number } {
  const i = value.lastIndexOf(':');
  const host = value.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(value.slice(i + 1)) };
}

/**
 * Start a complete Linden in this process: store, directory and LDAP
 * listeners. Applications use it to run a real directory in their own tests:
 *
 *   const s = await startServer({ config: { store: { engine: 'memory' }, listen: { ldap: '127.0.0.1:0', http: '' },
 *                                           admin: { password: 'secret' }, demo: true } });
 *   // … s.url …
 *   await s.stop();
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const opened = await openDirectory(options);
  const { config, directory, logger } = opened;
  const tls =
    config.tls.certFile && config.tls.keyFile
      ? { certFile: config.tls.certFile, keyFile: config.tls.keyFile }
      : undefined;
  const audit =
    config.audit.enabled && config.audit.file !== ''
      ? openAuditLog(config.audit.file ?? join(config.dataDir, 'audit.log'))
      : undefined;
  const server = new LdapServer({
    handler: directoryHandler(directory, {
      requireTlsForAll: config.tls.requireForAll,
      audit,
      bindRatePerMinute: config.limits.bindRatePerMinute,
    }),
    logger,
    ...(config.listen.ldap ? { ldap: hostPort(config.listen.ldap) } : {}),
    ...(config.listen.ldaps ? { ldaps: hostPort(config.listen.ldaps) } : {}),
    ...(tls ? { tls } : {}),
    limits: config.limits,
    accessLog: config.log.access,
  });
  let http: RunningHttpServer | undefined;
  try {
    await server.listen();
    if (config.listen.http) {
      // Loaded only when the HTTP listener is configured: the console, the API and their
      // dependencies are megabytes of heap a plain LDAP server does not need.
      const { startHttpServer } = await import('../admin/index.ts');
      http = await startHttpServer({
        directory,
        ldapServer: server,
        config,
        logger,
        store: opened.store,
        audit,
      });
    }
  } catch (e) {
    await server.close({ graceful: false }).catch(() => undefined);
    await audit?.close();
    await opened.close();
    throw e;
  }
  let stopped = false;
  return {
    url: server.url,
    ldapsUrl: server.ldapsUrl,
    httpUrl: http?.url,
    config,
    directory,
    server,
    logger,
    adminDn: directory.adminDn,
    generatedAdminPassword: opened.generatedAdminPassword,
    async reload(next) {
      // Rules first: a rules file that does not parse throws and leaves both rules and TLS as they were.
      if (next) opened.reloadAccess(next);
      await server.reloadTls();
      await http?.reload();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await http?.close();
      await server.close({ graceful: true });
      await audit?.close();
      await opened.close();
    },
  };
}
