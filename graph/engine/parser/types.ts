/** Static types the semantic checker can know without running the query. */
export type StaticType =
  | 'node'
  | 'rel'
  /** the list bound by a variable-length relationship `[r*]` */
  | 'rellist'
  | 'path'
  | 'int'
  | 'float'
  | 'number'
  | 'string'
  | 'bool'
  | 'list'
  | 'map'
  | 'null'
  /** unknown until run time */
  | 'any';

/** First-argument types accepted by functions whose misuse Neo4j rejects at compile time. */
const FIRST_ARGUMENT_TYPES: ReadonlyMap<string, readonly StaticType[]> = new Map<string, readonly StaticType[]>([
  ['length', ['path', 'string', 'list', 'rellist']],
  ['type', ['rel']],
  ['size', ['string', 'list', 'rellist']],
  ['properties', ['node', 'rel', 'map']],
  ['keys', ['node', 'rel', 'map']],
  ['labels', ['node']],
  ['nodes', ['path']],
  ['relationships', ['path']],
  ['startnode', ['rel']],
  ['endnode', ['rel']],
  ['id', ['node', 'rel']],
  ['elementid', ['node', 'rel']],
]);

export function functionTypeRule(name: string): readonly StaticType[] | undefined {
  return FIRST_ARGUMENT_TYPES.get(name);
}

export function isBooleanCompatible(t: StaticType): boolean {
  return t === 'any' || t === 'bool' || t === 'null';
}

/** Neo4j's spelling of a static type in error messages. */
export function typeLabel(t: StaticType): string {
  switch (t) {
    case 'node':
      return 'Node';
    case 'rel':
      return 'Relationship';
    case 'rellist':
      return 'List<Relationship>';
    case 'path':
      return 'Path';
    case 'int':
      return 'Integer';
    case 'float':
      return 'Float';
    case 'number':
      return 'Number';
    case 'string':
      return 'String';
    case 'bool':
      return 'Boolean';
    case 'list':
      return 'List<T>';
    case 'map':
      return 'Map';
    case 'null':
      return 'Null';
    case 'any':
      return 'Any';
  }
}
