/**
 * `linden sdk orgs …`: the CLI hands over the arguments after `orgs`. Exit
 * code 0 on success, 1 when the work failed (an account failed to update, a
 * mapping file was refused, a placeholder could not be resolved), 2 on usage
 * or configuration errors.
 */
import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import type { AccountStore } from '../accounts/model.ts';
import { type CliIo, openStore, type SdkFileConfig } from '../cli.ts';
import { Directory } from '../directory.ts';
import { SdkError } from '../errors.ts';
import { progressTo } from '../progress.ts';
import { last, type ParsedArgs, parseArgs, UsageError } from './command-args.ts';
import { MappingImportError } from './errors.ts';
import { importMappings } from './import-mappings.ts';
import type { OrganizationStore } from './model.ts';
import { listPlaceholders, type PlaceholderResolution, resolvePlaceholder } from './placeholders.ts';
import { type OrganizationSettings, organizationStoreOf, resolveOrganizationSettings } from './settings.ts';
import type { OrganizationUpdate } from './update.ts';
import { updateOrganizations } from './update-accounts.ts';

const USAGE = `usage: linden sdk orgs COMMAND --config FILE …
  update [--dry-run] [--[no-]add-parents] [--[no-]create-placeholders] [--[no-]delete-missing] [--user NAME]... [NAME...]
  import-mappings [--replace] [--dry-run] MAPPING_FILE
  placeholders
  resolve PLACEHOLDER --parent CODE [--code NEW] [--short-name S] [--long-name L] [--level LEVEL]
  resolve PLACEHOLDER --into CODE
  add CODE [--parent CODE] [--level LEVEL] [--short-name S] [--long-name L]
  list`;

const SPECS = {
  update: {
    values: ['config', 'user'],
    flags: ['dry-run', 'add-parents', 'create-placeholders', 'delete-missing'],
  },
  'import-mappings': { values: ['config'], flags: ['replace', 'dry-run'] },
  placeholders: { values: ['config'], flags: [] },
  resolve: { values: ['config', 'parent', 'code', 'short-name', 'long-name', 'level', 'into'], flags: [] },
  add: { values: ['config', 'parent', 'level', 'short-name', 'long-name'], flags: [] },
  list: { values: ['config'], flags: [] },
} as const;
type Command = keyof typeof SPECS;

interface Context {
  readonly args: ParsedArgs;
  readonly config: SdkFileConfig;
  readonly store: AccountStore;
  readonly organizations: OrganizationStore;
  readonly io: CliIo;
}

