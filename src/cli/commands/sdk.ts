import type { Command } from 'commander';
import { runSyncUsers } from '../../sdk/cli.ts';
import { runOrganizationsCommand } from '../../sdk/index.ts';

export function registerSdkCommands(program: Command): void {
  const sdk = program
    .command('sdk')
    .description("the identity SDK's batch commands, for applications that use it");
  sdk
    .command('sync-users')
    .description(
      're-read directory-backed accounts, update attributes and groups, report vanished entries (--config FILE [--dry-run] [--user NAME]…)',
    )
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      process.exitCode = await runSyncUsers(args, { stdout: process.stdout, stderr: process.stderr });
    });
  sdk
    .command('orgs')
    .description(
      'organizations from directory strings: update, import-mappings, placeholders, resolve, add, list (see docs/organizations.md)',
    )
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      process.exitCode = await runOrganizationsCommand(args, {
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}
