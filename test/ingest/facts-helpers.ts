import type { Facts, NodeRow, RelationshipRow } from '../../services/ingest/facts.js';

export function scopeOf(facts: Facts, scope: string) {
  const found = facts.scopes.find((candidate) => candidate.scope === scope);
  if (found === undefined) throw new Error(`no scope ${scope} in ${facts.scopes.map((s) => s.scope).join(', ')}`);
  return found;
}

export function nodeOf(facts: Facts, scope: string, label: string, id: string): NodeRow {
  const row = scopeOf(facts, scope).nodes.get(label)?.find((candidate) => candidate.id === id);
  if (row === undefined) throw new Error(`no ${label} ${id} in ${scope}`);
  return row;
}

export function nodeIds(facts: Facts, scope: string, label: string): string[] {
  return (scopeOf(facts, scope).nodes.get(label) ?? []).map((row) => row.id).sort();
}

export function relsOf(facts: Facts, scope: string, kind: string): RelationshipRow[] {
  return scopeOf(facts, scope).relationships.get(kind) ?? [];
}

export function pairs(facts: Facts, scope: string, kind: string): [string, string][] {
  return relsOf(facts, scope, kind).map((row) => [row.from, row.to] as [string, string]).sort();
}
