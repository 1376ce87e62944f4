import type { Command } from 'commander';
import { compileRules, explain, formatExplanation, ruleEnvironment } from '../../access/index.ts';
import { accessRulesOf, openDirectory } from '../../service/start.ts';

export function registerAclCommands(program: Command): void {
  const acl = program.command('acl').description('access control');
  acl
    .command('explain')
    .description(
      'which rule decides what an identity may do with an entry, and the resulting access (like slapacl)',
    )
    .requiredOption('--as <dn>', "the requester's DN, or 'anonymous'")
    .requiredOption('--entry <dn>', 'the entry')
    .option('--attr <name>', "one attribute (or 'entry', 'children'); default: all of the entry's")
    .option('--value <value>', 'a value of the attribute, for value-dependent rules')
    .option('--ssf <n>', 'assume this transport strength (0: clear text, 256: TLS)', '0')
    .option('-c, --config <file>', 'YAML configuration file')
    .action(
      async (opts: {
        as: string;
        entry: string;
        attr?: string;
        value?: string;
        ssf: string;
        config?: string;
      }) => {
        const opened = await openDirectory(opts.config ? { configFile: opts.config } : {});
        try {
          const { directory } = opened;
          const rules = compileRules(directory.schema, ...accessRulesOf(opened.config));
          const output = await directory.read(async (txn) => {
            const entry = await directory.loadByNdn(txn, directory.dn.normalize(opts.entry));
            if (!entry) throw new Error(`no entry ${opts.entry}`);
            const as = opts.as.toLowerCase() === 'anonymous' ? '' : opts.as;
            if (as && directory.isAdmin({ dn: as, ndn: directory.dn.normalize(as), ssf: 0 }))
              return `authcDN: "${as}"\nentry: "${entry.dn}"\nthe administrator: every access (rules are not consulted)\n`;
            const explanations = await explain(rules, ruleEnvironment(directory.schema), {
              as,
              entry,
              ...(opts.attr ? { attr: opts.attr } : {}),
              ...(opts.value !== undefined ? { value: opts.value } : {}),
              ssf: Number(opts.ssf),
              loadEntry: (ndn) => directory.loadByNdn(txn, ndn),
            });
            return formatExplanation(as, entry.dn, explanations);
          });
          process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
        } finally {
          await opened.close();
        }
      },
    );
}
