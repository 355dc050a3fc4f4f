export * from './types.js';
export * from './model.js';
export * from './cypher.js';
export { toDbSchema } from './lint-schema.js';
export * from './results.js';
