import type { Statement } from '../ast.js';

/** Semantic checks (scoping, variable kinds, aggregation, clause composition). */
export function checkStatement(_stmt: Statement): void {}
