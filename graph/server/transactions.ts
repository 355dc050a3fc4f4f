/**
 * The transaction manager: isolation, atomicity, access modes, timeouts and durable commit for
 * every Bolt session of one server.
 *
 * Isolation. Queries run synchronously, so two queries never interleave; what needs guarding is
 * the time between queries of a transaction that has written (its changes sit uncommitted in the
 * store). A query that updates first takes the exclusive write lock (executor.isUpdating); the
 * transaction keeps it until it ends. While another transaction holds the lock and has an open
 * store transaction, every query of any other transaction waits, FIFO, without blocking the
 * event loop. Nobody reads uncommitted data and, with a single lock, nobody deadlocks. Waiting
 * counts against the waiter's transaction timeout.
 *
 * Durable commit. The committing transaction's mutations are appended to the log, the store
 * transaction is committed and the lock released at once (early lock release, so that commits
 * of many sessions share one fdatasync: group commit), and the COMMIT reply waits until the
 * log record is on disk. Early release must not let anyone observe data that could still be
 * lost, so a query's results are only sent once every transaction committed before it ran is
 * durable (commit dependency). Log order equals commit order because only the lock holder writes.
 */
import type { Mutation, QueryResult, StoreTransaction } from '../engine/api.js';
import { CypherError } from '../engine/errors.js';
import type { CypherValue } from '../engine/values.js';
import type { CommitLog, MutationSink } from '../storage/index.js';

/** The store as the server uses it (GraphStore implements it). */
export interface ServerStore extends MutationSink {
  begin(): StoreTransaction;
}

/** The executor as the server uses it (CypherExecutor implements it). */
export interface ServerExecutor {
  execute(
    tx: StoreTransaction,
    query: string,
    params: Record<string, CypherValue>,
    options: { readOnly: boolean; deadline: number | null },
  ): QueryResult;
  isUpdating(query: string): boolean;
}

export type TransactionState = 'open' | 'committing' | 'committed' | 'rolledBack' | 'failed' | 'timedOut';

export interface TransactionOptions {
  readOnly: boolean;
  /** One query then commit: the commit's durability wait covers what the query saw. */
  autoCommit?: boolean;
  /** Milliseconds; null or <= 0 for none. */
  timeoutMs: number | null;
}

let nextTransactionId = 1;

export class ServerTransaction {
  readonly id = nextTransactionId++;
  state: TransactionState = 'open';
  /** The store transaction of a transaction that has taken the write lock. */
  storeTx: StoreTransaction | null = null;
  readonly deadline: number | null;
  timer: NodeJS.Timeout | null = null;
  /** Highest commit sequence number whose effects this transaction may have seen. */
  observedSeq = 0;

  constructor(readonly options: TransactionOptions) {
    this.deadline = options.timeoutMs !== null && options.timeoutMs > 0 ? Date.now() + options.timeoutMs : null;
  }
}

export function timedOutError(tx: ServerTransaction): CypherError {
  return new CypherError(
    'Neo.ClientError.Transaction.TransactionTimedOut',
    `The transaction has been terminated. Retry your operation in a new transaction, and you should see a successful result. ` +
      `The transaction has not completed within the timeout specified at its start by the client (${tx.options.timeoutMs} ms).`,
  );
}

function notOpenError(tx: ServerTransaction): CypherError {
  if (tx.state === 'timedOut') return timedOutError(tx);
  return new CypherError('Neo.ClientError.Transaction.TransactionNotFound', `Transaction ${tx.id} is no longer open (${tx.state})`);
}

interface LockWaiter {
  owner: object;
  exclusive: boolean;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
}

/** A single exclusive write lock with a FIFO queue of waiters (readers and writers). */
class WriteLock {
  holder: object | null = null;
  private queue: LockWaiter[] = [];
  /** Tells whether the holder has uncommitted changes that readers must not see. */
  constructor(private readonly holderHasChanges: (holder: object) => boolean) {}

