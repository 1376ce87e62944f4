/** A small argv parser for `linden sdk orgs …`: `--name value`, `--name=value`, boolean `--flag` / `--no-flag`. */
export interface ParsedArgs {
  readonly values: Map<string, string[]>;
  readonly flags: Map<string, boolean>;
  readonly positional: string[];
}

export class UsageError extends Error {}

export function parseArgs(
  argv: readonly string[],
  spec: { values: readonly string[]; flags: readonly string[] },
): ParsedArgs {
  const values = new Map<string, string[]>();
  const flags = new Map<string, boolean>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg === '-c' ? '--config' : arg === '-u' ? '--user' : arg);
    if (spec.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (inline === undefined && spec.flags.includes(name)) flags.set(name, true);
    else if (inline === undefined && name.startsWith('no-') && spec.flags.includes(name.slice(3))) {
      flags.set(name.slice(3), false);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { values, flags, positional };
}

function splitOption(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

/** The last value given for an option. */
export function last(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}
