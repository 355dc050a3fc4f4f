/**
 * The runtime value model of the Cypher engine: the contract between the executor
 * (graph/engine/exec), the function library (graph/engine/functions) and the Bolt server.
 *
 *   null     -> null
 *   BOOLEAN  -> boolean
 *   INTEGER  -> bigint   (64-bit semantics: results outside int64 raise an overflow error)
 *   FLOAT    -> number
 *   STRING   -> string
 *   LIST     -> CypherValue[]  (plain JS arrays)
 *   MAP      -> CypherMap      (plain object with a null prototype; see isMap)
 *   NODE     -> NodeValue, RELATIONSHIP -> RelationshipValue, PATH -> PathValue
 *   DATE, LOCAL TIME, ZONED TIME, LOCAL DATETIME, ZONED DATETIME, DURATION
 *            -> DateValue, LocalTimeValue, TimeValue, LocalDateTimeValue, DateTimeValue, DurationValue
 *               (immutable; subclasses of TemporalValue; semantics in functions/temporal/)
 *
 * Nodes and relationships are references into the store: their labels and properties are read
 * at the moment they are needed, so a SET earlier in the query is visible later.
 */

export type CypherValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | CypherValue[]
  | CypherMap
  | NodeValue
  | RelationshipValue
  | PathValue
  | TemporalValue;

export interface CypherMap {
  [key: string]: CypherValue;
}

/** A property value as stored: no maps, no graph entities; lists are homogeneous. */
export type PropertyValue = boolean | bigint | number | string | TemporalValue | PropertyValue[];

/** Read access to the store that NodeValue / RelationshipValue need. Implemented by the store. */
export interface EntityReader {
  nodeLabels(id: number): string[];
  nodeProperties(id: number): Record<string, PropertyValue>;
  nodeExists(id: number): boolean;
  relType(id: number): string;
  relProperties(id: number): Record<string, PropertyValue>;
  relEndpoints(id: number): { start: number; end: number };
  relExists(id: number): boolean;
}

export class NodeValue {
  constructor(
    readonly id: number,
    readonly reader: EntityReader,
  ) {}
  get elementId(): string {
    return elementIdOfNode(this.id);
  }
  labels(): string[] {
    return this.reader.nodeLabels(this.id);
  }
  properties(): Record<string, PropertyValue> {
    return this.reader.nodeProperties(this.id);
  }
}

export class RelationshipValue {
  constructor(
    readonly id: number,
    readonly reader: EntityReader,
  ) {}
  get elementId(): string {
    return elementIdOfRelationship(this.id);
  }
  type(): string {
    return this.reader.relType(this.id);
  }
  properties(): Record<string, PropertyValue> {
    return this.reader.relProperties(this.id);
  }
  get startId(): number {
    return this.reader.relEndpoints(this.id).start;
  }
  get endId(): number {
    return this.reader.relEndpoints(this.id).end;
  }
}

/** nodes.length === relationships.length + 1; relationships[i] joins nodes[i] and nodes[i+1] (either direction). */
export class PathValue {
  constructor(
    readonly nodes: NodeValue[],
    readonly relationships: RelationshipValue[],
  ) {}
}

// ---------------------------------------------------------------------------------------------
// Temporal values. Fields are internal (their names avoid Cypher's component names: the
// components, `d.year`, `dur.months`, ..., are getters installed by functions/temporal).
// ---------------------------------------------------------------------------------------------

/** Base of the six temporal value classes (durations included), so that isMap can exclude them. */
export abstract class TemporalValue {
  abstract readonly kind: 'date' | 'localtime' | 'time' | 'localdatetime' | 'datetime' | 'duration';
}

/** DATE: days since 1970-01-01 (proleptic Gregorian). */
export class DateValue extends TemporalValue {
  readonly kind = 'date' as const;
  constructor(readonly epochDay: number) {
    super();
  }
}

/** LOCAL TIME: nanoseconds since midnight. */
export class LocalTimeValue extends TemporalValue {
  readonly kind = 'localtime' as const;
  constructor(readonly nanoOfDay: number) {
    super();
  }
}

/** ZONED TIME: local nanoseconds since midnight and an offset from UTC in seconds. */
export class TimeValue extends TemporalValue {
  readonly kind = 'time' as const;
  constructor(
    readonly nanoOfDay: number,
    readonly offsetSec: number,
  ) {
    super();
  }
}

/** LOCAL DATETIME: days since 1970-01-01 and nanoseconds since midnight. */
export class LocalDateTimeValue extends TemporalValue {
  readonly kind = 'localdatetime' as const;
  constructor(
    readonly epochDay: number,
    readonly nanoOfDay: number,
  ) {
    super();
  }
}

/**
 * ZONED DATETIME: the local date and time, the offset in force there, and the named zone
 * (null for a fixed offset such as +01:00 or Z).
 */
export class DateTimeValue extends TemporalValue {
  readonly kind = 'datetime' as const;
  constructor(
    readonly epochDay: number,
    readonly nanoOfDay: number,
    readonly offsetSec: number,
    readonly zoneId: string | null,
  ) {
    super();
  }
}

/** DURATION: months, days, seconds and nanoseconds (0..999,999,999), as Neo4j keeps them. */
export class DurationValue extends TemporalValue {
  readonly kind = 'duration' as const;
  constructor(
    readonly monthsPart: number,
    readonly daysPart: number,
    readonly secondsPart: bigint,
    readonly nanosPart: number,
  ) {
    super();
  }
}

/** Element ids follow Neo4j 5's shape `4:<database>:<id>` (nodes) and `5:<database>:<id>` (relationships). */
export const DATABASE_ID = 'embedded';
export function elementIdOfNode(id: number): string {
  return `4:${DATABASE_ID}:${id}`;
}
export function elementIdOfRelationship(id: number): string {
  return `5:${DATABASE_ID}:${id}`;
}
/** Parses an element id back to its numeric id and kind; null when it is not one of ours. */
export function parseElementId(elementId: string): { kind: 'node' | 'relationship'; id: number } | null {
  const m = /^([45]):([^:]+):(\d+)$/.exec(elementId);
  if (!m || m[2] !== DATABASE_ID) return null;
  return { kind: m[1] === '4' ? 'node' : 'relationship', id: Number(m[3]) };
}

export function isMap(v: CypherValue): v is CypherMap {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof NodeValue) &&
    !(v instanceof RelationshipValue) &&
    !(v instanceof PathValue) &&
    !(v instanceof TemporalValue)
  );
}

export function makeMap(): CypherMap {
  return Object.create(null) as CypherMap;
}