  private readerBlocked(owner: object): boolean {
    return this.holder !== null && this.holder !== owner && this.holderHasChanges(this.holder);
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Waits until `owner` may run a query; exclusive = the query writes and takes the lock. */
  async acquire(owner: object, exclusive: boolean, deadline: number | null, onTimeout: () => Error): Promise<void> {
    if (this.holder === owner) return;
    let front = false;
    for (;;) {
      if (exclusive) {
        if (this.holder === null && (this.queue.length === 0 || front)) {
          this.holder = owner;
          return;
        }
      } else if (!this.readerBlocked(owner)) {
        return;
      }
      await this.wait(owner, exclusive, deadline, onTimeout, front);
      if (this.holder === owner) return; // granted by release()
      front = true; // woken but overtaken: retry ahead of later arrivals
    }
  }

  private wait(owner: object, exclusive: boolean, deadline: number | null, onTimeout: () => Error, front: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: LockWaiter = { owner, exclusive, resolve, reject, timer: null };
      if (deadline !== null) {
        waiter.timer = setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(onTimeout());
          this.grant();
        }, Math.max(0, deadline - Date.now()));
      }
      if (front) this.queue.unshift(waiter);
      else this.queue.push(waiter);
    });
  }

  /** Cancels the waits of `owner` (its transaction ended while it was queued). */
  abandon(owner: object, reason: Error): void {
    const mine = this.queue.filter((w) => w.owner === owner);
    if (mine.length === 0) return;
    this.queue = this.queue.filter((w) => w.owner !== owner);
    for (const w of mine) {
      if (w.timer) clearTimeout(w.timer);
      w.reject(reason);
    }
    this.grant();
  }

  release(owner: object): void {
    if (this.holder !== owner) return;
    this.holder = null;
    this.grant();
  }

  /** Wakes waiters in order: leading readers all run; the first writer gets the lock. */
  private grant(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (next.exclusive) {
        if (this.holder !== null) return;
        this.holder = next.owner;
      } else if (this.readerBlocked(next.owner)) {
        return;
      }
      this.queue.shift();
      if (next.timer) clearTimeout(next.timer);
      next.resolve();
      if (next.exclusive) return;
    }
  }
}

export interface TransactionManagerOptions {
  /** Called with errors raised while checkpointing in the background. */
  onBackgroundError?: (e: Error) => void;
}

export class TransactionManager {
  private readonly lock: WriteLock;
  private checkpointing: Promise<void> | null = null;
  private readonly open = new Set<ServerTransaction>();

  constructor(
    readonly store: ServerStore,
    readonly executor: ServerExecutor,
    readonly commitLog: CommitLog,
    private readonly options: TransactionManagerOptions = {},
  ) {
    this.lock = new WriteLock((holder) => holder instanceof ServerTransaction && holder.storeTx !== null);
  }

  get openTransactions(): number {
    return this.open.size;
  }

  begin(options: TransactionOptions): ServerTransaction {
    const tx = new ServerTransaction(options);
    this.open.add(tx);
    if (tx.deadline !== null) {
      // A transaction left open past its timeout is rolled back; its next message fails.
      tx.timer = setTimeout(() => {
        if (tx.state === 'open') this.end(tx, 'timedOut');
      }, tx.deadline - Date.now());
      tx.timer.unref();
    }
    return tx;
  }

