/** Neo4j's type names of temporal values (error messages, valueType()). */
import type { TemporalValue } from '../../values.js';

const NAMES = {
  date: 'DATE',
  localtime: 'LOCAL TIME',
  time: 'ZONED TIME',
  localdatetime: 'LOCAL DATETIME',
  datetime: 'ZONED DATETIME',
  duration: 'DURATION',
} as const;

export type TemporalTypeName = (typeof NAMES)[keyof typeof NAMES];

export function temporalTypeName(v: TemporalValue): TemporalTypeName {
  return NAMES[v.kind];
}
