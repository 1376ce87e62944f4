import cluster from 'node:cluster';
import type { Command } from 'commander';
import { type LindenConfig, loadConfig } from '../../config/index.ts';
import { DEMO_PASSWORD } from '../../service/demo.ts';
import { startServer } from '../../service/server.ts';
import { openDirectory } from '../../service/start.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'run the directory server (with no configuration: ./linden-data, dc=example,dc=org, ldap://127.0.0.1:3389, a demo tree)',
    )
    .option('-c, --config <file>', 'YAML configuration file')
    .option('--workers <n>', 'processes sharing the listening sockets and the LMDB environment', '1')
    .action(async (opts: { config?: string; workers: string }) => {
      // Without a configuration file, serve the demo tree so a first start shows something.
      const config = loadConfig({
        file: opts.config,
        overrides: opts.config ? {} : { demo: process.env.LINDEN_DEMO !== 'false' },
      });
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1)
        throw new Error(`--workers: expected a positive integer, got ${opts.workers}`);
      if (workers > 1 && cluster.isPrimary) return runPrimary(config, workers);
      const running = await startServer({ config });
      // A worker's primary has already said where Linden serves.
      const out = cluster.isWorker
        ? (): void => {}
        : (s: string): void => void process.stderr.write(`${s}\n`);
      out(`Linden is serving ${config.suffixes.join(', ')}`);
      if (running.url) out(`  ${running.url}`);
      if (running.ldapsUrl) out(`  ${running.ldapsUrl}`);
      if (running.httpUrl) out(`Web console, HTTP API, /metrics and /readyz: ${running.httpUrl}`);
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

/**
 * `--workers N`: the primary prepares the data folder once (the administrator
 * password, the demo tree) and forks N workers that each run the whole server
 * on the same configuration. cluster shares each listening socket among them
 * (round-robin), and LMDB lets the N processes share one environment; a write
 * in one is seen by the others through the store's change log.
 */
async function runPrimary(config: LindenConfig, workers: number): Promise<void> {
  const out = (s: string): void => void process.stderr.write(`${s}\n`);
  const prepared = await openDirectory({ config });
  await prepared.close();
  if (prepared.generatedAdminPassword)
    out(`Generated an administrator password in ${config.dataDir}/admin-password (readable only by you).`);
  let stopping = false;
  const announced = new Set<number>();
  cluster.on('listening', (_worker, address) => {
    if (announced.has(address.port)) return;
    announced.add(address.port);
    out(
      `Linden (${workers} workers) is serving ${config.suffixes.join(', ')} on ${address.address ?? '127.0.0.1'}:${address.port}`,
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    out(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const forward = (signal: NodeJS.Signals): void => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  // Each worker finishes its in-flight operations and exits; the primary exits after the last.
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    forward('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', () => forward('SIGHUP'));
}
