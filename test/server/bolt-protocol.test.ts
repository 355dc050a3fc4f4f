/**
 * Protocol details below what neo4j-driver shows: handshake, message states, PULL batching,
 * IGNORED after FAILURE, RESET, byte-by-byte delivery. A bare socket client speaks to the server.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { ChunkDecoder, Structure, chunkMessage, pack, unpack, type PackMap, type PackValue } from '../../graph/server/packstream.js';
import { negotiateVersion } from '../../graph/server/bolt-server.js';
import { PASSWORD, USER, sleep, startTestServer } from './helpers.js';
import type { RunningGraphServer } from '../../graph/server/server.js';

const SUCCESS = 0x70;
const RECORD = 0x71;
const IGNORED = 0x7e;
const FAILURE = 0x7f;

const msg = (signature: number, ...fields: PackValue[]) => chunkMessage(pack(new Structure(signature, fields)));
const HELLO = (extra: PackMap = {}) => msg(0x01, { user_agent: 'raw-test/1', ...extra });
const LOGON = (password = PASSWORD) => msg(0x6a, { scheme: 'basic', principal: USER, credentials: password });
const RUN = (query: string, params: PackMap = {}, extra: PackMap = {}) => msg(0x10, query, params, extra);
const PULL = (n: number, qid = -1) => msg(0x3f, { n: BigInt(n), qid: BigInt(qid) });
const DISCARD = (n: number) => msg(0x2f, { n: BigInt(n) });
const BEGIN = (extra: PackMap = {}) => msg(0x11, extra);
const RESET = () => msg(0x0f);

/** proposals: [major, minor, range] */
function handshake(...proposals: Array<[number, number, number]>): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32BE(0x6060b017, 0);
  proposals.forEach(([major, minor, range], i) => b.writeUInt32BE((range << 16) | (minor << 8) | major, 4 + i * 4));
  return b;
}

class RawClient {
  private readonly decoder = new ChunkDecoder();
  private readonly received: Structure[] = [];
  private versionBytes: Buffer | null = null;
  private pending = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      if (this.versionBytes === null) {
        this.pending = Buffer.concat([this.pending, d]);
        if (this.pending.length < 4) return;
        this.versionBytes = this.pending.subarray(0, 4);
        d = this.pending.subarray(4);
      }
      for (const m of this.decoder.feed(d)) this.received.push(unpack(m) as Structure);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    return new RawClient(socket);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(...buffers: Buffer[]): void {
    this.socket.write(Buffer.concat(buffers));
  }

