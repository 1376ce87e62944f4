import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { compileRules, createAccessPolicy, type RulesAccessPolicy } from '../access/index.ts';
import { passwordToStore } from '../auth/index.ts';
import {
  adminPassword,
  type ConfigInput,
  type LindenConfig,
  loadConfig,
  validateConfig,
} from '../config/index.ts';
import * as ops from '../directory/index.ts';
import {
  type AccessPolicy,
  Directory,
  identifierOverlay,
  lockoutOverlay,
  memberOfOverlay,
  type Overlay,
  referentialIntegrityOverlay,
  syncIndexes,
  uniquenessOverlay,
} from '../directory/index.ts';
import { buildDefaultSchema } from '../schema/index.ts';
import { openStore, type Store } from '../store/index.ts';
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
  const store = await openStore(
    config.store.engine === 'memory'
      ? { engine: 'memory' }
      : config.store.engine === 'lmdb'
        ? {
            engine: 'lmdb',
            path: config.store.path ?? join(config.dataDir, 'store'),
            ...(config.store.mapSize ? { mapSize: config.store.mapSize } : {}),
          }
        : ({ engine: 'postgres', url: config.store.url ?? '', poolSize: config.store.poolSize } as never),
  );
  await store.open();
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
  if (config.demo && (await store.read((txn) => txn.entryCount())) === 0) {
    const env = { requester: { dn: adminDn, ndn: directory.adminNdn, ssf: 0 }, controls: [] };
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
    logger.info({ suffix: config.suffixes[0] }, 'created the demo tree');
  }
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
    close: () => store.close(),
  };
}
