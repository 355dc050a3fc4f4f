/** Shared helpers of the AWS normalisers: iterating response files element by element, scope names. */
import type { ScopeFactsBuilder } from '../facts.js';
import { MalformedElement, isObject, type JsonObject } from '../read.js';
import type { SnapshotFiles } from '../snapshot/files.js';

export function awsScope(accountId: string, region: string): string {
  return `aws:${accountId}:${region}`;
}

export function awsAccountScope(accountId: string): string {
  return `aws:${accountId}`;
}

/** Partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`), default `aws`. */
export function partitionOf(arn: string | undefined): string {
  return arn?.match(/^arn:([^:]+):/)?.[1] ?? 'aws';
}

/** The pages of an AWS response file (a JSON array of response bodies); a malformed file or page becomes a problem. */
export function pages(files: SnapshotFiles, path: string, scope: ScopeFactsBuilder): { page: JsonObject; index: number }[] {
  if (!files.has(path)) return [];
  const body = files.get(path);
  if (!Array.isArray(body)) {
    scope.problem(path, 'file is not a JSON array of responses; skipped');
    return [];
  }
  const result: { page: JsonObject; index: number }[] = [];
  body.forEach((page, index) => {
    if (isObject(page)) result.push({ page, index });
    else scope.problem(`${path}[${index}]`, 'response is not an object; skipped');
  });
  return result;
}

/**
 * Calls `handle` for every element of `listKey` in every page of the file; an element that throws becomes a problem
 * naming file, page and element index, and is skipped.
 */
export function forEachItem(
  files: SnapshotFiles,
  path: string,
  listKey: string,
  scope: ScopeFactsBuilder,
  handle: (item: JsonObject, source: string) => void,
): void {
  for (const { page, index } of pages(files, path, scope)) {
    const list = page[listKey];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      scope.problem(`${path}[${index}].${listKey}`, 'not an array; skipped');
      continue;
    }
    list.forEach((item, itemIndex) => {
      const source = `${path}[${index}].${listKey}[${itemIndex}]`;
      try {
        if (!isObject(item)) throw new MalformedElement('element is not an object');
        handle(item, source);
      } catch (error) {
        scope.problem(source, error instanceof MalformedElement ? error.message : `unexpected: ${(error as Error).message}`);
      }
    });
  }
}

/** Runs `handle` on one element; a throw becomes a problem for `source`. */
export function guarded(scope: ScopeFactsBuilder, source: string, handle: () => void): void {
  try {
    handle();
  } catch (error) {
    scope.problem(source, error instanceof MalformedElement ? error.message : `unexpected: ${(error as Error).message}`);
  }
}
