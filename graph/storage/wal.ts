/**
 * The write-ahead log: an append-only file of framed records, made durable with fdatasync.
 *
 * Group commit: appends made while no flush is running are gathered until the next turn of the
 * event loop (setImmediate) and written with one write and one fdatasync; appends arriving
 * while a flush is in progress form the next group. Each append's promise resolves once its
 * record is on disk. After a write or sync failure the log refuses further appends: what is on
 * disk is no longer known, and recovery at the next start will sort it out.
 */
import { promises as fsp } from 'node:fs';
import { frameRecord } from './records.js';

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class WriteAheadLog {
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  private flushing = false;
  private scheduled = false;
  private failure: Error | null = null;
  private idle: Array<() => void> = [];
  /** fdatasync calls made so far (for measurements and tests). */
  syncCount = 0;

  private constructor(
    private readonly file: fsp.FileHandle,
    private position: number,
  ) {}

  /** Opens the log for appending at `validLength` (the intact prefix found by recovery). */
  static async open(path: string, validLength: number): Promise<WriteAheadLog> {
    const file = await fsp.open(path, 'a+').then(async (h) => {
      await h.close();
      return fsp.open(path, 'r+');
    });
    const stat = await file.stat();
    if (stat.size !== validLength) {
      await file.truncate(validLength);
      await file.datasync();
    }
    return new WriteAheadLog(file, validLength);
  }

  /** Bytes in the log (including records still being flushed). */
  get size(): number {
    return this.position + this.pending.reduce((n, b) => n + b.length, 0);
  }

  append(payload: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.pending.push(frameRecord(payload));
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushing && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
    return done;
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    const buffers = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      const data = buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers);
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.file.write(data, written, data.length - written, this.position + written);
        written += bytesWritten;
      }
      await this.file.datasync();
      this.syncCount++;
      this.position += data.length;
      for (const w of waiters) w.resolve();
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
      for (const w of [...waiters, ...this.waiters]) w.reject(this.failure);
      this.waiters = [];
      this.pending = [];
    } finally {
      this.flushing = false;
    }
    if (this.pending.length > 0) void this.flush();
    else for (const notify of this.idle.splice(0)) notify();
  }

  /** Resolves once every append made so far has been flushed (or has failed). */
  async drain(): Promise<void> {
    if (!this.flushing && !this.scheduled && this.pending.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Empties the log; the caller guarantees that nothing is being appended. */
  async reset(): Promise<void> {
    await this.drain();
    await this.file.truncate(0);
    await this.file.datasync();
    this.position = 0;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.file.close();
  }
}
