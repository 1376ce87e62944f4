import { DnService } from '../directory/dn-service.ts';
import type { SchemaRegistry } from '../schema/index.ts';

/** What parsing and evaluating rules needs from the directory: the schema and its DN normalization. */
export interface RuleEnvironment {
  readonly schema: SchemaRegistry;
  /** The normalized DN (as the directory normalizes entry DNs); throws for a DN that does not parse. */
  normalizeDn(dn: string): string;
}

export function ruleEnvironment(schema: SchemaRegistry): RuleEnvironment {
  const dn = new DnService(schema);
  return { schema, normalizeDn: (text) => dn.normalize(text) };
}
