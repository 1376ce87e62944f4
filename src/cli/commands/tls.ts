import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeSelfSigned } from '../../server/tls/self-signed.ts';

export function registerTlsCommands(program: Command): void {
  const tls = program.command('tls').description('TLS material');
  tls
    .command('self-signed')
    .description('make a self-signed certificate and key for trying TLS out (not for production)')
    .option('-o, --out <dir>', 'folder to write cert.pem and key.pem into', './linden-data/tls')
    .option(
      '-n, --host <name>',
      'host name the certificate is for (127.0.0.1 and ::1 are always included)',
      'localhost',
    )
    .option('--days <n>', 'validity in days', '365')
    .action(async (opts: { out: string; host: string; days: string }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days <= 0)
        throw new Error(`--days: expected a positive whole number, got '${opts.days}'`);
      const certFile = resolve(join(opts.out, 'cert.pem'));
      const keyFile = resolve(join(opts.out, 'key.pem'));
      const pair = await writeSelfSigned({ certFile, keyFile }, { commonName: opts.host, days });
      process.stdout.write(
        `wrote ${certFile} and ${keyFile} (SHA-256 fingerprint ${pair.fingerprint})\n` +
          `add to the configuration:\n  tls:\n    certFile: ${certFile}\n    keyFile: ${keyFile}\n` +
          `clients trust it with LDAPTLS_CACERT=${certFile}\n`,
      );
    });
}