  /**
   * Runs one query in `tx`. Any failure rolls the whole transaction back (it is over) and is
   * rethrown. `materialise` turns the result into what the caller keeps, synchronously after
   * execution. The output is returned only once everything it could have seen is durable.
   */
  async run<T>(
    tx: ServerTransaction,
    query: string,
    params: Record<string, CypherValue>,
    materialise: (result: QueryResult) => T,
  ): Promise<T> {
    if (tx.state !== 'open') throw notOpenError(tx);
    let result: QueryResult;
    let output: T;
    try {
      const updating = !tx.options.readOnly && this.executor.isUpdating(query);
      await this.lock.acquire(tx, updating, tx.deadline, () => timedOutError(tx));
      if (tx.state !== 'open') throw notOpenError(tx);
      if (tx.deadline !== null && Date.now() >= tx.deadline) throw timedOutError(tx);
      if (updating && tx.storeTx === null) tx.storeTx = this.store.begin();
      const options = { readOnly: tx.options.readOnly, deadline: tx.deadline };
      if (tx.storeTx) {
        result = this.executor.execute(tx.storeTx, query, params, options);
      } else {
        // A read outside any write: a short store transaction of its own. Should the executor
        // have written after all (isUpdating said no), keep the changes only if this
        // transaction can take the lock on the spot; otherwise undo them.
        const storeTx = this.store.begin();
        try {
          result = this.executor.execute(storeTx, query, params, options);
        } catch (e) {
          storeTx.rollback();
          throw e;
        }
        if (storeTx.dirty) {
          if (this.lock.holder === null) {
            this.lock.holder = tx;
            tx.storeTx = storeTx;
          } else {
            storeTx.rollback();
            throw new CypherError('Neo.DatabaseError.General.UnknownError', 'query wrote although it was classified as read-only');
          }
        } else storeTx.commit();
      }
      // Entities in the result are references into the store: turn them into values now,
      // before anyone else gets to change the store.
      output = materialise(result);
      tx.observedSeq = this.commitLog.lastSeq;
    } catch (e) {
      if (tx.state === 'open') this.end(tx, 'failed');
      else this.lock.release(tx);
      throw e;
    }
    if (!tx.options.autoCommit) await this.commitLog.waitDurable(tx.observedSeq);
    return output;
  }

  /** Commits: durable first, then replies. Returns the bookmark. */
  async commit(tx: ServerTransaction): Promise<string> {
    if (tx.state !== 'open') throw notOpenError(tx);
    tx.state = 'committing';
    if (tx.timer) clearTimeout(tx.timer);
    let seq = tx.observedSeq;
    let durable: Promise<void> = Promise.resolve();
    const storeTx = tx.storeTx;
    if (storeTx !== null) {
      const mutations: readonly Mutation[] = storeTx.mutations;
      if (mutations.length > 0) {
        try {
          ({ seq, durable } = this.commitLog.append(mutations));
        } catch (e) {
          this.end(tx, 'failed');
          throw new CypherError('Neo.DatabaseError.General.UnknownError', `commit failed: ${(e as Error).message}`);
        }
      }
      storeTx.commit();
      tx.storeTx = null;
    }
    this.open.delete(tx);
    this.lock.release(tx);
    tx.state = 'committed';
    if (this.commitLog.checkpointDue() && this.checkpointing === null) {
      void this.checkpoint().catch((e: Error) => this.options.onBackgroundError?.(e));
    }
    try {
      await durable;
      await this.commitLog.waitDurable(seq);
    } catch (e) {
      throw new CypherError('Neo.DatabaseError.General.UnknownError', `commit could not be made durable: ${(e as Error).message}`);
    }
    return bookmarkOf(seq);
  }

  rollback(tx: ServerTransaction): void {
    if (tx.state === 'open') this.end(tx, 'rolledBack');
  }

  /** Ends a transaction that did not commit: undoes its changes and lets the next one in. */
  private end(tx: ServerTransaction, state: 'rolledBack' | 'failed' | 'timedOut'): void {
    tx.state = state;
    if (tx.timer) clearTimeout(tx.timer);
    if (tx.storeTx) {
      tx.storeTx.rollback();
      tx.storeTx = null;
    }
    this.open.delete(tx);
    this.lock.release(tx);
    this.lock.abandon(tx, notOpenError(tx));
  }

  /** Writes a checkpoint while holding the write lock (readers continue). */
  checkpoint(): Promise<void> {
    if (this.checkpointing) return this.checkpointing;
    const owner = {};
    this.checkpointing = (async () => {
      await this.lock.acquire(owner, true, null, () => new Error('unreachable'));
      try {
        await this.commitLog.checkpoint(this.store);
      } finally {
        this.lock.release(owner);
        this.checkpointing = null;
      }
    })();
    return this.checkpointing;
  }

  /** Rolls back whatever is still open (at shutdown). */
  rollbackAll(): void {
    for (const tx of [...this.open]) if (tx.state === 'open') this.end(tx, 'rolledBack');
  }
}

export function bookmarkOf(seq: number): string {
  return `FB:embedded:${seq}`;
}
