import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';

type Register = (program: Command) => void;

/**
 * The commands, in the order `linden --help` lists them, each loaded on demand:
 * a running `linden serve` then carries neither the SDK and its PostgreSQL
 * driver nor the importer and the TLS tooling (about 9 MiB of heap at start).
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['serve', async () => (await import('./commands/serve.ts')).registerServeCommand],
  ['import', async () => (await import('./commands/import.ts')).registerImportCommand],
  ['export', async () => (await import('./commands/export.ts')).registerExportCommand],
  ['config', async () => (await import('./commands/config.ts')).registerConfigCommands],
  ['tls', async () => (await import('./commands/tls.ts')).registerTlsCommands],
  ['acl', async () => (await import('./commands/acl.ts')).registerAclCommands],
  ['sdk', async () => (await import('./commands/sdk.ts')).registerSdkCommands],
  ['store', async () => (await import('./commands/store.ts')).registerStoreCommands],
];

/**
 * The `linden` command: one entry point for every operator task. When `argv`
 * names a command first (`linden serve …`), only that command is loaded;
 * otherwise (help, version, an unknown word) all of them are.
 */
export async function buildCli(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('linden')
    .description('Linden: a directory service for applications')
    .version('0.1.0')
    .showHelpAfterError();
  const named = COMMANDS.find(([name]) => name === argv[2]);
  for (const [, load] of named ? [named] : COMMANDS) (await load())(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = await buildCli(argv);
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode);
    if (
      e instanceof ConfigError ||
      LdapError.is(e) ||
      (e as Error).name === 'LdifError' ||
      (e as Error).name === 'SchemaError'
    ) {
      process.stderr.write(`linden: ${(e as Error).message}\n`);
      process.exit(1);
    }
    process.stderr.write(`linden: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  }
}

await main(process.argv);