  async version(): Promise<Buffer> {
    while (this.versionBytes === null && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.versionBytes ?? Buffer.alloc(0);
  }

  async next(count = 1): Promise<Structure[]> {
    while (this.received.length < count && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.received.splice(0, count);
  }

  async login(): Promise<void> {
    this.send(handshake([5, 4, 4]));
    expect([...(await this.version())]).toEqual([0, 0, 4, 5]);
    this.send(HELLO(), LOGON());
    const [hello, logon] = await this.next(2);
    expect(hello!.signature).toBe(SUCCESS);
    expect(logon!.signature).toBe(SUCCESS);
  }

  close(): void {
    this.socket.destroy();
  }
}

const meta = (s: Structure) => s.fields[0] as Record<string, PackValue>;

let server: RunningGraphServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('handshake', () => {
  it('picks the best 5.x version inside the proposed ranges', () => {
    const proposals = (...p: Array<[number, number, number]>) => handshake(...p).subarray(4);
    expect(negotiateVersion(proposals([1, 255, 0], [5, 8, 8], [4, 4, 2], [3, 0, 0]))).toEqual([5, 4]);
    expect(negotiateVersion(proposals([5, 2, 0]))).toEqual([5, 2]);
    expect(negotiateVersion(proposals([5, 8, 2]))).toBeNull(); // 5.6–5.8 only
    expect(negotiateVersion(proposals([4, 4, 2], [3, 0, 0]))).toBeNull();
  });

  it('answers zero and closes when no proposed version is implemented', async () => {
    const c = await RawClient.open(server.port);
    c.send(handshake([4, 4, 0]));
    expect([...(await c.version())]).toEqual([0, 0, 0, 0]);
    await c.next();
    expect(c.closed).toBe(true);
  });

  it('copes with every byte arriving in its own packet', async () => {
    const c = await RawClient.open(server.port);
    const bytes = Buffer.concat([handshake([5, 4, 4]), HELLO(), LOGON(), RUN('RETURN $x AS x', { x: 'é' }), PULL(-1)]);
    for (const byte of bytes) {
      c.socket.write(Buffer.from([byte]));
      await sleep(0);
    }
    expect([...(await c.version())]).toEqual([0, 0, 4, 5]);
    const replies = await c.next(5);
    expect(replies.map((r) => r.signature)).toEqual([SUCCESS, SUCCESS, SUCCESS, RECORD, SUCCESS]);
    expect(replies[3]!.fields[0]).toEqual(['é']);
    c.close();
  });

  it('accepts Bolt 5.0 with the credentials inside HELLO', async () => {
    const c = await RawClient.open(server.port);
    c.send(handshake([5, 0, 0]));
    expect([...(await c.version())]).toEqual([0, 0, 0, 5]);
    c.send(HELLO({ scheme: 'basic', principal: USER, credentials: PASSWORD }), RUN('RETURN $x AS x', { x: 1n }), PULL(-1));
    expect((await c.next(4)).map((r) => r.signature)).toEqual([SUCCESS, SUCCESS, RECORD, SUCCESS]);
    c.close();
  });

  it('does not let RESET or queries around authentication', async () => {
    const c = await RawClient.open(server.port);
    c.send(handshake([5, 4, 0]));
    await c.version();
    c.send(HELLO(), RESET(), RUN('RETURN $x AS x', { x: 1n }), PULL(-1));
    const [hello, failure] = await c.next(2);
    expect(hello!.signature).toBe(SUCCESS);
    expect(failure!.signature).toBe(FAILURE);
    expect(meta(failure!)['code']).toBe('Neo.ClientError.Request.Invalid');
    expect(await c.next()).toEqual([]);
    expect(c.closed).toBe(true);

    const d = await RawClient.open(server.port);
    d.send(handshake([5, 4, 0]));
    await d.version();
    d.send(HELLO(), RUN('RETURN $x AS x', { x: 1n }));
    const [, refused] = await d.next(2);
    expect(refused!.signature).toBe(FAILURE);
    await d.next();
    expect(d.closed).toBe(true);
  });

  it('fails LOGON with wrong credentials and closes the connection', async () => {
    const c = await RawClient.open(server.port);
    c.send(handshake([5, 4, 0]));
    await c.version();
    c.send(HELLO(), LOGON('nope'));
    const [hello, failure] = await c.next(2);
    expect(hello!.signature).toBe(SUCCESS);
    expect(failure!.signature).toBe(FAILURE);
    expect(meta(failure!)['code']).toBe('Neo.ClientError.Security.Unauthorized');
    await c.next();
    expect(c.closed).toBe(true);
  });
});

describe('messages', () => {
  it('sends has_more until a PULL exhausts the result, then the summary with a bookmark', async () => {
    const c = await RawClient.open(server.port);
    await c.login();
    c.send(RUN('UNWIND range(1, $n) AS i RETURN i', { n: 7n }), PULL(3), PULL(3), PULL(3));
    const run = (await c.next())[0]!;
    expect(meta(run)['fields']).toEqual(['i']);
    const first = await c.next(4);
    expect(first.slice(0, 3).map((r) => r.fields[0])).toEqual([[1n], [2n], [3n]]);
    expect(meta(first[3]!)['has_more']).toBe(true);
    const second = await c.next(4);
    expect(meta(second[3]!)['has_more']).toBe(true);
    const last = await c.next(2);
    expect(last[0]!.fields[0]).toEqual([7n]);
    expect(meta(last[1]!)['has_more']).toBeUndefined();
    expect(meta(last[1]!)['bookmark']).toMatch(/^FB:embedded:/);
    expect(meta(last[1]!)['type']).toBe('r');
    c.close();
  });

  it('discards the rest of a result and serves two open results of one transaction by qid', async () => {
    const c = await RawClient.open(server.port);
    await c.login();
    c.send(RUN('UNWIND range(1, $n) AS i RETURN i', { n: 5n }), PULL(1), DISCARD(-1));
    const replies = await c.next(4);
    expect(replies.map((r) => r.signature)).toEqual([SUCCESS, RECORD, SUCCESS, SUCCESS]);
    expect(meta(replies[3]!)['has_more']).toBeUndefined();

    c.send(BEGIN(), RUN('UNWIND range(1, $n) AS i RETURN i', { n: 3n }), RUN('RETURN $x AS x', { x: 'second' }));
    const [begin, run0, run1] = await c.next(3);
    expect(begin!.signature).toBe(SUCCESS);
    expect(meta(run0!)['qid']).toBe(0n);
    expect(meta(run1!)['qid']).toBe(1n);
    c.send(PULL(-1, 1), PULL(1, 0), PULL(-1, 0), msg(0x12));
    const rest = await c.next(8);
    expect(rest.map((r) => r.signature)).toEqual([RECORD, SUCCESS, RECORD, SUCCESS, RECORD, RECORD, SUCCESS, SUCCESS]);
    expect(rest[0]!.fields[0]).toEqual(['second']);
    expect(meta(rest[7]!)['bookmark']).toMatch(/^FB:/);
    c.close();
  });

  it('ignores everything after a FAILURE until RESET', async () => {
    const c = await RawClient.open(server.port);
    await c.login();
    c.send(RUN('RETURN $x AS x'), PULL(-1), RUN('RETURN $x AS x', { x: 1n }), PULL(-1));
    const replies = await c.next(4);
    expect(replies.map((r) => r.signature)).toEqual([FAILURE, IGNORED, IGNORED, IGNORED]);
    expect(meta(replies[0]!)['code']).toBe('Neo.ClientError.Statement.ParameterMissing');
    c.send(RESET(), RUN('RETURN $x AS x', { x: 2n }), PULL(-1));
    const after = await c.next(4);
    expect(after.map((r) => r.signature)).toEqual([SUCCESS, SUCCESS, RECORD, SUCCESS]);
    expect(after[2]!.fields[0]).toEqual([2n]);
    c.close();
  });

  it('ignores messages queued before a RESET that arrives with them', async () => {
    const c = await RawClient.open(server.port);
    await c.login();
    c.send(RUN('RETURN $x AS x', { x: 1n }), PULL(-1), RESET(), RUN('RETURN $x AS x', { x: 2n }), PULL(-1));
    const replies = await c.next(6);
    expect(replies.map((r) => r.signature)).toEqual([IGNORED, IGNORED, SUCCESS, SUCCESS, RECORD, SUCCESS]);
    c.close();
  });

  it('interrupts a query waiting for the write lock when RESET arrives', async () => {
    const holder = await RawClient.open(server.port);
    await holder.login();
    holder.send(BEGIN(), RUN('CREATE (n:Person {name: $name}) RETURN n', { name: 'lock' }), PULL(-1));
    expect((await holder.next(4)).map((r) => r.signature)).toEqual([SUCCESS, SUCCESS, RECORD, SUCCESS]);

    const c = await RawClient.open(server.port);
    await c.login();
    c.send(RUN('MATCH (n:Person) RETURN count(n) AS c'), PULL(-1));
    await sleep(100);
    c.send(RESET());
    const replies = await c.next(3);
    expect(replies.map((r) => r.signature)).toEqual([IGNORED, IGNORED, SUCCESS]);
    holder.send(msg(0x13));
    expect((await holder.next())[0]!.signature).toBe(SUCCESS);
    holder.close();
    c.close();
  });

  it('rolls back the open transaction of a client that vanishes or says GOODBYE', async () => {
    for (const leave of ['destroy', 'goodbye'] as const) {
      const holder = await RawClient.open(server.port);
      await holder.login();
      holder.send(BEGIN(), RUN('CREATE (n:Vanished {name: $name}) RETURN n', { name: leave }), PULL(-1));
      expect((await holder.next(4)).map((r) => r.signature)).toEqual([SUCCESS, SUCCESS, RECORD, SUCCESS]);
      const c = await RawClient.open(server.port);
      await c.login();
      c.send(RUN('MATCH (n:Vanished) RETURN count(n) AS c'), PULL(-1));
      await sleep(50);
      if (leave === 'destroy') holder.close();
      else holder.send(msg(0x02));
      const replies = await c.next(3);
      expect(replies.map((r) => r.signature)).toEqual([SUCCESS, RECORD, SUCCESS]);
      expect(replies[1]!.fields[0]).toEqual([0n]);
      await holder.next();
      expect(holder.closed).toBe(true);
      c.close();
    }
  });

  it('refuses messages that are not allowed in the current state', async () => {
    const c = await RawClient.open(server.port);
    await c.login();
    c.send(PULL(-1));
    const [failure] = await c.next();
    expect(failure!.signature).toBe(FAILURE);
    expect(meta(failure!)['code']).toBe('Neo.ClientError.Request.Invalid');
    c.close();
  });
});
