import type { EntryId, IndexKey, KeyRange } from '../contract.ts';
import { rangeStart } from '../key-order.ts';
import { checkId, checkIndexKey } from '../txn/limits.ts';
import { type Db, type Statement, statement, utf8 } from './statement.ts';

/** (index, key) → ids: the `linden_postings` table. */

const LOOKUP = statement(
  'posting_lookup',
  'SELECT array_agg(entry_id ORDER BY entry_id) AS ids FROM linden_postings WHERE index_name = $1 AND key = $2',
);
const COUNT = statement(
  'posting_count',
  'SELECT count(*) AS n FROM linden_postings WHERE index_name = $1 AND key = $2',
);

/**
 * Range lookups, one statement per shape of bounds, so that each is prepared
 * once with its plan: a scan of the primary key from `key >= $2` to the upper
 * bound. A prefix p becomes `key < p || 0xFF`: UTF-8 never contains the byte
 * 0xFF, so every key starting with p sorts before it.
 */
function rangeStatement(lte: boolean, below: boolean): Statement {
  const bounds = [lte ? 'AND key <= $3' : '', below ? `AND key < $${lte ? 4 : 3}` : ''].join(' ');
  return statement(
    `posting_range_${lte ? 'l' : ''}${below ? 'b' : ''}`,
    `SELECT array_agg(DISTINCT entry_id ORDER BY entry_id) AS ids
       FROM linden_postings WHERE index_name = $1 AND key >= $2 ${bounds}`,
  );
}
const RANGES = [
  rangeStatement(false, false),
  rangeStatement(false, true),
  rangeStatement(true, false),
  rangeStatement(true, true),
] as const;

const ADD = statement(
  'posting_add',
  `INSERT INTO linden_postings (index_name, key, entry_id)
   SELECT * FROM unnest($1::text[], $2::bytea[], $3::bigint[])
   ON CONFLICT DO NOTHING`,
);
const REMOVE = statement(
  'posting_remove',
  `DELETE FROM linden_postings p
   USING unnest($1::text[], $2::bytea[], $3::bigint[]) AS d(index_name, key, entry_id)
   WHERE p.index_name = d.index_name AND p.key = d.key AND p.entry_id = d.entry_id`,
);

export async function indexLookup(db: Db, index: string, key: string): Promise<EntryId[]> {
  const [row] = await db.rows<{ ids: number[] | null }>(LOOKUP, [index, utf8(key)]);
  return row?.ids ?? [];
}

export async function indexCount(db: Db, index: string, key: string): Promise<number> {
  const [row] = await db.rows<{ n: number }>(COUNT, [index, utf8(key)]);
  return row?.n ?? 0;
}

export async function indexRange(db: Db, index: string, range: KeyRange): Promise<EntryId[]> {
  const values: unknown[] = [index, utf8(rangeStart(range))];
  const { lte, prefix } = range;
  if (lte !== undefined) values.push(utf8(lte));
  const below = prefix !== undefined && prefix !== '';
  if (below) values.push(Buffer.concat([utf8(prefix), Buffer.of(0xff)]));
  const [row] = await db.rows<{ ids: number[] | null }>(
    RANGES[(lte === undefined ? 0 : 2) + (below ? 1 : 0)]!,
    values,
  );
  return row?.ids ?? [];
}

/** How many postings a write buffers before it sends them, bounding its memory during a bulk load. */
const FLUSH_AT = 20_000;

/**
 * A write transaction's posting changes not yet sent. They go out as one
 * multi-row statement per kind (`unnest` over three arrays) when the
 * transaction next reads an index, or commits: an entry's keys, or a bulk
 * load's, cost one round trip instead of one per key. Only the last change
 * to each posting counts, so the order of adds and removes is kept.
 */
export class PostingBuffer {
  readonly #pending = new Map<string, { index: string; key: string; id: EntryId; add: boolean }>();

  get size(): number {
    return this.#pending.size;
  }

  get full(): boolean {
    return this.#pending.size >= FLUSH_AT;
  }

  change(id: EntryId, keys: readonly IndexKey[], add: boolean): void {
    checkId(id);
    for (const { index, key } of keys) {
      checkIndexKey(index, key);
      // NUL cannot occur in an index name (checked above), so this composite is unambiguous.
      this.#pending.set(`${index}\u0000${id}\u0000${key}`, { index, key, id, add });
    }
  }

  /** Sends the buffered changes through `db`, removals first. */
  async flush(db: Db): Promise<void> {
    if (this.#pending.size === 0) return;
    const add: [string[], Buffer[], EntryId[]] = [[], [], []];
    const remove: [string[], Buffer[], EntryId[]] = [[], [], []];
    for (const { index, key, id, add: adding } of this.#pending.values()) {
      const into = adding ? add : remove;
      into[0].push(index);
      into[1].push(utf8(key));
      into[2].push(id);
    }
    this.#pending.clear();
    if (remove[0].length > 0) await db.count(REMOVE, remove);
    if (add[0].length > 0) await db.count(ADD, add);
  }
}
