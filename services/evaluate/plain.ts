/** Converts driver values (Integer, Node, lists, maps) into plain JSON-able JavaScript values. */
import neo4j from 'neo4j-driver';

export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) {
    const int = value as { inSafeRange(): boolean; toNumber(): number; toString(): string };
    return int.inSafeRange() ? int.toNumber() : int.toString();
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (v.constructor?.name === 'Node') return { elementId: v.elementId, labels: v.labels, properties: toPlain(v.properties) };
    if (v.constructor?.name === 'Relationship') return { elementId: v.elementId, type: v.type, properties: toPlain(v.properties) };
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) out[k] = toPlain(inner);
    return out;
  }
  return value;
}
