/** The schema in the form @neo4j-cypher/language-support's `lintCypherQuery(query, dbSchema)` expects. */
import type { DbSchema } from '@neo4j-cypher/language-support';
import { NODE_KINDS, RELATIONSHIP_KINDS } from './model.js';
import { DERIVED_RELATIONSHIP_KINDS, RESULT_NODE_KINDS, RESULT_RELATIONSHIP_KINDS } from './results.js';
import { COMMON_NODE_PROPERTIES, COMMON_RELATIONSHIP_PROPERTIES } from './types.js';

export function toDbSchema(): DbSchema {
  const labels = new Set<string>();
  // `from`, `to`, `props` are keys of the load statements' row maps (the linter checks map keys like property keys).
  const propertyKeys = new Set<string>([
    ...Object.keys(COMMON_NODE_PROPERTIES),
    ...Object.keys(COMMON_RELATIONSHIP_PROPERTIES),
    'from',
    'to',
    'props',
  ]);
  for (const kind of [...NODE_KINDS, ...RESULT_NODE_KINDS]) {
    labels.add(kind.label);
    for (const extra of kind.extraLabels ?? []) labels.add(extra);
    for (const key of Object.keys(kind.properties)) propertyKeys.add(key);
  }
  const graphSchema: { from: string; to: string; relType: string }[] = [];
  const relationshipKinds = [...RELATIONSHIP_KINDS, ...DERIVED_RELATIONSHIP_KINDS, ...RESULT_RELATIONSHIP_KINDS];
  for (const kind of relationshipKinds) {
    for (const key of Object.keys(kind.properties)) propertyKeys.add(key);
    graphSchema.push({ from: kind.from, to: kind.to, relType: kind.type });
  }
  return {
    labels: [...labels].sort(),
    relationshipTypes: [...new Set(relationshipKinds.map((kind) => kind.type))].sort(),
    propertyKeys: [...propertyKeys].sort(),
    graphSchema,
  };
}
