import { randomBytes } from 'node:crypto';
import type { Directory } from '../directory.ts';
import type { Overlay } from '../overlay.ts';

export interface IdentifierRule {
  readonly attribute: string;
  /** Entries added directly or indirectly under this DN. */
  readonly base: string;
  readonly style: 'counter' | 'random';
  readonly prefix: string;
}

/**
 * Fills in an identifying attribute (`uniqueIdentifier`) the client left out
 * of an add: an opaque value that says nothing about the person (a counter or
 * 64 random bits), as a directory that names entries by it needs.
 */
export function identifierOverlay(dir: Directory, rules: readonly IdentifierRule[]): Overlay {
  const resolved = rules.map((r) => {
    const type = dir.schema.attributeType(r.attribute);
    if (!type) throw new Error(`identifiers: ${r.attribute}: no attribute type of that name`);
    return { ...r, type, baseNdn: dir.dn.normalize(r.base) };
  });
  return {
    name: 'identifier',
    async beforeAdd(event, entry) {
      for (const r of resolved) {
        if (!entry.ndn.endsWith(`,${r.baseNdn}`) || entry.attributes.has(r.type.key)) continue;
        const value =
          r.style === 'counter'
            ? `${r.prefix}${await event.txn.nextSequence(`identifier:${r.type.key}:${r.baseNdn}`, 1)}`
            : `${r.prefix}${randomBytes(8).toString('hex')}`;
        entry.attributes.set(r.type.key, { type: r.type.name, values: [Buffer.from(value)] });
      }
    },
  };
}
