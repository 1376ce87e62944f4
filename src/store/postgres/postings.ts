import type { EntryId, IndexKey, KeyRange, StoredEntry } from '../contract.ts';
import { rangeStart } from '../key-order.ts';
import { checkId, checkIndexKey } from '../txn/limits.ts';
import { type EntryRow, toEntry } from './entries.ts';
import {
  byteaTextArray,
  copyByteaText,
  copyText,
  type Db,
  type Statement,
  statement,
  textArray,
  utf8,
  type WriteDb,
} from './statement.ts';

/** (index, key) → ids: the `linden_postings` table. */

const LOOKUP = statement(
  'posting_lookup',
  'SELECT array_agg(entry_id ORDER BY entry_id) AS ids FROM linden_postings WHERE index_name = $1 AND key = $2',
);
/** A lookup that leaves at most this many ids also brings their entries (`LOOKUP_ENTRIES`). */
export const FEW_IDS = 16;
/**
 * An exact lookup's first FEW_IDS + 1 postings with their entries, in id
 * order: when it finds at most FEW_IDS, that is the whole answer, and an
 * indexed search for one user reads its candidates without a second round
 * trip. When it finds more, the ids come from LOOKUP after it. (A posting
 * without its entry still gives its id.) A join under a limit costs the server
 * less than gathering every id into an array first.
 */
