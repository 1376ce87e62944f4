/** One value of a key and the commit that set it; `prev` links to older values. */
interface Version<V> {
  readonly at: number;
  readonly value: V | undefined;
  prev: Version<V> | undefined;
}

/**
 * A map that remembers, per key, the values a still-open snapshot may need
 * (multi-version concurrency control). A reader pinned at commit `at` sees, for
 * each key, the newest value set at or before `at`. Commits only append, so a
 * snapshot never sees a later write, and nothing is copied per commit.
 */
export class VersionedMap<K, V> {
  readonly #heads = new Map<K, Version<V>>();

  get(key: K, at: number): V | undefined {
    let version = this.#heads.get(key);
    while (version !== undefined && version.at > at) version = version.prev;
    return version?.value;
  }

  /** Whether the key has any value in any version (its history may still matter to a reader). */
  has(key: K): boolean {
    return this.#heads.has(key);
  }

  /** Sets `key` as of commit `at`, newer than every commit before; `undefined` deletes. */
  set(key: K, value: V | undefined, at: number): void {
    this.#heads.set(key, { at, value, prev: this.#heads.get(key) });
  }

  /**
   * Forgets the versions of `key` no reader at `oldest` or later can see.
   * Returns 'gone' when the key no longer exists at all, 'settled' when one
   * version is left, 'history' when readers still need older versions.
   */
  prune(key: K, oldest: number): 'gone' | 'settled' | 'history' {
    const head = this.#heads.get(key);
    let visible = head;
    while (visible !== undefined && visible.at > oldest) visible = visible.prev;
    if (visible !== undefined) visible.prev = undefined;
    if (head === undefined) return 'gone';
    if (head !== visible) return 'history';
    if (head.value === undefined) {
      this.#heads.delete(key);
      return 'gone';
    }
    return 'settled';
  }

  *latest(): IterableIterator<[K, V]> {
    for (const [key, head] of this.#heads) if (head.value !== undefined) yield [key, head.value];
  }
}
