import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import pg from 'pg';
import { ConfigError, type LindenConfig, loadConfig, maskUrl } from '../../config/index.ts';
import { type Directory, decodeEntry } from '../../directory/index.ts';
import { describeStore, openConfiguredStore, openDirectory, storeConfigOf } from '../../service/start.ts';
import type { Store } from '../../store/index.ts';

/** Entries per read batch and per write transaction of a copy. */
const BATCH = 500;

export function registerStoreCommands(program: Command): void {
  const store = program
    .command('store')
    .description('manage the store: schema migrations, copies between engines');
  store
    .command('migrate')
    .description('bring a PostgreSQL database to the schema this Linden needs; says which versions ran')
    .option('-c, --config <file>', 'YAML configuration file (store.engine: postgres)')
    .action(async (opts: { config?: string }) => {
      const config = loadConfig({ file: opts.config });
      if (config.store.engine !== 'postgres')
        throw new ConfigError(
          `store migrate: the configuration's store is ${config.store.engine}; migrations are for store.engine: postgres`,
        );
      const ran = await migrate(config);
      process.stdout.write(`${ran}\n`);
    });
  store
    .command('copy')
    .description(
      'copy a whole directory from one store to another (LMDB → PostgreSQL and back): entries with their ids and tree, counters; the target rebuilds its indexes',
    )
    .requiredOption('--from <config>', 'YAML configuration of the source')
    .requiredOption('--to <config>', 'YAML configuration of the target')
    .option('--force', 'empty a target that already holds entries first')
    .action(async (opts: { from: string; to: string; force?: boolean }) => {
      const from = loadConfig({ file: opts.from });
      const to = loadConfig({ file: opts.to });
      const summary = await copyStore(from, to, {
        force: opts.force === true,
        progress: process.stderr.isTTY,
      });
      process.stdout.write(`${summary}\n`);
    });
}

