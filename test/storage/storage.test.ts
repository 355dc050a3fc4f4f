/**
 * The data directory: typed mutation encoding, write-ahead log recovery (torn and corrupt
 * tails), checkpoints at every crash point, group commit and the directory lock.
 */
import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync, statSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mutation } from '../../graph/engine/api.js';
import { GraphStore } from '../../graph/engine/store/index.js';
import type { PropertyValue } from '../../graph/engine/values.js';
import { decodeBatch, encodeBatch } from '../../graph/storage/codec.js';
import { DataDirectory, DataDirectoryLockedError } from '../../graph/storage/index.js';
import { frameRecord, scanRecords } from '../../graph/storage/records.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'graph-storage-'));

/** Commits one node per call, the way the server does: store transaction, then the log. */
async function commitNode(store: GraphStore, dir: DataDirectory, props: Record<string, PropertyValue>): Promise<void> {
  const tx = store.begin();
  tx.createNode(['Item'], props);
  const { durable } = dir.append(tx.mutations);
  tx.commit();
  await durable;
}

function items(store: GraphStore): Array<Record<string, unknown>> {
  return [...store.nodesByLabel('Item')].sort((a, b) => a - b).map((id) => ({ ...store.nodeProperties(id) }));
}

async function reopen(path: string, warnings: string[] = []): Promise<{ store: GraphStore; dir: DataDirectory }> {
  const store = new GraphStore();
  const dir = await DataDirectory.open(path, store, { warn: (m) => warnings.push(m) });
  return { store, dir };
}

describe('mutation encoding', () => {
  it('round-trips integers, floats and their awkward values exactly', () => {
    const props = {
      int: 1n,
      bigInt: 2n ** 63n - 1n,
      negInt: -(2n ** 63n),
      float: 1,
      half: 0.5,
      negZero: -0,
      nan: NaN,
      inf: Infinity,
      ninf: -Infinity,
      list: [1n, 2n],
      floats: [1, -0, NaN],
      text: 'a "quoted" \u2028 line',
      flag: false,
    };
    const mutations: Mutation[] = [
      { op: 'createNode', id: 7, labels: ['A'], props },
      { op: 'setNodeProps', id: 7, props: { gone: null, n: 3n } },
      { op: 'createIndex', name: 'i', label: 'A', properties: ['int'], forRelationship: false },
    ];
    const back = decodeBatch(encodeBatch(42, mutations));
    expect(back.seq).toBe(42);
    const created = back.mutations[0] as Extract<Mutation, { op: 'createNode' }>;
    for (const [key, value] of Object.entries(props)) {
      const got = created.props[key];
      if (Array.isArray(value)) {
        (value as unknown[]).forEach((v, i) => expect(Object.is((got as unknown[])[i], v)).toBe(true));
      } else expect(Object.is(got, value)).toBe(true);
    }
    expect(typeof created.props['float']).toBe('number');
    expect(typeof created.props['int']).toBe('bigint');
    expect(back.mutations[1]).toEqual({ op: 'setNodeProps', id: 7, props: { gone: null, n: 3n } });
    expect(back.mutations[2]).toEqual(mutations[2]);
  });

  it('keeps a property called __proto__ an ordinary property', () => {
    const props = Object.defineProperty({}, '__proto__', { value: 1n, enumerable: true });
    const back = decodeBatch(encodeBatch(1, [{ op: 'createNode', id: 1, labels: [], props }]));
    const created = back.mutations[0] as Extract<Mutation, { op: 'createNode' }>;
    expect(Object.keys(created.props)).toEqual(['__proto__']);
  });

  it('frames records with length and CRC and finds where a damaged tail starts', () => {
    const records = [frameRecord(Buffer.from('one')), frameRecord(Buffer.from('two')), frameRecord(Buffer.from('three'))];
    const data = Buffer.concat(records);
    expect(scanRecords(data).payloads.map(String)).toEqual(['one', 'two', 'three']);
    const torn = scanRecords(data.subarray(0, data.length - 2));
    expect(torn.payloads.map(String)).toEqual(['one', 'two']);
    expect(torn.validLength).toBe(records[0]!.length + records[1]!.length);
    const flipped = Buffer.from(data);
    flipped[records[0]!.length + 9] ^= 0xff;
    expect(scanRecords(flipped).payloads.map(String)).toEqual(['one']);
    expect(scanRecords(flipped).problem).toBe('checksum mismatch');
  });
});

