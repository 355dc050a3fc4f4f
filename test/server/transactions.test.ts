/**
 * The transaction manager on its own: lock order, commit dependency under early lock release,
 * atomic failure, timeouts. The commit log here is one whose disk the test controls.
 */
import { describe, it, expect } from '@jest/globals';
import type { Mutation } from '../../graph/engine/api.js';
import { CypherExecutor } from '../../graph/engine/exec/index.js';
import { GraphStore } from '../../graph/engine/store/index.js';
import type { CypherValue } from '../../graph/engine/values.js';
import type { CommitLog } from '../../graph/storage/index.js';
import { TransactionManager } from '../../graph/server/transactions.js';
import { sleep } from './helpers.js';

/** A commit log whose "fsync" completes only when the test calls sync(). */
class ManualDiskLog implements CommitLog {
  lastSeq = 0;
  durableSeq = 0;
  readonly batches: Mutation[][] = [];
  private waiters: Array<{ seq: number; resolve: () => void }> = [];
  append(mutations: readonly Mutation[]) {
    this.batches.push([...mutations]);
    const seq = ++this.lastSeq;
    return { seq, durable: this.waitDurable(seq) };
  }
  waitDurable(seq: number): Promise<void> {
    if (seq <= this.durableSeq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }
  checkpointDue(): boolean {
    return false;
  }
  async checkpoint(): Promise<void> {}
  async close(): Promise<void> {}
  sync(): void {
    this.durableSeq = this.lastSeq;
    for (const w of this.waiters.splice(0)) w.resolve();
  }
}

function setup() {
  const store = new GraphStore();
  const log = new ManualDiskLog();
  const manager = new TransactionManager(store, new CypherExecutor(store), log);
  const count = (rows: CypherValue[][]) => Number(rows[0]![0]);
  const run = (tx: ReturnType<typeof manager.begin>, q: string, p: Record<string, CypherValue> = {}) =>
    manager.run(tx, q, p, (r) => r.records);
  return { store, log, manager, count, run };
}

const tracked = <T>(p: Promise<T>) => {
  const t = { done: false, value: undefined as T | undefined, error: undefined as unknown };
  p.then(
    (v) => ((t.done = true), (t.value = v)),
    (e) => ((t.done = true), (t.error = e)),
  );
  return t;
};

describe('transaction manager', () => {
  it('releases the write lock at commit but answers nobody before the commit is durable', async () => {
    const { log, manager, count, run } = setup();
    const writer = manager.begin({ readOnly: false, timeoutMs: null });
    await run(writer, 'CREATE (:N)');
    const commit = tracked(manager.commit(writer));
    await sleep(10);
    expect(commit.done).toBe(false); // not on disk yet

    // Another transaction may already run (the lock is free) but must not answer with data
    // that a crash could still take away.
    const reader = manager.begin({ readOnly: true, timeoutMs: null });
    const read = tracked(run(reader, 'MATCH (n:N) RETURN count(n)'));
    const writer2 = manager.begin({ readOnly: false, timeoutMs: null, autoCommit: true });
    const write2 = tracked(run(writer2, 'CREATE (:N)').then(() => manager.commit(writer2)));
    await sleep(10);
    expect(read.done).toBe(false);
    expect(write2.done).toBe(false);
    expect(log.batches).toHaveLength(2); // both commits queued for the same sync

    log.sync();
    await sleep(0);
    expect(commit.done).toBe(true);
    expect(write2.done).toBe(true);
    expect(read.done).toBe(true);
    expect(count(read.value!)).toBe(1);
  });

  it('queues other transactions behind the lock holder in arrival order', async () => {
    const { log, manager, run } = setup();
    log.sync();
    const holder = manager.begin({ readOnly: false, timeoutMs: null });
    await run(holder, 'CREATE (:N {v: 0})');
    const order: string[] = [];
    const second = manager.begin({ readOnly: false, timeoutMs: null });
    const third = manager.begin({ readOnly: true, timeoutMs: null });
    const fourth = manager.begin({ readOnly: false, timeoutMs: null });
    const a = run(second, 'CREATE (:N {v: 1})').then(() => order.push('second'));
    const b = run(third, 'MATCH (n:N) RETURN count(n)').then((rows) => order.push(`third saw ${Number(rows[0]![0])}`));
    const c = run(fourth, 'CREATE (:N {v: 3})').then(() => order.push('fourth'));
    await sleep(10);
    expect(order).toEqual([]);
    manager.rollback(holder);
    await a;
    // second now holds the lock with uncommitted changes: third and fourth keep waiting.
    await sleep(10);
    expect(order).toEqual(['second']);
    const commit = manager.commit(second);
    log.sync();
    await commit;
    await Promise.all([b, c]);
    expect(order).toEqual(['second', 'third saw 1', 'fourth']);
    manager.rollback(fourth);
  });

  it('undoes every earlier write of a transaction when a later query fails', async () => {
    const { store, manager, run } = setup();
    const tx = manager.begin({ readOnly: false, timeoutMs: null });
    await run(tx, 'CREATE (:N)');
    await run(tx, 'CREATE (:N)');
    await expect(run(tx, 'RETURN $missing')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.ParameterMissing' });
    expect(tx.state).toBe('failed');
    expect(store.nodeCount()).toBe(0);
    await expect(run(tx, 'RETURN 1')).rejects.toMatchObject({ code: 'Neo.ClientError.Transaction.TransactionNotFound' });
    // The lock is free again.
    const next = manager.begin({ readOnly: false, timeoutMs: null, autoCommit: true });
    await run(next, 'CREATE (:N)');
    expect(store.nodeCount()).toBe(1);
  });

  it('rolls back a transaction that outlives its timeout and refuses its later queries', async () => {
    const { store, manager, run } = setup();
    const tx = manager.begin({ readOnly: false, timeoutMs: 50 });
    await run(tx, 'CREATE (:N)');
    expect(store.nodeCount()).toBe(1);
    await sleep(80);
    expect(tx.state).toBe('timedOut');
    expect(store.nodeCount()).toBe(0);
    await expect(run(tx, 'RETURN 1')).rejects.toMatchObject({ code: 'Neo.ClientError.Transaction.TransactionTimedOut' });
    await expect(manager.commit(tx)).rejects.toMatchObject({ code: 'Neo.ClientError.Transaction.TransactionTimedOut' });
    expect(manager.openTransactions).toBe(0);
  });

  it('refuses updates in read-only transactions with AccessMode', async () => {
    const { store, manager, run } = setup();
    const tx = manager.begin({ readOnly: true, timeoutMs: null });
    await expect(run(tx, 'CREATE (:N)')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.AccessMode' });
    expect(store.nodeCount()).toBe(0);
  });
});
