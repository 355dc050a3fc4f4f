/**
 * Opaque cursors: base64url of the JSON array of the last row's sort key. Clients pass it back
 * verbatim; a cursor that does not decode to the expected shape is a 400.
 */
import { badRequest } from './problem.js';

export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: ('string' | 'number')[]): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('The cursor is not valid; pass back nextCursor exactly as received.');
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length || parsed.some((v, i) => typeof v !== shape[i])) {
    throw badRequest('The cursor is not valid; pass back nextCursor exactly as received.');
  }
  return parsed as (string | number)[];
}

/** Standard paging query-string schema fragment. */
export const pagingQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'Page size (at most 500)' },
  cursor: { type: 'string', description: 'nextCursor from the previous page' },
} as const;
