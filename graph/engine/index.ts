/** The embedded graph engine's public surface (the Bolt server in graph/server wires these). */
export { GraphStore, GraphStoreTransaction } from './store/index.js';
export { CypherExecutor } from './exec/index.js';
export { CypherError } from './errors.js';
export type { Mutation, StoreTransaction, QueryResult, QueryCounters, ExecuteOptions } from './api.js';
export { emptyCounters } from './api.js';
export * from './values.js';
