import { createReadStream, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { readLdif } from '../../ldif/index.ts';
import type { LdifRecord } from '../../ldif/record.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { applyRecord } from '../../service/apply-record.ts';
import { openDirectory } from '../../service/start.ts';

const BATCH = 2000;
/**
 * DNs a batch may name (its records' and the members its groups list), which
 * the store reads ahead in one round trip: a batch of large groups ends early,
 * so that what it reads ahead stays within what a store keeps per transaction.
 */
const BATCH_DNS = 8000;
const YIELD_EVERY = 8;

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('load LDIF (content or change records) into the store, streaming; `-` reads standard input')
    .argument('<file>', 'LDIF file, or - for standard input')
    .option('-c, --config <file>', 'YAML configuration file')
    .option('--continue', 'skip records the directory refuses and go on (like ldapadd -c)')
    .action(async (file: string, opts: { config?: string; continue?: boolean }) => {
      const opened = await openDirectory(opts.config ? { configFile: opts.config } : {});
      const { directory } = opened;
      // Like slapadd -q: batches do not wait for the disk one by one; closing
      // the store below waits for all of them before anything is reported.
      opened.store.deferFlushes?.();
      const env = { requester: { dn: directory.adminDn, ndn: directory.adminNdn, ssf: 0 }, controls: [] };
      const input = file === '-' ? process.stdin : createReadStream(file);
      const name = file === '-' ? 'stdin' : file;
      const bar =
        process.stderr.isTTY && file !== '-'
          ? new SingleBar({
              format: 'importing {bar} {percentage}% | {value} records | {rate}/s',
              hideCursor: true,
            })
          : undefined;
      const size = file === '-' ? 0 : statSync(file).size;
      bar?.start(size, 0, { rate: 0 });
      const started = Date.now();
      let added = 0;
      let skipped = 0;
      let failure: string | undefined;
      const records = readLdif(input)[Symbol.asyncIterator]();
      let done = false;
      try {
        while (!done && !failure) {
          // Read the batch before the transaction: the store may run a write
          // callback again (another process committed meanwhile), and a retry
          // must apply the same records, not pull new ones from the stream.
          const chunk: LdifRecord[] = [];
          const dns: string[] = [];
          let syntaxError: Error | undefined;
          while (chunk.length < BATCH && dns.length < BATCH_DNS) {
            let next: IteratorResult<LdifRecord>;
            try {
              next = await records.next();
            } catch (e) {
              // The records before a syntax error still go in; then the import stops.
              syntaxError = e as Error;
              done = true;
              break;
            }
            if (next.done) {
              done = true;
              break;
            }
            const record = next.value;
            chunk.push(record);
            dns.push(record.dn);
            if ('attributes' in record) dns.push(...directory.dnValues(record.attributes));
            else if (record.kind === 'modify') dns.push(...directory.dnValues(record.changes));
          }
          if (chunk.length === 0 && syntaxError) throw syntaxError;
          if (chunk.length === 0) break;
          const outcome = await directory.batch(async () => {
            const result = { added: 0, skipped: [] as string[], failure: undefined as string | undefined };
            await directory.prefetchDns(dns);
            for (const [i, record] of chunk.entries()) {
              // Records often apply without waiting for the store (what they read is read ahead): a
              // turn of the event loop now and then lets a network store's answers in, and what it
              // queued go out, while the import goes on (100k users into PostgreSQL: 55 s, 68 s without).
              if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
              try {
                await applyRecord(directory, record, env, { keepOperational: true });
                result.added++;
              } catch (e) {
                if (!LdapError.is(e)) throw e;
                const reason = `${name}:${record.line}: ${record.dn}: ${e.message}`;
                if (!opts.continue) {
                  result.failure = reason;
                  return result;
                }
                result.skipped.push(reason);
              }
            }
            return result;
          });
          added += outcome.added;
          skipped += outcome.skipped.length;
          for (const reason of outcome.skipped) process.stderr.write(`${bar ? '\n' : ''}skipped ${reason}\n`);
          failure = outcome.failure;
          if (!failure && syntaxError) throw syntaxError;
          bar?.update(Math.min(size, (input as { bytesRead?: number }).bytesRead ?? 0), {
            rate: Math.round(added / Math.max(0.001, (Date.now() - started) / 1000)),
          });
        }
      } catch (e) {
        failure = `${(e as Error).name === 'LdifError' ? '' : `${name}: `}${(e as Error).message}`;
      } finally {
        bar?.stop();
        await opened.close();
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (failure) {
        process.stderr.write(
          `linden import: stopped: ${failure}\n${added} records went in before it${skipped ? `, ${skipped} skipped` : ''}\n`,
        );
        process.exit(1);
      }
      process.stdout.write(
        `imported ${added} records in ${seconds}s${skipped ? ` (${skipped} skipped)` : ''}\n`,
      );
    });
}
