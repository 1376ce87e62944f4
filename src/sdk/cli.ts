/**
 * `linden sdk sync-users`, without the command-line framework: the CLI parses
 * nothing itself and calls `runSyncUsers(argv, io)` with the arguments after
 * the subcommand. Exit code 0 when every account synced, 1 when some failed,
 * 2 on usage or configuration errors.
 */
import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import { LmdbAccountStore } from './accounts/lmdb-store.ts';
import type { AccountStore } from './accounts/model.ts';
import { PostgresAccountStore } from './accounts/postgres-store.ts';
import { Directory, type DirectoryConfig } from './directory.ts';
import type { OrganizationSettings } from './organizations/settings.ts';
import { progressTo } from './progress.ts';
import { Provisioner, type ProvisioningConfig } from './provisioning/provisioner.ts';
import { syncUsers } from './sync.ts';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
}

/** The YAML/JSON file `--config` names. */
export interface SdkFileConfig {
  readonly directory: DirectoryConfig;
  /** `{ lmdb: path }` or `{ postgres: url }`. */
  readonly store: { readonly lmdb: string } | { readonly postgres: string };
  readonly provisioning?: Omit<
    ProvisioningConfig,
    'directory' | 'store' | 'plugins' | 'verifyLocalPassword' | 'organizations' | 'organizationStore'
  >;
  /** Organizations from the directory, for `linden sdk orgs …` (see docs/organizations.md). */
  readonly organizations?: OrganizationSettings;
}

const USAGE = 'usage: linden sdk sync-users --config FILE [--dry-run] [--user NAME]... [NAME...]';

export async function openStore(config: SdkFileConfig['store']): Promise<AccountStore> {
  return 'lmdb' in config ? new LmdbAccountStore(config.lmdb) : PostgresAccountStore.open(config.postgres);
}

export async function runSyncUsers(argv: readonly string[], io: CliIo): Promise<number> {
  let configFile: string | undefined;
  let dryRun = false;
  const usernames: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--config' || arg === '-c') configFile = argv[++i];
    else if (arg.startsWith('--config=')) configFile = arg.slice('--config='.length);
    else if (arg === '--user' || arg === '-u') usernames.push(argv[++i] ?? '');
    else if (arg === '--help' || arg === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-')) {
      io.stderr.write(`unknown option ${arg}\n${USAGE}\n`);
      return 2;
    } else usernames.push(arg);
  }
  if (!configFile || usernames.some((u) => !u)) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let config: SdkFileConfig;
  let directory: Directory;
  let store: AccountStore;
  try {
    config = parseYaml(await readFile(configFile, 'utf8')) as SdkFileConfig;
    directory = new Directory(config.directory);
    store = await openStore(config.store);
  } catch (error) {
    io.stderr.write(`cannot load ${configFile}: ${(error as Error).message}\n`);
    return 2;
  }
  const bar = io.stdout.isTTY
    ? new SingleBar({ stream: io.stdout, format: 'syncing {bar} {value}/{total} {username}' })
    : undefined;
  try {
    const provisioner = new Provisioner({ ...(config.provisioning ?? {}), directory, store });
    const report = await syncUsers({
      provisioner,
      dryRun,
      ...(usernames.length ? { usernames } : {}),
      onProgress: progressTo(bar),
    });
    bar?.stop();
    const prefix = dryRun ? 'would update' : 'updated';
    io.stdout.write(
      `${report.total} accounts: ${prefix} ${report.updated.length}, unchanged ${report.unchanged.length}, ` +
        `vanished ${report.vanished.length}, failed ${report.failed.length}\n`,
    );
    for (const u of report.updated) io.stdout.write(`${prefix}: ${u}\n`);
    for (const u of report.vanished) io.stdout.write(`vanished from the directory: ${u}\n`);
    for (const f of report.failed) io.stderr.write(`failed: ${f.username}: ${f.error}\n`);
    return report.failed.length ? 1 : 0;
  } finally {
    bar?.stop();
    await directory.close();
    await store.close();
  }
}