describe('data directory', () => {
  it('recovers every committed transaction with exact value types', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    for (let i = 0; i < 20; i++) await commitNode(store, dir, { i: BigInt(i), f: i + 0.5, whole: 2 });
    await dir.close();
    const again = await reopen(path);
    const got = items(again.store);
    expect(got).toHaveLength(20);
    expect(got[3]).toEqual({ i: 3n, f: 3.5, whole: 2 });
    expect(typeof got[3]!['whole']).toBe('number');
    expect(again.dir.lastSeq).toBe(20);
    // New ids continue after the recovered ones.
    await commitNode(again.store, again.dir, { i: 20n });
    expect([...again.store.nodesByLabel('Item')].sort((a, b) => a - b).at(-1)).toBe(20);
    await again.dir.close();
  });

  it('cuts off a torn last record, reports it, and keeps everything before it', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    for (let i = 0; i < 5; i++) await commitNode(store, dir, { i: BigInt(i) });
    await dir.close();
    const wal = join(path, 'wal.log');
    const size = statSync(wal).size;
    truncateSync(wal, size - 3); // the crash hit in the middle of the last write

    const warnings: string[] = [];
    const again = await reopen(path, warnings);
    expect(items(again.store).map((p) => p['i'])).toEqual([0n, 1n, 2n, 3n]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/byte offset \d+; dropping \d+ bytes/);
    const offset = Number(/byte offset (\d+)/.exec(warnings[0]!)![1]);
    const dropped = Number(/dropping (\d+) bytes/.exec(warnings[0]!)![1]);
    expect(offset + dropped).toBe(size - 3);
    expect(statSync(wal).size).toBe(offset);
    // The log continues cleanly after the cut.
    await commitNode(again.store, again.dir, { i: 99n });
    await again.dir.close();
    const third = await reopen(path, warnings);
    expect(items(third.store).map((p) => p['i'])).toEqual([0n, 1n, 2n, 3n, 99n]);
    expect(warnings).toHaveLength(1);
    await third.dir.close();
  });

  it('stops at a corrupted record (bad checksum or garbage length) without losing earlier ones', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    for (let i = 0; i < 6; i++) await commitNode(store, dir, { i: BigInt(i) });
    await dir.close();
    const wal = join(path, 'wal.log');
    const data = readFileSync(wal);
    const records = scanRecords(data);
    const fourthOffset = records.payloads.slice(0, 3).reduce((n, p) => n + p.length + 8, 0);

    const flipped = Buffer.from(data);
    flipped[fourthOffset + 12] ^= 0x20;
    writeFileSync(wal, flipped);
    const warnings: string[] = [];
    const again = await reopen(path, warnings);
    expect(items(again.store).map((p) => p['i'])).toEqual([0n, 1n, 2n]);
    expect(warnings[0]).toContain(`byte offset ${fourthOffset}`);
    expect(warnings[0]).toContain('checksum mismatch');
    await again.dir.close();

    // Garbage appended after the valid records (a length that runs off the end).
    writeFileSync(wal, Buffer.concat([readFileSync(wal), Buffer.from([0xff, 0xff, 0xff, 0x00, 1, 2, 3])]));
    const warnings2: string[] = [];
    const third = await reopen(path, warnings2);
    expect(items(third.store)).toHaveLength(3);
    expect(warnings2[0]).toMatch(/dropping 7 bytes/);
    await third.dir.close();
  });

  it('checkpoints, empties the log and recovers from checkpoint plus log', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    for (let i = 0; i < 10; i++) await commitNode(store, dir, { i: BigInt(i) });
    const tx = store.begin();
    tx.createIndex({ name: 'item_i', label: 'Item', properties: ['i'], forRelationship: false, ifNotExists: false });
    dir.append(tx.mutations);
    tx.commit();
    await dir.checkpoint(store);
    expect(statSync(join(path, 'wal.log')).size).toBe(0);
    for (let i = 10; i < 13; i++) await commitNode(store, dir, { i: BigInt(i) });
    await dir.close();
    const again = await reopen(path);
    expect(items(again.store)).toHaveLength(13);
    expect(again.store.indexDefinitions().map((d) => d.name)).toEqual(store.indexDefinitions().map((d) => d.name));
    expect(again.dir.lastSeq).toBe(14);
    await again.dir.close();
  });

  it('survives a crash between the checkpoint rename and the log reset (no double replay)', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    for (let i = 0; i < 4; i++) await commitNode(store, dir, { i: BigInt(i) });
    copyFileSync(join(path, 'wal.log'), join(path, 'wal.before'));
    await dir.checkpoint(store);
    await dir.close();
    // As if the process died right after the rename: the old log is still there.
    copyFileSync(join(path, 'wal.before'), join(path, 'wal.log'));
    const again = await reopen(path);
    expect(items(again.store)).toHaveLength(4);
    await commitNode(again.store, again.dir, { i: 4n });
    await again.dir.close();
    const third = await reopen(path);
    expect(items(third.store).map((p) => p['i'])).toEqual([0n, 1n, 2n, 3n, 4n]);
    await third.dir.close();
  });

  it('ignores an unfinished checkpoint temp file and refuses a damaged checkpoint', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    await commitNode(store, dir, { i: 1n });
    await dir.checkpoint(store);
    await dir.close();
    writeFileSync(join(path, 'checkpoint.dat.tmp'), 'half written');
    const again = await reopen(path);
    expect(items(again.store)).toHaveLength(1);
    expect(existsSync(join(path, 'checkpoint.dat.tmp'))).toBe(false);
    await again.dir.close();
    const cp = readFileSync(join(path, 'checkpoint.dat'));
    writeFileSync(join(path, 'checkpoint.dat'), cp.subarray(0, cp.length - 4));
    await expect(reopen(path)).rejects.toThrow(/checkpoint .* is damaged/);
    // The failed open released the lock.
    expect(existsSync(join(path, 'LOCK'))).toBe(false);
  });

  it('lets concurrent commits share one fdatasync', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    const before = dir.syncCount;
    const commits: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      const tx = store.begin();
      tx.createNode(['Item'], { i: BigInt(i) });
      commits.push(dir.append(tx.mutations).durable);
      tx.commit();
    }
    await Promise.all(commits);
    expect(dir.syncCount - before).toBe(1);
    await dir.close();
    const again = await reopen(path);
    expect(items(again.store)).toHaveLength(50);
    await again.dir.close();
  });

  it('leaves no sequence gap when a batch cannot be encoded', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    await commitNode(store, dir, { i: 1n });
    const bad = [{ op: 'createNode', id: 99, labels: [], props: { x: {} as never } }] as Mutation[];
    expect(() => dir.append(bad)).toThrow(/cannot encode/);
    await commitNode(store, dir, { i: 2n });
    await dir.close();
    const again = await reopen(path);
    expect(items(again.store).map((p) => p['i'])).toEqual([1n, 2n]);
    await again.dir.close();
  });

  it('refuses every later commit once a log write has failed', async () => {
    const path = freshDir();
    const { store, dir } = await reopen(path);
    await commitNode(store, dir, { i: 1n });
    // Pull the file out from under the log, as a dying disk would.
    await (dir as unknown as { wal: { file: { close(): Promise<void> } } }).wal.file.close();
    await expect(commitNode(store, dir, { i: 2n })).rejects.toThrow();
    expect(() => dir.append([{ op: 'deleteNode', id: 0 }])).toThrow(/write-ahead log failed, refusing further commits/);
    await expect(dir.waitDurable(dir.lastSeq)).rejects.toThrow(/refusing further commits/);
  });

  it('refuses a second opener while the first holds the directory, and takes over a stale lock', async () => {
    const path = freshDir();
    const { dir } = await reopen(path);
    await expect(reopen(path)).rejects.toBeInstanceOf(DataDirectoryLockedError);
    await dir.close();
    writeFileSync(join(path, 'LOCK'), '999999999\n'); // a pid that does not run
    const again = await reopen(path);
    expect(readFileSync(join(path, 'LOCK'), 'utf8').trim()).toBe(String(process.pid));
    await again.dir.close();
  });
});
