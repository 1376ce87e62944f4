import type { SchemaRegistry } from '../../schema/index.ts';
import type { Route } from '../context.ts';
import { isBinaryAttribute } from '../values.ts';

const cache = new WeakMap<SchemaRegistry, unknown>();

/** The schema as forms need it: classes with their MUST/MAY closure, types with syntax and cardinality. */
export function schemaJson(schema: SchemaRegistry): unknown {
  let hit = cache.get(schema);
  if (!hit) {
    hit = {
      objectClasses: schema.objectClasses().map((oc) => ({
        name: oc.name,
        names: oc.names,
        oid: oc.oid,
        kind: oc.kind,
        sup: oc.sup.map((s) => s.name),
        must: [...oc.allMust].map((t) => t.name),
        may: [...oc.allMay].map((t) => t.name),
        ...(oc.description ? { description: oc.description } : {}),
      })),
      attributeTypes: schema.attributeTypes().map((t) => ({
        name: t.name,
        names: t.names,
        oid: t.oid,
        syntax: t.syntax.oid,
        singleValue: t.singleValue,
        noUserModification: t.noUserModification,
        operational: t.operational,
        binary: isBinaryAttribute(schema, t.name),
        ...(t.syntaxLength ? { maxLength: t.syntaxLength } : {}),
        ...(t.description ? { description: t.description } : {}),
      })),
    };
    cache.set(schema, hit);
  }
  return hit;
}

export const schemaRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/schema',
    auth: 'session',
    async handle(ctx) {
      return schemaJson(ctx.app.directory.schema);
    },
  },
];
