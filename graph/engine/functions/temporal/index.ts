/**
 * Cypher temporal values (see README.md): the function registry entries, and the semantics the
 * rest of the function library delegates to (comparison, arithmetic, toString, storage).
 */
export { temporalFunctions } from './functions.js';
export { temporalEquals, temporalCompare, temporalOrderCompare, temporalRank, temporalKey } from './compare.js';
export { temporalAdd, temporalSubtract, temporalMultiply, temporalDivide } from './arithmetic.js';
export { formatTemporal } from './format.js';
export { temporalComponent, temporalProperty, installComponents } from './components.js';
export { temporalTypeName } from './types.js';
