import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import pino, { type Logger } from 'pino';
import { compileRules, createAccessPolicy, type RulesAccessPolicy } from '../access/index.ts';
import { passwordToStore } from '../auth/index.ts';
import {
  adminPassword,
  ConfigError,
  type ConfigInput,
  type LindenConfig,
  loadConfig,
  maskUrl,
  storeUrl,
  validateConfig,
} from '../config/index.ts';
import * as ops from '../directory/index.ts';
import {
  type AccessPolicy,
  Directory,
  followStoredIndexes,
  INDEX_CONFIG_META_KEY,
  identifierOverlay,
  lockoutOverlay,
  memberOfOverlay,
  type Overlay,
  referentialIntegrityOverlay,
  syncIndexes,
  uniquenessOverlay,
} from '../directory/index.ts';
import { buildDefaultSchema } from '../schema/index.ts';
import { openStore, type Store, type StoreConfig } from '../store/index.ts';
import { demoTree } from './demo.ts';
import { passwordPolicy } from './password-policy.ts';

export interface OpenDirectoryOptions {
  /** A validated configuration, or input to validate (defaults fill the rest). */
  readonly config?: LindenConfig | ConfigInput;
  /** Load this YAML file (with `LINDEN_*` overrides) instead of `config`. */
  readonly configFile?: string;
  readonly logger?: Logger;
  /** Access policy; default: the rules of the configuration, or the built-in default. */
  readonly access?: AccessPolicy;
  readonly overlays?: readonly Overlay[];
}

export interface OpenedDirectory {
  readonly config: LindenConfig;
  readonly directory: Directory;
  readonly store: Store;
  readonly logger: Logger;
  /** Re-read the access rules from the configuration (file or list) and swap them in atomically. */
  reloadAccess(config: LindenConfig): void;
  /** The administrator's password when Linden generated it (first start without one configured). */
  readonly generatedAdminPassword: string | undefined;
  close(): Promise<void>;
}

/** The access rules a configuration names: a rules file's text, the inline list, or none (the built-in defaults). */
export function accessRulesOf(config: LindenConfig): [string | readonly string[] | undefined, string] {
  if (config.access.file) return [readFileSync(config.access.file, 'utf8'), config.access.file];
  return [config.access.rules, 'access.rules'];
}

export function resolveConfig(options: {
  config?: LindenConfig | ConfigInput;
  configFile?: string;
}): LindenConfig {
  if (options.configFile) return loadConfig({ file: options.configFile });
  if (options.config) return validateConfig(options.config);
  return loadConfig({});
}

/** The store a configuration names, as `openStore` takes it (for PostgreSQL: with the password file read in). */
export function storeConfigOf(config: LindenConfig): StoreConfig {
  const store = config.store;
  switch (store.engine) {
    case 'memory':
      return { engine: 'memory' };
    case 'lmdb':
      return {
        engine: 'lmdb',
        path: store.path ?? join(config.dataDir, 'store'),
        ...(store.mapSize ? { mapSize: store.mapSize } : {}),
      };
    case 'postgres': {
      let url = storeUrl(config);
      let ssl: ConnectionOptions | undefined;
      if (store.ssl) {
        ssl = {
          rejectUnauthorized: store.ssl.rejectUnauthorized,
          ...(store.ssl.caFile ? { ca: readCaFile(store.ssl.caFile) } : {}),
        };
        // node-postgres lets the URL's TLS parameters win over the ssl option: with store.ssl, the section decides.
        const parsed = new URL(url);
        for (const key of [...parsed.searchParams.keys()])
          if (/^ssl/i.test(key)) parsed.searchParams.delete(key);
        url = parsed.toString();
      }
      return {
        engine: 'postgres',
        url,
        poolSize: store.poolSize,
        autoMigrate: store.autoMigrate,
        openTimeoutMs: Math.round(store.connectTimeout * 1000),
        statementTimeoutMs: Math.round(store.statementTimeout * 1000),
        ...(ssl ? { ssl } : {}),
      };
    }
  }
}

function readCaFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`store.ssl.caFile: cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Where the store lives, for start-up messages: never the password. */
export function describeStore(config: LindenConfig): string {
  const store = config.store;
  if (store.engine === 'memory') return 'memory (nothing kept after exit)';
  if (store.engine === 'lmdb') return `LMDB at ${store.path ?? join(config.dataDir, 'store')}`;
  try {
    const url = new URL(store.url ?? '');
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    return `PostgreSQL at ${host}:${url.port || '5432'}${url.pathname.length > 1 ? url.pathname : ''}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * Opens the configured store. PostgreSQL may still be coming up: the engine
 * retries with back-off for `store.connectTimeout` seconds, and a log line says
 * so when the first attempt does not succeed at once; a failure names the
 * server, the reason and what to do.
 */
export async function openConfiguredStore(config: LindenConfig, logger?: Logger): Promise<Store> {
  const storeConfig = storeConfigOf(config);
  if (storeConfig.engine !== 'postgres') return openStore(storeConfig);
  const where = describeStore(config);
  const waiting = setTimeout(
    () =>
      logger?.warn(
        { store: where, retryFor: config.store.connectTimeout },
        `waiting for ${where} (retrying for up to ${config.store.connectTimeout} s)`,
      ),
    1000,
  );
  try {
    const store = await openStore(storeConfig);
    logger?.info({ store: where }, `store: ${where}`);
    return store;
  } catch (e) {
    const message = (e as Error).message;
    // The engine's message names the server and the reason; keep the URL's password out of it anyway.
    throw new StoreOpenError(`cannot open the store (${where}): ${maskUrl(message)}`, { cause: e });
  } finally {
    clearTimeout(waiting);
  }
}

/** How often a node asks a network store whether it still answers. */
const HEALTH_INTERVAL_MS = 2000;

/**
 * A network store (PostgreSQL) can go away under a running node: operations then
 * fail at once with `unavailable` and /readyz answers 503, and this logs one line
 * when the database stops answering and one when it is back (the engine
 * reconnects by itself).
 */
function watchStoreHealth(store: Store, where: string, logger: Logger): () => void {
  const probe = (store as Partial<{ health(): Promise<{ ok: boolean; reason?: string }> }>).health;
  if (typeof probe !== 'function') return () => {};
  let healthy = true;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    probe
      .call(store)
      .then(
        (h) => {
          if (h.ok && !healthy) logger.info({ store: where }, `store: ${where} answers again; ready`);
          if (!h.ok && healthy)
            logger.error(
              { store: where, reason: h.reason },
              `store: ${where} does not answer (${h.reason ?? 'unknown reason'}); not ready, operations fail with unavailable (52) until it is back`,
            );
          healthy = h.ok;
        },
        () => {},
      )
      .finally(() => {
        running = false;
      });
  }, HEALTH_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The store could not be opened at start (unreachable, wrong version, not migrated). */
