/**
 * Durable storage for the embedded graph server: a data directory holding
 *
 *   LOCK            the pid of the server that has the directory open
 *   checkpoint.dat  the whole graph as create mutations (GraphStore.dump) at sequence number S
 *   wal.log         committed transactions after the checkpoint, one record per transaction
 *
 * Every committed transaction gets the next sequence number; its record carries it, so replay
 * skips records already folded into the checkpoint. That makes each checkpoint step crash-safe:
 * the new checkpoint is written to a temp file, synced, renamed over the old one and the
 * directory synced, and only then is the log emptied; a crash between rename and reset leaves
 * records the next start recognises (seq <= S) and skips.
 */
import { existsSync, promises as fsp, readFileSync, writeFileSync, openSync, closeSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Mutation } from '../engine/api.js';
import { decodeBatch, encodeBatch } from './codec.js';
import { frameRecord, scanRecords } from './records.js';
import { WriteAheadLog } from './wal.js';

/** The part of GraphStore that storage needs. */
export interface MutationSink {
  apply(mutations: readonly Mutation[]): void;
  dump(): Mutation[];
}

/** What the transaction manager commits through: durable (DataDirectory) or not (MemoryCommitLog). */
export interface CommitLog {
  /** Sequence number of the last committed transaction. */
  readonly lastSeq: number;
  /** Queues a committed transaction; `durable` resolves once it is on disk. */
  append(mutations: readonly Mutation[]): { seq: number; durable: Promise<void> };
  /** Resolves once every transaction up to `seq` is on disk. */
  waitDurable(seq: number): Promise<void>;
  /** True when the log has grown enough that a checkpoint is due. */
  checkpointDue(): boolean;
  /** Writes a checkpoint of `store`; the caller keeps writers out meanwhile. */
  checkpoint(store: MutationSink): Promise<void>;
  close(): Promise<void>;
}

