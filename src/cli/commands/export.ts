import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { decodeEntry } from '../../directory/index.ts';
import { writeLdif } from '../../ldif/index.ts';
import type { LdifContentRecord } from '../../ldif/record.ts';
import { openDirectory } from '../../service/start.ts';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'write the whole tree as LDIF, streaming, parents before children; `-` (default) writes standard output',
    )
    .argument('[file]', 'output file, or - for standard output', '-')
    .option('-c, --config <file>', 'YAML configuration file')
    .action(async (file: string, opts: { config?: string }) => {
      const opened = await openDirectory(opts.config ? { configFile: opts.config } : {});
      const out = file === '-' ? process.stdout : createWriteStream(file);
      let count = 0;
      try {
        count = await writeLdif(entries(opened), out, {});
      } finally {
        await opened.close();
      }
      if (file !== '-') process.stderr.write(`exported ${count} entries to ${file}\n`);
      async function* entries(o: typeof opened): AsyncGenerator<LdifContentRecord> {
        // Depth-first from the suffixes, so an import of the output finds every parent first.
        const { store } = o;
        const stack: number[] = (await store.read((txn) => txn.childIds(0))).reverse();
        while (stack.length) {
          const id = stack.pop()!;
          const [entry, children] = await store.read(async (txn) => {
            const s = await txn.getEntry(id);
            return [
              s ? decodeEntry(s.id, s.parentId, s.ndn, s.data) : undefined,
              await txn.childIds(id),
            ] as const;
          });
          if (!entry) continue;
          yield {
            kind: 'content',
            dn: entry.dn,
            line: 0,
            attributes: [...entry.attributes.values()].map((a) => ({ type: a.type, values: a.values })),
          };
          for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
        }
      }
    });
}