export class StoreOpenError extends ConfigError {
  constructor(message: string, options?: ErrorOptions) {
    // A ConfigError, so that `linden` prints the message alone and exits 1.
    super(message);
    this.name = 'StoreOpenError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Open the store and build the directory engine from the configuration (no listeners). */
export async function openDirectory(options: OpenDirectoryOptions = {}): Promise<OpenedDirectory> {
  const config = resolveConfig(options);
  const logger = options.logger ?? pino({ level: config.log.level, base: { svc: 'linden' } });
  let dirRef: Directory | undefined;
  const schema = buildDefaultSchema({
    files: config.schema.files,
    normalizeDn: (dn) => {
      if (!dirRef) return dn.toLowerCase();
      try {
        return dirRef.dn.normalize(dn);
      } catch {
        return undefined;
      }
    },
  });
  const store = await openConfiguredStore(config, logger);
  let generatedAdminPassword: string | undefined;
  let password = adminPassword(config);
  const adminDn = config.admin.dn ?? `cn=admin,${config.suffixes[0]}`;
  if (password === undefined && config.store.engine !== 'memory') {
    // First start without an administrator password: make one, keep it in the
    // data folder readable only by this user, and say where it is.
    const file = join(config.dataDir, 'admin-password');
    if (existsSync(file)) password = readFileSync(file, 'utf8').trim();
    else {
      mkdirSync(config.dataDir, { recursive: true });
      password = randomBytes(12).toString('base64url');
      writeFileSync(file, `${password}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      generatedAdminPassword = password;
    }
  }
  const adminPasswordHash = password ? await passwordToStore(password, 'SSHA512') : undefined;
  const directory = new Directory({
    store,
    schema,
    suffixes: config.suffixes,
    adminDn,
    adminPasswordHash,
    indexes: config.indexes,
    limits: config.limits,
    passwords: passwordPolicy(config.passwords),
    access: options.access ?? createAccessPolicy(schema, ...accessRulesOf(config)),
    requireTlsForBind: config.tls.requireForBind,
    lockout: {
      maxFailures: config.lockout.maxFailures,
      windowSeconds: config.lockout.window,
      durationSeconds: config.lockout.duration,
    },
    requiredIndexes: [
      ...(config.integrity.memberOf ? ['member', 'uniqueMember', 'memberOf'] : []),
      ...config.integrity.referentialIntegrity,
      ...config.integrity.unique.map((u) => u.attribute),
    ],
  });
  dirRef = directory;
  // Order matters: identifiers are filled in before uniqueness is checked.
  directory.overlays = [
    ...(config.integrity.identifiers.length
      ? [identifierOverlay(directory, config.integrity.identifiers)]
      : []),
    ...(config.integrity.unique.length ? [uniquenessOverlay(directory, config.integrity.unique)] : []),
    ...(config.integrity.memberOf ? [memberOfOverlay()] : []),
    ...(config.integrity.referentialIntegrity.length
      ? [referentialIntegrityOverlay(config.integrity.referentialIntegrity)]
      : []),
    lockoutOverlay(),
    ...(options.overlays ?? []),
  ];
  const reindexed = await syncIndexes(directory);
  if (reindexed)
    logger.info({ entries: reindexed }, 'rebuilt the attribute indexes for the new index configuration');
  // Nodes sharing a store keep no entry cache; the one piece of state they hold
  // that another node can change is the index configuration the postings follow.
  const stopFollowing = store.onChange((change) => {
    if (!change.metaKeys.includes(INDEX_CONFIG_META_KEY)) return;
    followStoredIndexes(directory).then(
      (adopted) => {
        if (adopted)
          logger.warn(
            { indexes: JSON.parse(adopted) as unknown },
            'another node rebuilt the attribute indexes for a different configuration; this node follows it until it restarts (give every node the same `indexes`)',
          );
      },
      (e: Error) =>
        logger.error({ err: e.message }, 'could not read the index configuration another node stored'),
    );
  });
  if (config.demo && (await store.read((txn) => txn.entryCount())) === 0) {
    const env = { requester: { dn: adminDn, ndn: directory.adminNdn, ssf: 0 }, controls: [] };
    // One write transaction that looks again: nodes starting together on an
    // empty shared store queue on the store's write lock, and only the first
    // finds it empty.
    const created = await directory.batch(async () => {
      if ((await directory.write((txn) => txn.entryCount())) > 0) return false;
      for (const record of demoTree(config.suffixes[0]!)) {
        await ops.add(
          directory,
          {
            type: 'addRequest',
            entry: record.dn,
            attributes: Object.entries(record.attributes).map(([type, values]) => ({
              type,
              values: values.map((v) => Buffer.from(v)),
            })),
          },
          env,
        );
      }
      return true;
    });
    if (created) logger.info({ suffix: config.suffixes[0] }, 'created the demo tree');
  }
  const stopWatching = watchStoreHealth(store, describeStore(config), logger);
  return {
    config,
    directory,
    store,
    logger,
    generatedAdminPassword,
    reloadAccess(next) {
      const policy = directory.access as Partial<RulesAccessPolicy>;
      if (typeof policy.replace !== 'function') return;
      policy.replace(compileRules(schema, ...accessRulesOf(next)));
    },
    close: () => {
      stopFollowing();
      stopWatching();
      return store.close();
    },
  };
}
