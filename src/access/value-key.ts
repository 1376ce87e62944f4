import type { AttributeType } from '../schema/index.ts';
import { hasDnSyntax } from './parse-who.ts';
import type { RuleEnvironment } from './rule-environment.ts';

/**
 * The normalized form rules compare values in: DNs as the directory
 * normalizes entry DNs, other values by their equality rule. Cached per value
 * buffer, since one search asks about the same values many times.
 */
export function valueKeyer(env: RuleEnvironment): (type: AttributeType, value: Buffer) => string {
  const cache = new WeakMap<Buffer, string>();
  return (type, value) => {
    const hit = cache.get(value);
    if (hit !== undefined) return hit;
    let key: string | undefined;
    if (hasDnSyntax(type)) {
      try {
        // NameAndOptionalUID values may carry `#'0101'B`; the DN part decides.
        const text = value.toString('utf8');
        key = env.normalizeDn(type.syntax.oid.endsWith('.34') ? text.replace(/#'[01]*'B$/, '') : text);
      } catch {
        key = undefined;
      }
    } else key = type.equality?.normalize(value);
    const out = key ?? `\u0000${value.toString('hex')}`;
    cache.set(value, out);
    return out;
  };
}
