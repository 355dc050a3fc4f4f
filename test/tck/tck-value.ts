/**
 * The neutral value model the TCK runner compares in: expected values (parsed from the feature
 * tables) and actual values (converted from neo4j-driver results) both become a TckValue, so the
 * comparison never has to know where a value came from.
 *
 * Nodes and relationships carry no identity: the TCK compares them by labels / type and properties.
 */
export type TckValue =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'integer'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: TckValue[] }
  | { kind: 'map'; entries: Record<string, TckValue> }
  | TckNode
  | TckRelationship
  | TckPath;

export interface TckNode {
  kind: 'node';
  labels: string[];
  properties: Record<string, TckValue>;
}

export interface TckRelationship {
  kind: 'relationship';
  type: string;
  properties: Record<string, TckValue>;
}

/** One hop of a path: `forward` is true when the relationship points along the path (`-[]->`). */
export interface TckPathLink {
  relationship: TckRelationship;
  forward: boolean;
  node: TckNode;
}

export interface TckPath {
  kind: 'path';
  start: TckNode;
  links: TckPathLink[];
}

export const tckNull: TckValue = { kind: 'null' };

/**
 * A canonical text for a value: two values are equal for the TCK exactly when their canonical
 * texts are equal. Integers and floats render differently (`1` vs `1.0f`), map keys and labels are
 * sorted (they are sets), and with `ignoreListOrder` list elements are sorted by their own canonical
 * text, which turns list comparison into multiset comparison.
 */
export function canonical(value: TckValue, ignoreListOrder = false): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'integer':
      return value.value.toString();
    case 'float':
      return canonicalFloat(value.value);
    case 'string':
      return JSON.stringify(value.value);
    case 'list': {
      const items = value.items.map((item) => canonical(item, ignoreListOrder));
      if (ignoreListOrder) items.sort();
      return `[${items.join(', ')}]`;
    }
    case 'map':
      return canonicalProperties(value.entries, ignoreListOrder);
    case 'node':
      return canonicalNode(value, ignoreListOrder);
    case 'relationship':
      return canonicalRelationship(value, ignoreListOrder);
    case 'path': {
      let text = `<${canonicalNode(value.start, ignoreListOrder)}`;
      for (const link of value.links) {
        const rel = canonicalRelationship(link.relationship, ignoreListOrder);
        text += link.forward ? `-${rel}->` : `<-${rel}-`;
        text += canonicalNode(link.node, ignoreListOrder);
      }
      return `${text}>`;
    }
  }
}

/**
 * Floats compare exactly, as the TCK does, except that NaN equals NaN (the TCK writes NaN in
 * expected tables and means "a NaN") and -0.0 equals 0.0 (IEEE equality).
 */
function canonicalFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return '0.0f';
  return `${n}f`;
}

function canonicalProperties(props: Record<string, TckValue>, ignoreListOrder: boolean): string {
  const keys = Object.keys(props).sort();
  return `{${keys.map((k) => `${k}: ${canonical(props[k]!, ignoreListOrder)}`).join(', ')}}`;
}

function canonicalNode(node: TckNode, ignoreListOrder: boolean): string {
  const labels = [...new Set(node.labels)].sort().map((l) => `:${l}`).join('');
  return `(${labels} ${canonicalProperties(node.properties, ignoreListOrder)})`;
}

function canonicalRelationship(rel: TckRelationship, ignoreListOrder: boolean): string {
  return `[:${rel.type} ${canonicalProperties(rel.properties, ignoreListOrder)}]`;
}

/** Human-readable rendering in the TCK's own notation, for failure messages. */
export function render(value: TckValue): string {
  switch (value.kind) {
    case 'null':
    case 'boolean':
    case 'integer':
      return canonical(value);
    case 'float': {
      const n = value.value;
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'Inf' : '-Inf';
      return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
    }
    case 'string':
      return `'${value.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'list':
      return `[${value.items.map(render).join(', ')}]`;
    case 'map':
      return renderProperties(value.entries) || '{}';
    case 'node':
      return renderNode(value);
    case 'relationship':
      return renderRelationship(value);
    case 'path': {
      let text = `<${renderNode(value.start)}`;
      for (const link of value.links) {
        const rel = renderRelationship(link.relationship);
        text += link.forward ? `-${rel}->` : `<-${rel}-`;
        text += renderNode(link.node);
      }
      return `${text}>`;
    }
  }
}

function renderProperties(props: Record<string, TckValue>): string {
  const keys = Object.keys(props);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}: ${render(props[k]!)}`).join(', ')}}`;
}

function renderNode(node: TckNode): string {
  const labels = node.labels.map((l) => `:${l}`).join('');
  const props = renderProperties(node.properties);
  return `(${labels}${labels && props ? ' ' : ''}${props})`;
}

function renderRelationship(rel: TckRelationship): string {
  const props = renderProperties(rel.properties);
  return `[:${rel.type}${props ? ' ' : ''}${props}]`;
}