const LOOKUP_ENTRIES = statement(
  'posting_lookup_entries',
  `SELECT p.entry_id, e.id, e.parent_id, e.ndn, e.data
     FROM linden_postings p LEFT JOIN linden_entries e ON e.id = p.entry_id
    WHERE p.index_name = $1 AND p.key = $2
    ORDER BY p.entry_id LIMIT ${FEW_IDS + 1}`,
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
/**
 * Postings of ids the writing transaction allocated (nothing else can have
 * written them, and the buffer sends each at most once while it holds it):
 * COPY, without ON CONFLICT's extra probe of the primary key per row (a third
 * of the server's work during an import), and a quarter cheaper for the
 * server than an INSERT of the same rows.
 */
const COPY_NEW = 'COPY linden_postings (index_name, key, entry_id) FROM STDIN';
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

/** `indexLookup`, with the entries of the ids when there are at most FEW_IDS of them. */
export async function indexLookupEntries(
  db: Db,
  index: string,
  key: string,
): Promise<{ ids: EntryId[]; entries: StoredEntry[] }> {
  const rows = await db.rows<EntryRow & { entry_id: number }>(LOOKUP_ENTRIES, [index, utf8(key)]);
  if (rows.length > FEW_IDS) return { ids: await indexLookup(db, index, key), entries: [] };
  const entries: StoredEntry[] = [];
  for (const row of rows) if (row.id !== null) entries.push(toEntry(row));
  return { ids: rows.map((row) => row.entry_id), entries };
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

/** All postings of an index, key → ids, with their number. */
export type IndexCopy = Map<string, Set<EntryId>> & { postings: number };

const SMALL_INDEX = statement(
  'posting_small_index',
  'SELECT key, entry_id FROM linden_postings WHERE index_name = $1 LIMIT $2',
);

/** Every posting of `index` if it has at most `limit`; null if it has more. */
export async function loadSmallIndex(db: Db, index: string, limit: number): Promise<IndexCopy | null> {
  const rows = await db.rows<{ key: Buffer; entry_id: number }>(SMALL_INDEX, [index, limit + 1]);
  if (rows.length > limit) return null;
  const copy = new Map() as IndexCopy;
  copy.postings = rows.length;
  for (const row of rows) {
    const key = row.key.toString('utf8');
    let ids = copy.get(key);
    if (ids === undefined) {
      ids = new Set();
      copy.set(key, ids);
    }
    ids.add(row.entry_id);
  }
  return copy;
}

/** How many postings a write buffers before it sends them, bounding its memory during a bulk load. */
const FLUSH_AT = 20_000;

/**
 * A write transaction's posting changes not yet sent. They go out as one
 * multi-row statement per kind (`unnest` over three arrays), sorted in the
 * primary key's order, when the transaction next reads that index, or commits:
 * an entry's keys, or a bulk load's, cost one round trip instead of one per
 * key, and a read of one index (memberOf looking up `member#eq` during an
 * import) does not send the others. Only the last change to each posting
 * counts, so the order of adds and removes is kept. Changes are kept as three
 * parallel arrays per index (a bulk load buffers hundreds of thousands) and
 * sorted once, when sent.
 */
export class PostingBuffer {
  /** index → its changes, in the order they were made. */
  readonly #pending = new Map<string, Changes>();
  #size = 0;
  /** index → new ids whose postings of it were sent with COPY_NEW: more of them take ON CONFLICT. */
  readonly #sentNew = new Map<string, Set<EntryId>>();

  /** `isNew(id)`: the id was allocated by this transaction, so no posting of it was there before. */
  constructor(private readonly isNew: (id: EntryId) => boolean = () => false) {}

  get size(): number {
    return this.#size;
  }

  get full(): boolean {
    return this.#size >= FLUSH_AT;
  }

  change(id: EntryId, keys: readonly IndexKey[], add: boolean): void {
    checkId(id);
    for (const { index, key } of keys) {
      checkIndexKey(index, key);
      let changes = this.#pending.get(index);
      if (changes === undefined) {
        changes = { keys: [], ids: [], adds: [] };
        this.#pending.set(index, changes);
      }
      changes.keys.push(key);
      changes.ids.push(id);
      changes.adds.push(add);
      this.#size++;
    }
  }

  /** Sends the buffered changes of `index` (every index when not given) through `db`, removals first. */
  async flush(db: WriteDb, index?: string): Promise<void> {
    if (this.#size === 0) return;
    const names = index === undefined ? [...this.#pending.keys()].sort() : [index];
    const add = new Rows();
    const addNew = new Rows();
    const remove = new Rows();
    for (const name of names) {
      const changes = this.#pending.get(name);
      if (changes === undefined) continue;
      this.#pending.delete(name);
      const { keys, ids, adds } = changes;
      this.#size -= keys.length;
      // In key, then id order; the last change of each posting (the highest position) wins.
      const order = Array.from(keys.keys()).sort((a, b) => {
        const ka = keys[a]!;
        const kb = keys[b]!;
        return ka < kb ? -1 : ka > kb ? 1 : ids[a]! - ids[b]! || a - b;
      });
      let sent = this.#sentNew.get(name);
      const firstNew = addNew.ids.length;
      for (let i = 0; i < order.length; i++) {
        const at = order[i]!;
        const next = order[i + 1];
        if (next !== undefined && keys[next] === keys[at] && ids[next] === ids[at]) continue;
        const id = ids[at]!;
        if (!adds[at]) remove.push(name, keys[at]!, id);
        else if (!this.isNew(id) || sent?.has(id) === true) add.push(name, keys[at]!, id);
        else addNew.push(name, keys[at]!, id);
      }
      // Marked after the loop: the first flush of a new id sends all its keys of the index with COPY_NEW.
      for (let i = firstNew; i < addNew.ids.length; i++) {
        if (sent === undefined) {
          sent = new Set();
          this.#sentNew.set(name, sent);
        }
        sent.add(addNew.ids[i]!);
      }
    }
    // All asked for at once, in this order: a session queues them on its connection (see Session.background).
    await Promise.all([
      remove.ids.length > 0 ? db.count(REMOVE, remove.columns()) : undefined,
      addNew.ids.length > 0 ? db.copyIn(COPY_NEW, addNew.copyData()) : undefined,
      add.ids.length > 0 ? db.count(ADD, add.columns()) : undefined,
    ]);
  }
}

interface Changes {
  readonly keys: string[];
  readonly ids: EntryId[];
  readonly adds: boolean[];
}

/** Rows of one statement, as its three columns. */
class Rows {
  readonly indexes: string[] = [];
  readonly keys: string[] = [];
  readonly ids: EntryId[] = [];

  push(index: string, key: string, id: EntryId): void {
    this.indexes.push(index);
    this.keys.push(key);
    this.ids.push(id);
  }

  /** The rows in COPY's text format. */
  copyData(): Buffer {
    let out = '';
    let index = '';
    let field = '';
    for (let i = 0; i < this.ids.length; i++) {
      if (this.indexes[i] !== index) {
        index = this.indexes[i]!;
        field = copyText(index);
      }
      out += `${field}\t${copyByteaText(this.keys[i]!)}\t${this.ids[i]}\n`;
    }
    return Buffer.from(out, 'utf8');
  }

  /** The three columns as array literals (see `textArray`). */
  columns(): [string, string, string] {
    return [textArray(this.indexes), byteaTextArray(this.keys), `{${this.ids.join(',')}}`];
  }
}
