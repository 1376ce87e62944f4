import type { Command } from 'commander';
import { stringify } from 'yaml';
import { configKeys, loadConfig, maskedConfig } from '../../config/index.ts';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('show')
    .description('print the configuration as loaded (file, LINDEN_* variables, defaults), secrets masked')
    .option('-c, --config <file>', 'YAML configuration file')
    .action((opts: { config?: string }) => {
      process.stdout.write(stringify(maskedConfig(loadConfig({ file: opts.config }))));
    });
  config
    .command('env')
    .description('list every key with the environment variable that overrides it')
    .action(() => {
      for (const k of configKeys()) process.stdout.write(`${k.path.join('.').padEnd(40)} ${k.env}\n`);
    });
}
