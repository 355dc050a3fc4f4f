/**
 * The Bolt server: TCP connections speaking Bolt 5.0–5.4 (5.4 is negotiated with neo4j-driver
 * 6; see negotiateVersion), one BoltConnection per socket, all sharing one TransactionManager.
 *
 * Each connection handles its messages strictly in order (the driver pipelines them), with the
 * server states of the Bolt specification. RESET is acted on when it arrives: queued messages
 * before it are IGNORED and a query waiting for the write lock is abandoned.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { CypherError } from '../engine/errors.js';
import type { QueryCounters, QueryResult } from '../engine/api.js';
import { paramsFromPack, toPackValue } from './bolt-values.js';
import { ChunkDecoder, Packer, PackStreamError, Structure, unpack, type PackMap, type PackValue } from './packstream.js';
import { TransactionManager, type ServerTransaction } from './transactions.js';

export const SERVER_AGENT = 'Neo4j/5.26.0';
export const DEFAULT_DATABASE = 'neo4j';

const MAGIC = 0x6060b017;
/** Versions implemented, best first (minor versions of 5). */
const SUPPORTED_MINORS = [4, 3, 2, 1, 0];

// Request signatures
const HELLO = 0x01;
const GOODBYE = 0x02;
const RESET = 0x0f;
const RUN = 0x10;
const BEGIN = 0x11;
const COMMIT = 0x12;
const ROLLBACK = 0x13;
const DISCARD = 0x2f;
const PULL = 0x3f;
const TELEMETRY = 0x54;
const ROUTE = 0x66;
const LOGON = 0x6a;
const LOGOFF = 0x6b;
// Response signatures
const SUCCESS = 0x70;
const RECORD = 0x71;
const IGNORED = 0x7e;
const FAILURE = 0x7f;

type State = 'NEGOTIATION' | 'AUTHENTICATION' | 'READY' | 'STREAMING' | 'TX_READY' | 'TX_STREAMING' | 'FAILED' | 'INTERRUPTED' | 'DEFUNCT';

export interface BoltServerOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  manager: TransactionManager;
}

/**
 * Picks the version from the client's four proposals: each is [reserved, range, minor, major]
 * and covers major.minor down to major.(minor - range). Returns [major, minor] or null.
 */
export function negotiateVersion(proposals: Buffer): [number, number] | null {
  for (let i = 0; i < 4; i++) {
    const major = proposals[i * 4 + 3]!;
    const minor = proposals[i * 4 + 2]!;
    const range = proposals[i * 4 + 1]!;
    if (major !== 5) continue; // 255.x is the handshake-manifest proposal; 4.x and 3 are not implemented
    for (const m of SUPPORTED_MINORS) if (m <= minor && m >= minor - range) return [5, m];
  }
  return null;
}

interface ResultStream {
  fields: string[];
  /** The RECORD messages, encoded and chunked back to back (entities captured at execution time). */
  data: Buffer;
  /** Where each record starts in data, plus the end: record i is data[offsets[i], offsets[i + 1]). */
  offsets: number[];
  next: number;
  summary: PackMap;
  qid: number;
}

function countersToStats(c: QueryCounters): PackMap {
  const stats = Object.create(null) as PackMap;
  const entries: Array<[string, number]> = [
    ['nodes-created', c.nodesCreated],
    ['nodes-deleted', c.nodesDeleted],
    ['relationships-created', c.relationshipsCreated],
    ['relationships-deleted', c.relationshipsDeleted],
    ['properties-set', c.propertiesSet],
    ['labels-added', c.labelsAdded],
    ['labels-removed', c.labelsRemoved],
    ['indexes-added', c.indexesAdded],
    ['indexes-removed', c.indexesRemoved],
    ['constraints-added', c.constraintsAdded],
    ['constraints-removed', c.constraintsRemoved],
  ];
  let any = false;
  for (const [key, n] of entries) {
    if (n !== 0) {
      stats[key] = BigInt(n);
      any = true;
    }
  }
  if (any) stats['contains-updates'] = true;
  return stats;
}

function map(entries: Record<string, PackValue>): PackMap {
  return Object.assign(Object.create(null) as PackMap, entries);
}

/** A failure with a status code outside the engine's CypherError codes. */
class BoltFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function failureOf(e: unknown): { code: string; message: string } {
  if (e instanceof CypherError || e instanceof BoltFailure) return { code: e.code, message: e.message };
  if (e instanceof PackStreamError) return { code: 'Neo.ClientError.Request.Invalid', message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'Neo.DatabaseError.General.UnknownError', message };
}

function requestInvalid(message: string): CypherError {
  return new CypherError('Neo.ClientError.Request.Invalid', message);
}

