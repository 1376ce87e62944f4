import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { DEMO_PASSWORD } from '../../service/demo.ts';
import { startServer } from '../../service/server.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'run the directory server (with no configuration: ./linden-data, dc=example,dc=org, ldap://127.0.0.1:3389, a demo tree)',
    )
    .option('-c, --config <file>', 'YAML configuration file')
    .action(async (opts: { config?: string }) => {
      // Without a configuration file, serve the demo tree so a first start shows something.
      const config = loadConfig({
        file: opts.config,
        overrides: opts.config ? {} : { demo: process.env.LINDEN_DEMO !== 'false' },
      });
      const running = await startServer({ config });
      const out = (s: string): void => void process.stderr.write(`${s}\n`);
      out(`Linden is serving ${config.suffixes.join(', ')}`);
      if (running.url) out(`  ${running.url}`);
      if (running.ldapsUrl) out(`  ${running.ldapsUrl}`);
      // The generated password stays in its file (mode 0600): printing it would put it in service logs.
      const pwHint =
        config.admin.password || config.admin.passwordFile ? '-W' : `-y ${config.dataDir}/admin-password`;
      if (running.generatedAdminPassword)
        out(
          `Generated an administrator password in ${config.dataDir}/admin-password (readable only by you).`,
        );
      out(
        `Bind as the administrator:\n  ldapwhoami -x -H ${running.url ?? running.ldapsUrl} -D '${running.adminDn}' ${pwHint}`,
      );
      if (config.demo)
        out(`Demo users (uid=alice,ou=people,${config.suffixes[0]} …) have the password '${DEMO_PASSWORD}'.`);
      let stopping = false;
      const stop = async (signal: string): Promise<void> => {
        if (stopping) return;
        stopping = true;
        running.logger.info({ signal }, 'shutting down: finishing in-flight operations');
        await running.stop();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop('SIGTERM'));
      process.on('SIGINT', () => void stop('SIGINT'));
      // SIGHUP: re-read the configuration's access rules and the TLS certificate and key; connections stay up.
      process.on('SIGHUP', () => {
        Promise.resolve()
          .then(() => running.reload(loadConfig({ file: opts.config })))
          .then(
            () => running.logger.info('reloaded access rules and TLS material'),
            (e: Error) =>
              running.logger.error(
                { err: e.message },
                'reload failed; keeping the previous rules and TLS material',
              ),
          );
      });
    });
}
