/**
 * Collects definitions, then resolves them into a SchemaRegistry: SUP chains,
 * references to matching rules, syntaxes and attribute types, cycles.
 */
import type { SchemaDefinition } from './definitions.ts';
import { SchemaRegistry } from './registry.ts';

/** Hooks the directory supplies so the schema layer need not know the DN layer. */
export interface SchemaBuildOptions {
  /**
   * distinguishedNameMatch's normalizer (RFC 4517 §4.2.15): the normalized DN,
   * or undefined when the value is not a DN. Default: a structural check and
   * RFC 4518-style case folding of each RDN value.
   */
  readonly normalizeDn?: (dn: string) => string | undefined;
  /** DN syntax validator (RFC 4517 §3.3.9). Default: a self-contained RFC 4514 structural check. */
  readonly validateDn?: (dn: string) => boolean;
}

export class SchemaBuilder {
  readonly #definitions: SchemaDefinition[] = [];
  readonly #options: SchemaBuildOptions;

  constructor(options: SchemaBuildOptions = {}) {
    this.#options = options;
  }

  /** Adds one definition; duplicates and dangling references are reported by `build`. */
  add(definition: SchemaDefinition): this {
    this.#definitions.push(definition);
    return this;
  }

  addAll(definitions: Iterable<SchemaDefinition>): this {
    for (const d of definitions) this.add(d);
    return this;
  }

  /** Resolves everything added so far. Throws SchemaError naming the file and line of the bad definition. */
  build(): SchemaRegistry {
    void this.#options;
    throw new Error('not implemented yet');
  }
}

export { SchemaRegistry };