function extraOf(v: PackValue | undefined): PackMap {
  if (v === undefined || v === null) return Object.create(null) as PackMap;
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof Structure || v instanceof Uint8Array) {
    throw requestInvalid('expected a dictionary');
  }
  return v as PackMap;
}

function intOf(v: PackValue | undefined, fallback: number): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  return fallback;
}

/** Constant-time comparison (of digests, so that lengths do not leak either). */
function sameSecret(given: PackValue | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

let nextConnectionId = 1;

class BoltConnection {
  readonly id = `bolt-${nextConnectionId++}`;
  private state: State = 'NEGOTIATION';
  private minor = 0;
  private handshakeBytes: Buffer | null = Buffer.alloc(0);
  private readonly decoder = new ChunkDecoder();
  private readonly inbox: Buffer[] = [];
  private processing = false;
  private out: Buffer[] = [];
  private readonly packer = new Packer(4096);
  /** RESETs received but not yet processed: everything queued before them is IGNORED. */
  private pendingResets = 0;
  private tx: ServerTransaction | null = null;
  private streams = new Map<number, ResultStream>();
  private lastQid = -1;
  private nextQid = 0;
  private autoCommitStream: ResultStream | null = null;
  private closed = false;
  /** Set by a successful HELLO (5.0) or LOGON, cleared by LOGOFF. */
  private authenticated = false;

  constructor(
    private readonly socket: Socket,
    private readonly server: BoltServer,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('close', () => this.cleanup());
    socket.on('error', () => this.cleanup());
  }

  private receive(data: Buffer): void {
    if (this.closed) return;
    if (this.handshakeBytes !== null) {
      this.handshakeBytes = Buffer.concat([this.handshakeBytes, data]);
      if (this.handshakeBytes.length < 20) return;
      const rest = this.handshakeBytes.subarray(20);
      if (!this.handshake(this.handshakeBytes.subarray(0, 20))) return;
      this.handshakeBytes = null;
      if (rest.length === 0) return;
      data = rest;
    }
    let messages: Buffer[];
    try {
      messages = this.decoder.feed(data);
    } catch {
      return this.close();
    }
    for (const message of messages) {
      // Signature byte of the message structure: act on RESET right away.
      if (message[1] === RESET && (message[0]! & 0xf0) === 0xb0) this.interrupt();
      this.inbox.push(message);
    }
    void this.process();
  }

  private handshake(bytes: Buffer): boolean {
    const version = bytes.readUInt32BE(0) === MAGIC ? negotiateVersion(bytes.subarray(4, 20)) : null;
    if (!version) {
      this.socket.end(Buffer.alloc(4));
      this.closed = true;
      return false;
    }
    this.minor = version[1];
    this.socket.write(Buffer.from([0, 0, version[1], version[0]]));
    return true;
  }

  private interrupt(): void {
    if (!this.authenticated) return; // handled (refused) in order, see reset()
    this.pendingResets++;
    this.state = 'INTERRUPTED';
    // A query queued for the write lock gives up; its transaction is rolled back.
    if (this.tx) this.server.manager.rollback(this.tx);
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.inbox.length > 0 && !this.closed) {
        const raw = this.inbox.shift()!;
        let message: PackValue;
        try {
          message = unpack(raw);
          if (!(message instanceof Structure)) throw new PackStreamError('message is not a structure');
        } catch (e) {
          this.sendFailure(e);
          this.flush();
          this.close();
          return;
        }
        await this.handle(message);
        // A RESET arrived while this message was in flight: stay interrupted until it is handled.
        if (this.pendingResets > 0 && !this.closed) this.state = 'INTERRUPTED';
        if (this.inbox.length === 0 || this.pendingBytes() > 65536) this.flush();
      }
    } finally {
      this.processing = false;
      this.flush();
    }
  }

  private pendingBytes(): number {
    let n = 0;
    for (const b of this.out) n += b.length;
    return n;
  }

  private send(signature: number, fields: PackValue[]): void {
    this.packer.reset();
    this.packer.packMessage(signature, fields);
    this.out.push(Buffer.from(this.packer.result()));
  }

  private sendSuccess(metadata: PackMap = Object.create(null) as PackMap): void {
    this.send(SUCCESS, [metadata]);
  }

  private sendFailure(e: unknown): void {
    const { code, message } = failureOf(e);
    this.send(FAILURE, [map({ code, message })]);
  }

  private flush(): void {
    if (this.out.length === 0 || this.closed) {
      this.out = [];
      return;
    }
    const data = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out);
    this.out = [];
    this.socket.write(data);
  }

  private async handle(message: Structure): Promise<void> {
    const sig = message.signature;
    const f = message.fields;
    if (sig === RESET) return this.reset();
    if (sig === GOODBYE) return this.close();
    if (this.state === 'INTERRUPTED' || this.state === 'FAILED') {
      this.send(IGNORED, []);
      return;
    }
    try {
      switch (sig) {
        case HELLO:
          return this.hello(extraOf(f[0]));
        case LOGON:
          return this.logon(extraOf(f[0]));
        case LOGOFF:
          return this.logoff();
        case TELEMETRY:
          this.requireState('READY', 'TX_READY');
          return this.sendSuccess();
        case ROUTE:
          this.requireState('READY');
          return this.route();
        case RUN:
          return await this.run(f);
        case PULL:
        case DISCARD:
          return this.pullOrDiscard(extraOf(f[0]), sig === DISCARD);
        case BEGIN:
          return this.begin(extraOf(f[0]));
        case COMMIT:
          return await this.commit();
        case ROLLBACK:
          return this.rollback();
        default:
          throw requestInvalid(`unknown message 0x${sig.toString(16)}`);
      }
    } catch (e) {
      if ((this.state as State) === 'INTERRUPTED') {
        this.send(IGNORED, []);
        return;
      }
      this.sendFailure(e);
      if (this.state === 'NEGOTIATION' || this.state === 'AUTHENTICATION' || this.state === 'DEFUNCT') {
        this.flush();
        this.close();
        return;
      }
      this.failTransaction();
      this.state = 'FAILED';
    }
  }

  private requireState(...states: State[]): void {
    if (!states.includes(this.state)) throw requestInvalid(`message not allowed in state ${this.state}`);
  }

  private hello(extra: PackMap): void {
    this.requireState('NEGOTIATION');
    if (this.minor === 0) {
      // Bolt 5.0 carries the credentials in HELLO.
      this.authenticate(extra);
      this.authenticated = true;
      this.state = 'READY';
    } else {
      this.state = 'AUTHENTICATION';
    }
    this.sendSuccess(map({ server: SERVER_AGENT, connection_id: this.id, hints: map({}) }));
  }

  private authenticate(token: PackMap): void {
    const ok =
      token['scheme'] === 'basic' &&
      sameSecret(token['principal'], this.server.options.username) &&
      sameSecret(token['credentials'], this.server.options.password);
    if (!ok) {
      this.state = 'DEFUNCT';
      throw new CypherError('Neo.ClientError.Security.Unauthorized', 'The client is unauthorized due to authentication failure.');
    }
  }

  private logon(token: PackMap): void {
    this.requireState('AUTHENTICATION');
    this.authenticate(token);
    this.authenticated = true;
    this.state = 'READY';
    this.sendSuccess();
  }

  private logoff(): void {
    this.requireState('READY');
    this.authenticated = false;
    this.state = 'AUTHENTICATION';
    this.sendSuccess();
  }

  private route(): void {
    const address = `${this.server.options.host}:${this.server.port}`;
    const servers = ['ROUTE', 'READ', 'WRITE'].map((role) => map({ addresses: [address], role }));
    this.sendSuccess(map({ rt: map({ ttl: 300n, db: DEFAULT_DATABASE, servers }) }));
  }

  private txOptions(extra: PackMap): { readOnly: boolean; timeoutMs: number | null } {
    // One graph, called 'neo4j' like Neo4j's default database: naming another one is a
    // configuration mistake that Neo4j would report too, rather than silently share the data.
    const db = extra['db'];
    if (typeof db === 'string' && db !== '' && db.toLowerCase() !== DEFAULT_DATABASE) {
      throw new BoltFailure('Neo.ClientError.Database.DatabaseNotFound', `Database does not exist. Database name: '${db}'.`);
    }
    const timeout = extra['tx_timeout'];
    return {
      readOnly: extra['mode'] === 'r',
      timeoutMs: timeout === undefined || timeout === null ? null : intOf(timeout, 0),
    };
  }

  /** Captures a query's records as encoded RECORD messages. */
  private materialise(result: QueryResult, qid: number): ResultStream {
    const packer = new Packer(Math.max(256, result.records.length * 16));
    const offsets: number[] = [0];
    for (const row of result.records) {
      packer.packMessage(RECORD, [row.map(toPackValue)]);
      offsets.push(packer.length);
    }
    const summary = map({ type: result.queryType, db: DEFAULT_DATABASE });
    const stats = countersToStats(result.counters);
    if (Object.keys(stats).length > 0) summary['stats'] = stats;
    return { fields: result.fields, data: packer.result(), offsets, next: 0, summary, qid };
  }

  private async run(fields: PackValue[]): Promise<void> {
    const query = fields[0];
    if (typeof query !== 'string') throw requestInvalid('RUN needs a query string');
    const params = paramsFromPack(fields[1]);
    const extra = extraOf(fields[2]);
    this.flush();
    const started = Date.now();
    const manager = this.server.manager;
    if (this.state === 'READY') {
      const tx = manager.begin({ ...this.txOptions(extra), autoCommit: true });
      this.tx = tx;
      const stream = await manager.run(tx, query, params, (r) => this.materialise(r, -1));
      stream.summary['bookmark'] = await manager.commit(tx);
      this.tx = null;
      this.autoCommitStream = stream;
      this.state = 'STREAMING';
      this.sendSuccess(map({ fields: stream.fields, t_first: BigInt(Date.now() - started) }));
      return;
    }
    this.requireState('TX_READY', 'TX_STREAMING');
    const tx = this.tx!;
    const qid = this.nextQid++;
    const stream = await manager.run(tx, query, params, (r) => this.materialise(r, qid));
    this.streams.set(qid, stream);
    this.lastQid = qid;
    this.state = 'TX_STREAMING';
    this.sendSuccess(map({ fields: stream.fields, t_first: BigInt(Date.now() - started), qid: BigInt(qid) }));
  }

  private pullOrDiscard(extra: PackMap, discard: boolean): void {
    this.requireState('STREAMING', 'TX_STREAMING');
    let stream: ResultStream | undefined;
    if (this.state === 'STREAMING') stream = this.autoCommitStream ?? undefined;
    else {
      const qid = intOf(extra['qid'], -1);
      stream = this.streams.get(qid === -1 ? this.lastQid : qid);
    }
    if (!stream) throw requestInvalid('no open result for this qid');
    const n = intOf(extra['n'], -1);
    const total = stream.offsets.length - 1;
    const remaining = total - stream.next;
    const take = n < 0 ? remaining : Math.min(n, remaining);
    if (!discard && take > 0) this.out.push(stream.data.subarray(stream.offsets[stream.next], stream.offsets[stream.next + take]));
    stream.next += take;
    if (stream.next < total) {
      this.sendSuccess(map({ has_more: true }));
      return;
    }
    stream.data = Buffer.alloc(0);
    this.sendSuccess(map({ ...stream.summary, t_last: 0n }));
    if (this.state === 'STREAMING') {
      this.autoCommitStream = null;
      this.state = 'READY';
    } else {
      this.streams.delete(stream.qid);
      if (this.streams.size === 0) this.state = 'TX_READY';
    }
  }

  private begin(extra: PackMap): void {
    this.requireState('READY');
    this.tx = this.server.manager.begin(this.txOptions(extra));
    this.streams.clear();
    this.nextQid = 0;
    this.lastQid = -1;
    this.state = 'TX_READY';
    this.sendSuccess();
  }

  private async commit(): Promise<void> {
    this.requireState('TX_READY', 'TX_STREAMING');
    const tx = this.tx!;
    this.streams.clear();
    this.flush();
    const bookmark = await this.server.manager.commit(tx);
    this.tx = null;
    this.state = 'READY';
    this.sendSuccess(map({ bookmark }));
  }

  private rollback(): void {
    this.requireState('TX_READY', 'TX_STREAMING');
    this.server.manager.rollback(this.tx!);
    this.tx = null;
    this.streams.clear();
    this.state = 'READY';
    this.sendSuccess();
  }

  private failTransaction(): void {
    if (this.tx) this.server.manager.rollback(this.tx);
    this.tx = null;
    this.streams.clear();
    this.autoCommitStream = null;
  }

  private reset(): void {
    if (!this.authenticated) {
      // RESET must not be a way around HELLO / LOGON.
      this.sendFailure(requestInvalid(`RESET is not allowed in state ${this.state}`));
      this.close();
      return;
    }
    if (this.pendingResets > 0) this.pendingResets--;
    this.failTransaction();
    if (this.pendingResets > 0) {
      this.send(IGNORED, []); // a later RESET is still queued: this one is overtaken
      return;
    }
    this.state = 'READY';
    this.sendSuccess();
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.state = 'DEFUNCT';
    this.socket.end();
    this.cleanup();
  }

  cleanup(): void {
    this.closed = true;
    this.failTransaction();
    this.server.connections.delete(this);
  }

  destroy(): void {
    this.cleanup();
    this.socket.destroy();
  }
}

export class BoltServer {
  readonly connections = new Set<BoltConnection>();
  private readonly server: Server;
  port = 0;

  constructor(readonly options: BoltServerOptions) {
    this.server = createServer((socket) => {
      this.connections.add(new BoltConnection(socket, this));
    });
  }

  get manager(): TransactionManager {
    return this.options.manager;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.port = typeof address === 'object' && address ? address.port : this.options.port;
        resolve(this.port);
      });
    });
  }

  /** Stops listening and drops every connection (their transactions roll back). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of [...this.connections]) c.destroy();
    await closed;
  }
}