export class MemoryCommitLog implements CommitLog {
  lastSeq = 0;
  append(): { seq: number; durable: Promise<void> } {
    return { seq: ++this.lastSeq, durable: Promise.resolve() };
  }
  waitDurable(): Promise<void> {
    return Promise.resolve();
  }
  checkpointDue(): boolean {
    return false;
  }
  async checkpoint(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface DataDirectoryOptions {
  /** Log size that triggers a checkpoint (default 64 MiB). */
  checkpointBytes?: number;
  /** Where recovery warnings go (default console.warn). */
  warn?: (message: string) => void;
}

const CHECKPOINT = 'checkpoint.dat';
const CHECKPOINT_TMP = 'checkpoint.dat.tmp';
const WAL = 'wal.log';
const LOCK = 'LOCK';
/** Mutations per checkpoint record: keeps each JSON string far below V8's string limit. */
const CHECKPOINT_BATCH = 5000;

export class DataDirectoryLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`data directory ${dir} is in use by process ${pid} (remove ${join(dir, LOCK)} if that process is gone)`);
    this.name = 'DataDirectoryLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock file; a lock left by a process that no longer runs is taken over. */
function acquireLock(dir: string): string {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) throw new DataDirectoryLockedError(dir, pid);
      unlinkSync(path); // stale: its owner crashed
    }
  }
  throw new Error(`could not take the lock on ${dir}`);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class DataDirectory implements CommitLog {
  lastSeq: number;
  private durableSeq: number;
  private durableWaiters: Array<{ seq: number; resolve: () => void; reject: (e: Error) => void }> = [];
  private failure: Error | null = null;
  private closed = false;

  private constructor(
    readonly dir: string,
    private wal: WriteAheadLog,
    private readonly lockPath: string,
    seq: number,
    private readonly checkpointBytes: number,
  ) {
    this.lastSeq = seq;
    this.durableSeq = seq;
  }

  /** fdatasync calls made by the log so far. */
  get syncCount(): number {
    return this.wal.syncCount;
  }

  get logBytes(): number {
    return this.wal.size;
  }

  /**
   * Opens (creating if needed) a data directory and replays it into `store`: the checkpoint,
   * then every intact log record after it. A torn or corrupt log tail is reported and cut off.
   */
  static async open(dir: string, store: MutationSink, options: DataDirectoryOptions = {}): Promise<DataDirectory> {
    const warn = options.warn ?? ((m: string) => console.warn(m));
    await fsp.mkdir(dir, { recursive: true });
    const lockPath = acquireLock(dir);
    try {
      let seq = 0;
      const checkpointPath = join(dir, CHECKPOINT);
      if (existsSync(checkpointPath)) seq = loadCheckpoint(checkpointPath, store);
      if (existsSync(join(dir, CHECKPOINT_TMP))) await fsp.unlink(join(dir, CHECKPOINT_TMP)); // unfinished checkpoint

      const walPath = join(dir, WAL);
      const data = existsSync(walPath) ? readFileSync(walPath) : Buffer.alloc(0);
      const scan = scanRecords(data);
      let validLength = scan.validLength;
      let replayed = 0;
      for (let i = 0; i < scan.payloads.length; i++) {
        let batch: { seq: number; mutations: Mutation[] };
        try {
          batch = decodeBatch(scan.payloads[i]!);
        } catch (e) {
          // A checksum-valid record that does not decode: treat it and what follows as the bad tail.
          validLength = offsetOfRecord(data, i);
          warn(`graph storage: undecodable log record at byte ${validLength} (${(e as Error).message})`);
          break;
        }
        if (batch.seq <= seq) continue; // already in the checkpoint
        if (batch.seq !== seq + 1) throw new Error(`write-ahead log gap: expected transaction ${seq + 1}, found ${batch.seq}`);
        store.apply(batch.mutations);
        seq = batch.seq;
        replayed++;
      }
      if (validLength < data.length) {
        warn(
          `graph storage: ${walPath} has a ${scan.problem ?? 'corrupt'} tail at byte offset ${validLength}; ` +
            `dropping ${data.length - validLength} bytes (the ${replayed} transactions before it are intact)`,
        );
      }
      const wal = await WriteAheadLog.open(walPath, validLength);
      return new DataDirectory(dir, wal, lockPath, seq, options.checkpointBytes ?? 64 * 1024 * 1024);
    } catch (e) {
      unlinkSync(lockPath);
      throw e;
    }
  }

  append(mutations: readonly Mutation[]): { seq: number; durable: Promise<void> } {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('graph storage is closed');
    // Encode before taking the number: a batch that cannot be encoded must not leave a gap.
    const seq = this.lastSeq + 1;
    const payload = encodeBatch(seq, mutations);
    this.lastSeq = seq;
    const durable = this.wal.append(payload).then(
      () => this.markDurable(seq),
      (e: Error) => {
        this.failure = new Error(`graph storage: write-ahead log failed, refusing further commits: ${e.message}`);
        for (const w of this.durableWaiters.splice(0)) w.reject(this.failure);
        throw this.failure;
      },
    );
    return { seq, durable };
  }

  private markDurable(seq: number): void {
    if (seq > this.durableSeq) this.durableSeq = seq;
    if (this.durableWaiters.length === 0) return;
    const still: typeof this.durableWaiters = [];
    for (const w of this.durableWaiters) (w.seq <= this.durableSeq ? w.resolve() : still.push(w));
    this.durableWaiters = still;
  }

  waitDurable(seq: number): Promise<void> {
    if (seq <= this.durableSeq) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.durableWaiters.push({ seq, resolve, reject }));
  }

  checkpointDue(): boolean {
    return this.wal.size >= this.checkpointBytes;
  }

  async checkpoint(store: MutationSink): Promise<void> {
    const seq = this.lastSeq;
    const mutations = store.dump();
    await this.waitDurable(seq);
    const tmp = join(this.dir, CHECKPOINT_TMP);
    const handle = await fsp.open(tmp, 'w');
    try {
      for (let i = 0; i < mutations.length; i += CHECKPOINT_BATCH) {
        await handle.write(frameRecord(encodeBatch(seq, mutations.slice(i, i + CHECKPOINT_BATCH))));
      }
      // The end record proves the file complete: {seq, mutations: [], end: count}.
      const end = Buffer.from(JSON.stringify({ seq, mutations: [], end: mutations.length }), 'utf8');
      await handle.write(frameRecord(end));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, join(this.dir, CHECKPOINT));
    await syncDirectory(this.dir);
    // Only empty the log when nothing was committed meanwhile; otherwise those records must stay
    // (replay skips the ones the checkpoint already holds).
    if (this.lastSeq === seq) await this.wal.reset();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.wal.close();
    } finally {
      try {
        unlinkSync(this.lockPath);
      } catch {
        /* already gone */
      }
    }
  }
}

function offsetOfRecord(data: Buffer, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += 8 + data.readUInt32BE(pos);
  return pos;
}

/** Loads a checkpoint into `store`; returns its sequence number. A damaged checkpoint is fatal. */
function loadCheckpoint(path: string, store: MutationSink): number {
  const data = readFileSync(path);
  const scan = scanRecords(data);
  const last = scan.payloads[scan.payloads.length - 1];
  const end = last ? (JSON.parse(last.toString('utf8')) as { seq?: number; end?: number }) : null;
  if (scan.problem || !end || typeof end.end !== 'number' || typeof end.seq !== 'number') {
    throw new Error(`graph storage: checkpoint ${path} is damaged (${scan.problem ?? 'no end record'}); refusing to start`);
  }
  let count = 0;
  for (const payload of scan.payloads.slice(0, -1)) {
    const batch = decodeBatch(payload);
    store.apply(batch.mutations);
    count += batch.mutations.length;
  }
  if (count !== end.end) throw new Error(`graph storage: checkpoint ${path} holds ${count} mutations, expected ${end.end}`);
  return end.seq;
}
