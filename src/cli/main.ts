import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { registerAclCommands } from './commands/acl.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerSdkCommands } from './commands/sdk.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStoreCommands } from './commands/store.ts';
import { registerTlsCommands } from './commands/tls.ts';

/** The `linden` command: one entry point for every operator task. */
export function buildCli(): Command {
  const program = new Command('linden')
    .description('Linden: a directory service for applications')
    .version('0.1.0')
    .showHelpAfterError();
  registerServeCommand(program);
  registerImportCommand(program);
  registerExportCommand(program);
  registerConfigCommands(program);
  registerTlsCommands(program);
  registerAclCommands(program);
  registerSdkCommands(program);
  registerStoreCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildCli();
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
