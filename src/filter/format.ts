import { escapeFilterValue } from './escape.ts';
import type { Filter } from './model.ts';

/**
 * The RFC 4515 string form of a filter: no spaces, values escaped with
 * `escapeFilterValue`. Iterative, so a filter of any depth formats without
 * growing the call stack.
 */
export function formatFilter(filter: Filter): string {
  let out = '';
  const pending: (Filter | string)[] = [filter];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next === 'string') {
      out += next;
      continue;
    }
    switch (next.type) {
      case 'and':
      case 'or':
        out += next.type === 'and' ? '(&' : '(|';
        pending.push(')');
        for (let i = next.filters.length - 1; i >= 0; i--) pending.push(next.filters[i]!);
        break;
      case 'not':
        out += '(!';
        pending.push(')', next.filter);
        break;
      case 'equality':
        out += `(${next.attribute}=${escapeFilterValue(next.value)})`;
        break;
      case 'greaterOrEqual':
        out += `(${next.attribute}>=${escapeFilterValue(next.value)})`;
        break;
      case 'lessOrEqual':
        out += `(${next.attribute}<=${escapeFilterValue(next.value)})`;
        break;
      case 'approxMatch':
        out += `(${next.attribute}~=${escapeFilterValue(next.value)})`;
        break;
      case 'present':
        out += `(${next.attribute}=*)`;
        break;
      case 'substrings': {
        // substring = attr EQUALS [initial] any [final]; any = ASTERISK *(assertionvalue ASTERISK)
        let s = `(${next.attribute}=`;
        if (next.initial !== undefined) s += escapeFilterValue(next.initial);
        s += '*';
        for (const part of next.any) s += `${escapeFilterValue(part)}*`;
        if (next.final !== undefined) s += escapeFilterValue(next.final);
        out += `${s})`;
        break;
      }
      case 'extensibleMatch':
        // extensible = ( attr [dnattrs] [matchingrule] COLON EQUALS assertionvalue ) / ...
        out +=
          `(${next.attribute ?? ''}${next.dnAttributes ? ':dn' : ''}` +
          `${next.matchingRule !== undefined ? `:${next.matchingRule}` : ''}:=${escapeFilterValue(next.value)})`;
        break;
      default:
        assertNever(next);
    }
  }
  return out;
}

function assertNever(x: never): never {
  throw new TypeError(`unknown filter type ${(x as { type?: unknown }).type}`);
}
