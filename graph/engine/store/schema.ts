/**
 * Schema objects of the store: named indexes and constraints, and the property index structure
 * they share. One PropertyIndex serves every schema object over the same (label, properties),
 * so an index and a uniqueness constraint on the same key do not double the memory.
 */
export type ConstraintKind = 'UNIQUE' | 'NODE_KEY' | 'NOT_NULL';

export interface IndexDefinition {
  name: string;
  label: string;
  properties: string[];
  forRelationship: boolean;
}

export interface ConstraintDefinition extends IndexDefinition {
  kind: ConstraintKind;
}

import type { IndexKey } from './values.js';

export class PropertyIndex {
  /** key of the indexed property values (indexKey / tupleKey) -> ids of the entities holding them */
  readonly entries = new Map<IndexKey, Set<number>>();
  /** how many schema objects (indexes, unique / node key constraints) use this structure */
  users = 0;
  constructor(
    readonly forRelationship: boolean,
    readonly label: string,
    readonly properties: readonly string[],
  ) {}

  add(key: IndexKey, id: number): void {
    let set = this.entries.get(key);
    if (!set) {
      set = new Set();
      this.entries.set(key, set);
    }
    set.add(id);
  }

  remove(key: IndexKey, id: number): void {
    const set = this.entries.get(key);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.entries.delete(key);
  }
}

export function schemaKey(forRelationship: boolean, label: string, properties: readonly string[]): string {
  return (forRelationship ? 'r' : 'n') + '\u0000' + label + '\u0000' + properties.join('\u0000');
}

/** Neo4j-style generated names: stable for the same definition. */
export function generatedName(prefix: 'index' | 'constraint', def: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < def.length; i++) {
    h ^= def.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${prefix}_${h.toString(16).padStart(8, '0')}`;
}

/** Whether a constraint kind needs a uniqueness index. */
export function needsIndex(kind: ConstraintKind): boolean {
  return kind === 'UNIQUE' || kind === 'NODE_KEY';
}
