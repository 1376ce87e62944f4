import { createReadStream, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { readLdif } from '../../ldif/index.ts';
import type { LdifRecord } from '../../ldif/record.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { applyRecord } from '../../service/apply-record.ts';
import { openDirectory } from '../../service/start.ts';

const BATCH = 500;

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
          await directory.batch(async () => {
            for (let i = 0; i < BATCH; i++) {
              const next = await records.next();
              if (next.done) {
                done = true;
                return;
              }
              const record: LdifRecord = next.value;
              try {
                await applyRecord(directory, record, env, { keepOperational: true });
                added++;
              } catch (e) {
                if (!LdapError.is(e)) throw e;
                const reason = `${name}:${record.line}: ${record.dn}: ${e.message}`;
                if (opts.continue) {
                  skipped++;
                  process.stderr.write(`${bar ? '\n' : ''}skipped ${reason}\n`);
                  continue;
                }
                failure = reason;
                return;
              }
            }
          });
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
