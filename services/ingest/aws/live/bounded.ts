/** Small concurrency helpers shared by the AWS collector modules. */

/** Splits `items` into consecutive batches of at most `size` (the API's per-call limit). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/**
 * Maps `items` through `work` with at most `limit` calls in flight; results keep the order of `items`, so what the
 * collector records does not depend on which call finished first (recordings of the same estate are identical).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Distinct values in first-seen order (ids referenced by several resources are asked for once). */
export function distinct<T>(values: Iterable<T | undefined | null>): T[] {
  const seen = new Set<T>();
  for (const value of values) if (value !== undefined && value !== null && value !== '') seen.add(value);
  return [...seen];
}