export async function runOrganizationsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (!(command in SPECS)) {
    io.stderr.write(`unknown command ${command}\n${USAGE}\n`);
    return 2;
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(rest, SPECS[command as Command]);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const configFile = last(args, 'config');
  if (!configFile) {
    io.stderr.write(`--config FILE is required\n${USAGE}\n`);
    return 2;
  }
  let config: SdkFileConfig;
  let store: AccountStore;
  try {
    config = parseYaml(await readFile(configFile, 'utf8')) as SdkFileConfig;
    store = await openStore(config.store);
  } catch (error) {
    io.stderr.write(`cannot load ${configFile}: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const context = { args, config, store, organizations: organizationStoreOf(store), io };
    return await COMMANDS[command as Command](context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof MappingImportError) {
      for (const p of error.problems) io.stderr.write(`${args.positional[0]}:${p.line}: ${p.message}\n`);
      io.stderr.write(
        `nothing imported (${error.problems.length} bad line${error.problems.length === 1 ? '' : 's'})\n`,
      );
      return 1;
    }
    if (SdkError.is(error)) {
      io.stderr.write(`${error.code}: ${error.message}\n`);
      return error.code === 'LINDEN_SDK_INVALID_CONFIG' ? 2 : 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

const COMMANDS: Record<Command, (context: Context) => Promise<number>> = {
  async update({ args, config, store, organizations, io }) {
    const settings = settingsOf(config);
    const dryRun = args.flags.get('dry-run') ?? false;
    const usernames = [...(args.values.get('user') ?? []), ...args.positional];
    if (config.directory === undefined) throw new UsageError('the config file has no directory section');
    const directory = new Directory(config.directory);
    const bar = io.stdout.isTTY
      ? new SingleBar({ stream: io.stdout, format: 'organizations {bar} {value}/{total} {username}' })
      : undefined;
    try {
      const report = await updateOrganizations({
        directory,
        store,
        organizationStore: organizations,
        userAttribute: settings.userAttribute,
        addParents: args.flags.get('add-parents') ?? settings.addParents ?? false,
        createPlaceholders: args.flags.get('create-placeholders') ?? settings.createPlaceholders ?? false,
        deleteMissing: args.flags.get('delete-missing') ?? settings.deleteMissing ?? false,
        dryRun,
        ...(usernames.length ? { usernames } : {}),
        onProgress: progressTo(bar),
      });
      bar?.stop();
      const verb = dryRun ? 'would update' : 'updated';
      io.stdout.write(
        `${report.total} accounts: ${verb} ${report.updated.length}, unchanged ${report.unchanged.length}, ` +
          `vanished ${report.vanished.length}, failed ${report.failed.length}\n`,
      );
      for (const u of report.updated) io.stdout.write(`${describeUpdate(u)}\n`);
      for (const u of report.vanished) io.stdout.write(`vanished from the directory (left as is): ${u}\n`);
      for (const u of report.unknown) io.stderr.write(`no directory-backed account ${u}\n`);
      for (const f of report.failed) io.stderr.write(`failed: ${f.username}: ${f.error}\n`);
      return report.failed.length || report.unknown.length ? 1 : 0;
    } finally {
      bar?.stop();
      await directory.close();
    }
  },

  async 'import-mappings'({ args, organizations, io }) {
    const [file, extra] = args.positional;
    if (file === undefined || extra !== undefined)
      throw new UsageError('import-mappings takes one MAPPING_FILE');
    const dryRun = args.flags.get('dry-run') ?? false;
    const result = await importMappings(organizations, await readFile(file, 'utf8'), {
      replace: args.flags.get('replace') ?? false,
      dryRun,
      source: file,
    });
    const verb = dryRun ? 'would add' : 'added';
    io.stdout.write(
      `${verb} ${result.added.length}, ${dryRun ? 'would replace' : 'replaced'} ${result.replaced.length}, ` +
        `unchanged ${result.unchanged.length}\n`,
    );
    for (const m of result.added)
      io.stdout.write(`${verb}: ${JSON.stringify(m.directoryString)} -> ${m.organization}\n`);
    for (const m of result.replaced) {
      io.stdout.write(
        `${dryRun ? 'would replace' : 'replaced'}: ${JSON.stringify(m.directoryString)} -> ${m.organization}\n`,
      );
    }
    return 0;
  },

  async placeholders({ args, organizations, io }) {
    if (args.positional.length) throw new UsageError('placeholders takes no arguments');
    const placeholders = await listPlaceholders(organizations);
    for (const p of placeholders) {
      const strings = p.directoryStrings.map((s) => JSON.stringify(s)).join(', ');
      io.stdout.write(
        `${p.organization.code}\t${strings}\t${p.members.length} member(s): ${p.members.join(', ')}\n`,
      );
    }
    io.stdout.write(`${placeholders.length} placeholder(s)\n`);
    return 0;
  },

  async resolve({ args, organizations, io }) {
    const [code, extra] = args.positional;
    if (code === undefined || extra !== undefined) throw new UsageError('resolve takes one PLACEHOLDER code');
    const into = last(args, 'into');
    const parent = last(args, 'parent');
    if ((into === undefined) === (parent === undefined))
      throw new UsageError('resolve needs --parent or --into');
    if (into !== undefined && ['code', 'short-name', 'long-name', 'level'].some((o) => args.values.has(o))) {
      throw new UsageError('--into takes no --code, --short-name, --long-name or --level');
    }
    const resolution: PlaceholderResolution =
      into !== undefined
        ? { kind: 'merge', into }
        : {
            kind: 'rename',
            parent: parent as string,
            ...optional('code', last(args, 'code')),
            ...optional('shortName', last(args, 'short-name')),
            ...optional('longName', last(args, 'long-name')),
            ...optional('level', last(args, 'level')),
          };
    const resolved = await resolvePlaceholder(organizations, code, resolution);
    if (resolved.kind === 'rename') {
      const o = resolved.organization;
      io.stdout.write(`${code} is now ${o.code} (${o.longName}) at level ${o.level} under ${o.parent}\n`);
    } else {
      io.stdout.write(
        `${code} merged into ${resolved.into}: ${resolved.movedMappings.length} mapping(s) and ` +
          `${resolved.movedMembers.length} member(s) moved; ${code} deleted\n`,
      );
    }
    return 0;
  },

  async add({ args, organizations, io }) {
    const [code, extra] = args.positional;
    if (code === undefined || extra !== undefined) throw new UsageError('add takes one CODE');
    const o = await organizations.createOrganization({
      code,
      ...optional('parent', last(args, 'parent')),
      ...optional('level', last(args, 'level')),
      ...optional('shortName', last(args, 'short-name')),
      ...optional('longName', last(args, 'long-name')),
    });
    io.stdout.write(
      `added ${o.code} (${o.longName}) at level ${o.level}${o.parent ? ` under ${o.parent}` : ''}\n`,
    );
    return 0;
  },

  async list({ args, organizations, io }) {
    if (args.positional.length) throw new UsageError('list takes no arguments');
    const all = await organizations.listOrganizations();
    const children = new Map<string | null, typeof all>();
    for (const o of all) children.set(o.parent, [...(children.get(o.parent) ?? []), o]);
    const print = (parent: string | null, depth: number): void => {
      for (const o of children.get(parent) ?? []) {
        io.stdout.write(`${'  '.repeat(depth)}${o.code}\t${o.level}\t${o.shortName}\t${o.longName}\n`);
        print(o.code, depth + 1);
      }
    };
    print(null, 0);
    return 0;
  },
};

function settingsOf(config: SdkFileConfig): OrganizationSettings {
  if (config.organizations === undefined) {
    throw new UsageError(
      'the config file has no organizations section (organizations.userAttribute is required)',
    );
  }
  return resolveOrganizationSettings(config.organizations);
}

/** One line per changed account, e.g. `alice: +CMNS +PHYS -OLD, new placeholder for "Astro Lab"`. */
export function describeUpdate(u: OrganizationUpdate): string {
  const parts = [...u.added.map((c) => `+${c}`), ...u.removed.map((c) => `-${c}`)];
  const placeholders = u.placeholders.map(
    (s) => `${u.dryRun ? 'would create' : 'new'} placeholder for ${JSON.stringify(s)}`,
  );
  return `${u.dryRun ? 'would change ' : ''}${u.username}: ${[parts.join(' '), ...placeholders].filter(Boolean).join(', ')}`;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
