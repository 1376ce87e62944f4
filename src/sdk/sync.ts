import type { LocalAccount } from './accounts/model.ts';
import { LoginFailedError } from './errors.ts';
import type { Provisioner } from './provisioning/provisioner.ts';

export interface SyncProgress {
  readonly done: number;
  readonly total: number;
  readonly username: string;
  readonly outcome: 'updated' | 'unchanged' | 'vanished' | 'failed';
}

export interface SyncOptions {
  readonly provisioner: Provisioner;
  /** Only these accounts; default all directory-backed accounts. */
  readonly usernames?: readonly string[];
  /** Report what would change without writing anything. */
  readonly dryRun?: boolean;
  readonly onProgress?: (progress: SyncProgress) => void;
}

export interface SyncReport {
  readonly total: number;
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  /** Accounts whose directory entry is gone (or no longer matches the user filter). */
  readonly vanished: readonly string[];
  readonly failed: readonly { username: string; error: string }[];
  readonly dryRun: boolean;
}

/**
 * Re-reads directory-backed accounts from the directory (as the service
 * identity, no passwords involved) and brings attributes and groups up to
 * date, the way a login with sync would. Accounts are never deleted: vanished
 * entries are reported for the application to decide.
 */
export async function syncUsers(options: SyncOptions): Promise<SyncReport> {
  const { provisioner } = options;
  const dryRun = options.dryRun ?? false;
  let accounts: LocalAccount[];
  if (options.usernames) {
    const found = await Promise.all(options.usernames.map((u) => provisioner.store.findAccount(u)));
    accounts = found.filter((a): a is LocalAccount => a?.directoryBacked === true);
  } else {
    accounts = await provisioner.store.listAccounts({ directoryBacked: true });
  }
  const report = {
    updated: [] as string[],
    unchanged: [] as string[],
    vanished: [] as string[],
    failed: [] as { username: string; error: string }[],
  };
  let done = 0;
  for (const account of accounts) {
    let outcome: SyncProgress['outcome'];
    try {
      const entry = await provisioner.readEntry(account.username);
      const desired = await provisioner.desired({ username: account.username, ...entry });
      const { changed } = await provisioner.plan(account, desired);
      if (changed && !dryRun) await provisioner.apply(account, desired);
      outcome = changed ? 'updated' : 'unchanged';
    } catch (error) {
      if (error instanceof LoginFailedError && error.reason === 'unknownUser') outcome = 'vanished';
      else {
        outcome = 'failed';
        report.failed.push({ username: account.username, error: (error as Error).message });
      }
    }
    if (outcome !== 'failed') report[outcome].push(account.username);
    done++;
    options.onProgress?.({ done, total: accounts.length, username: account.username, outcome });
  }
  return { total: accounts.length, ...report, dryRun };
}
