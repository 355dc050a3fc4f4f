/**
 * API call accounting for the live AWS collector: every request the collector sends is counted per operation
 * (`service:Operation`), failed ones included, and the SDK's own retries (throttling) are summed from
 * `$metadata.attempts`. The counts are compared with the minimum the batch limits allow (see minimum.ts).
 */

/** Number of calls per operation, keyed `service:Operation` (e.g. `ecs:DescribeServices`). */
export type CallCount = Record<string, number>;

export class CallCounter {
  private readonly counts = new Map<string, number>();
  /** Extra attempts the SDK made after throttling or transient errors (not included in the counts). */
  retries = 0;

  add(operation: string, calls = 1): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + calls);
  }

  merge(other: CallCount, retries = 0): void {
    for (const [operation, calls] of Object.entries(other)) this.add(operation, calls);
    this.retries += retries;
  }

  snapshot(): CallCount {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /**
   * Makes `client.send` count every command it is given. Paginators call `client.send` too, so their pages are
   * counted. Works on an instance whose prototype `send` was replaced by a test double (aws-sdk-client-mock).
   */
  instrument<C extends object>(service: string, client: C): C {
    const target = client as unknown as { send: (command: object, ...rest: unknown[]) => Promise<unknown> };
    const originalSend = target.send.bind(client);
    target.send = async (command: object, ...rest: unknown[]) => {
      this.add(`${service}:${command.constructor.name.replace(/Command$/, '')}`);
      const output = await originalSend(command, ...rest);
      const attempts = (output as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
      if (typeof attempts === 'number' && attempts > 1) this.retries += attempts - 1;
      return output;
    };
    return client;
  }
}

export function totalCalls(calls: CallCount): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0);
}