/** `linden store migrate`: applies the pending migrations; returns what it did, in a sentence. */
async function migrate(config: LindenConfig): Promise<string> {
  const { applyMigrations, MIGRATIONS, LATEST_VERSION } = await import('../../store/postgres/index.ts');
  const options = storeConfigOf(config);
  if (options.engine !== 'postgres') throw new Error('unreachable');
  const where = describeStore(config);
  const client = new pg.Client({
    connectionString: options.url,
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    connectionTimeoutMillis: Math.max(1000, options.openTimeoutMs ?? 30_000),
    application_name: 'linden store migrate',
  });
  try {
    await client.connect();
  } catch (e) {
    throw new ConfigError(`cannot reach ${where}: ${maskUrl((e as Error).message)}`);
  }
  try {
    const applied = await applyMigrations(client);
    if (applied.length === 0) return `${where} is at schema version ${LATEST_VERSION}: nothing to do`;
    const lines = applied.map((v) => `  ${v}: ${MIGRATIONS.find((m) => m.version === v)?.description ?? ''}`);
    return `${where}: applied schema version${applied.length > 1 ? 's' : ''}\n${lines.join('\n')}\nnow at version ${LATEST_VERSION}`;
  } catch (e) {
    throw new ConfigError(`migrating ${where} failed: ${maskUrl((e as Error).message)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface CopyOptions {
  /** Empty a non-empty target first instead of refusing. */
  readonly force: boolean;
  /** Show a progress bar on standard error. */
  readonly progress: boolean;
}

/**
 * Copies every entry of the source store into the target: the same ids,
 * parents and normalized DNs, the entry bytes as they are, and the index
 * postings computed by the target's directory from its own `indexes`. The
 * source is read in one snapshot, so a copy of a running directory is
 * consistent; the target is written a batch per transaction. Counters of
 * `integrity.identifiers` continue where the source's are.
 */
export async function copyStore(from: LindenConfig, to: LindenConfig, options: CopyOptions): Promise<string> {
  const fromWhere = describeStore(from);
  const toWhere = describeStore(to);
  if (JSON.stringify(storeConfigOf(from)) === JSON.stringify(storeConfigOf(to)))
    throw new ConfigError(`store copy: --from and --to name the same store (${toWhere})`);
  const started = Date.now();
  const source = await openConfiguredStore(from);
  let target: Awaited<ReturnType<typeof openDirectory>> | undefined;
  try {
    // The target's own directory: its schema, suffixes and index configuration; no demo tree.
    target = await openDirectory({ config: { ...to, demo: false } });
    const dir = target.directory;
    const existing = await dir.read((txn) => txn.entryCount());
    if (existing > 0) {
      if (!options.force)
        throw new ConfigError(
          `store copy: the target (${toWhere}) holds ${existing} entries; use --force to replace them`,
        );
      await emptyStore(dir);
    }
    const total = await source.read((txn) => txn.entryCount());
    const bar = options.progress
      ? new SingleBar({
          format: 'copying {bar} {percentage}% | {value}/{total} entries | {rate}/s',
          hideCursor: true,
        })
      : undefined;
    bar?.start(total, 0, { rate: 0 });
    let copied = 0;
    try {
      await source.read(async (txn) => {
        let after = 0;
        for (;;) {
          const ids = await txn.scanIds(after, BATCH);
          if (ids.length === 0) break;
          const stored = await txn.getEntries(ids);
          await dir.write(async (w) => {
            // What the target holds of these ids and DNs, in two round trips: a network
            // store then sends the batch's inserts together instead of one at a time.
            const present = stored.filter((s) => s !== undefined);
            await w.getEntries(present.map((s) => s.id));
            await w.prefetchDns?.(present.map((s) => s.ndn));
            for (const s of stored) {
              if (!s) continue;
              await dir.putEntry(w, decodeEntry(s.id, s.parentId, s.ndn, s.data), undefined);
            }
          });
          copied += stored.filter((s) => s !== undefined).length;
          after = ids[ids.length - 1]!;
          bar?.update(copied, { rate: Math.round(copied / Math.max(0.001, (Date.now() - started) / 1000)) });
        }
      });
    } finally {
      bar?.stop();
    }
    const counters = await copyCounters(from, source, dir);
    const written = await dir.read((txn) => txn.entryCount());
    if (written !== copied)
      throw new Error(`store copy: wrote ${copied} entries but the target counts ${written}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return (
      `copied ${copied} entries from ${fromWhere} to ${toWhere} in ${seconds}s` +
      (existing > 0 ? ` (replacing ${existing})` : '') +
      (counters > 0 ? `, ${counters} identifier counter${counters > 1 ? 's' : ''}` : '')
    );
  } finally {
    await target?.close();
    await source.close();
  }
}

/** Removes every entry (and its postings) from the target, a batch per transaction. */
async function emptyStore(dir: Directory): Promise<void> {
  for (;;) {
    const n = await dir.write(async (txn) => {
      const ids = await txn.scanIds(0, BATCH);
      for (const s of await txn.getEntries(ids)) {
        if (s) await dir.removeEntry(txn, decodeEntry(s.id, s.parentId, s.ndn, s.data));
      }
      return ids.length;
    });
    if (n === 0) return;
  }
}

/**
 * The `integrity.identifiers` counters of the source: the target hands out the
 * next value, not 1 again. The contract reads a counter only by taking its next
 * value, so the source's is read in a transaction that is rolled back.
 */
async function copyCounters(from: LindenConfig, source: Store, dir: Directory): Promise<number> {
  let copied = 0;
  for (const rule of from.integrity.identifiers) {
    if (rule.style !== 'counter') continue;
    const type = dir.schema.attributeType(rule.attribute);
    if (!type) continue;
    const name = `identifier:${type.key}:${dir.dn.normalize(rule.base)}`;
    const next = await peekSequence(source, name);
    if (next <= 1) continue;
    await dir.write(async (txn) => {
      let value = await txn.nextSequence(name, 1);
      while (value < next - 1) value = await txn.nextSequence(name, 1);
    });
    copied++;
  }
  return copied;
}

class Rollback extends Error {}

async function peekSequence(store: Store, name: string): Promise<number> {
  let next = 1;
  await store
    .write(async (txn) => {
      next = await txn.nextSequence(name, 1);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return next;
}
