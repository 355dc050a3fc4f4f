/**
 * Serialised responses of read-only routes, kept per store version. The graph changes only when a scan, an
 * evaluation or an exemption commits; between commits the same request has the same answer, so a busy dashboard
 * can be served from memory.
 *
 * Correctness rests on the version: the embedded graph server's bookmark (`FB:embedded:<seq>`, the sequence number
 * of the last commit a transaction saw; graph/server/transactions.ts). A read transaction started after a request
 * arrived tells whether anything committed since the cached answer was computed, whoever wrote it (this process, a
 * scan CLI, another API replica). Other servers (Neo4j) do not promise what a read transaction's bookmark means, so
 * with them nothing is cached.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { FastifyReply } from 'fastify';

const EMBEDDED_BOOKMARK = /^FB:embedded:(\d+)$/;

/**
 * The store's current version, or null when it cannot be known (not the embedded server). Probes are shared: all
 * requests that arrive while a probe runs wait for the next one, which starts after they arrived (a probe that began
 * earlier might have missed a commit that finished just before them). So under load there is at most one probe in
 * flight and one queued, whatever the number of requests.
 */
export class StoreVersion {
  private running: Promise<string | null> | null = null;
  private queued: Promise<string | null> | null = null;
  /** Set once a probe shows the server is not the embedded one: stop probing. */
  private unsupported = false;

  constructor(private readonly probe: () => Promise<string | null>) {}

  current(): Promise<string | null> {
    if (this.unsupported) return Promise.resolve(null);
    if (this.running === null) return this.launch();
    this.queued ??= this.running.then(
      () => this.next(),
      () => this.next(),
    );
    return this.queued;
  }

  private next(): Promise<string | null> {
    this.queued = null;
    return this.running ?? this.launch();
  }

  private launch(): Promise<string | null> {
    const probe = this.probe().then((version) => {
      if (version === null) this.unsupported = true;
      return version;
    });
    this.running = probe;
    const clear = () => {
      if (this.running === probe) this.running = null;
    };
    probe.then(clear, clear);
    return probe;
  }
}

/** Reads the embedded server's bookmark with the cheapest transaction there is. */
export function bookmarkProbe(driver: Driver, database: string | undefined): () => Promise<string | null> {
  return async () => {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      await session.run('RETURN 1');
      const bookmarks = session.lastBookmarks();
      return bookmarks.length === 1 && EMBEDDED_BOOKMARK.test(bookmarks[0]!) ? bookmarks[0]! : null;
    } finally {
      await session.close();
    }
  };
}

export interface ResponseCacheOptions {
  /** Upper bound of the bytes held (UTF-16 length of the serialised bodies, a fair estimate). */
  maxBytes: number;
  /** Bodies larger than this are not kept (a 500-path page with evidence). */
  maxEntryBytes: number;
}

/** Serialised bodies by request key, all of one store version; a new version empties it. */
export class ResponseCache {
  private version: string | null = null;
  private readonly bodies = new Map<string, string>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly versions: StoreVersion,
    private readonly options: ResponseCacheOptions = { maxBytes: 64 * 1024 * 1024, maxEntryBytes: 4 * 1024 * 1024 },
  ) {}

  /**
   * Sends the cached body of `key` when nothing has committed since it was computed; otherwise runs `compute`,
   * serialises its result with the route's response schema and keeps it. The version is read before computing, so
   * a commit that lands while computing makes the entry older than its content, never newer: it is simply not
   * reused.
   */
  async send(reply: FastifyReply, key: string, compute: () => Promise<unknown>): Promise<FastifyReply> {
    const version = await this.versions.current();
    if (version !== null && version === this.version) {
      const body = this.bodies.get(key);
      if (body !== undefined) {
        this.hits++;
        // Re-inserted so that eviction drops the least recently used first.
        this.bodies.delete(key);
        this.bodies.set(key, body);
        return reply.type('application/json; charset=utf-8').send(body);
      }
    }
    this.misses++;
    const body = reply.serialize(await compute());
    const text = typeof body === 'string' ? body : Buffer.from(body as ArrayBuffer).toString('utf8');
    if (version !== null) this.keep(version, key, text);
    return reply.type('application/json; charset=utf-8').send(text);
  }

  private keep(version: string, key: string, text: string): void {
    if (version !== this.version) {
      // Versions only grow; an answer computed from an older one than we hold is not kept.
      if (this.version !== null && versionNumber(version) < versionNumber(this.version)) return;
      this.bodies.clear();
      this.bytes = 0;
      this.version = version;
    }
    if (text.length > this.options.maxEntryBytes) return;
    const previous = this.bodies.get(key);
    if (previous !== undefined) {
      this.bytes -= previous.length;
      this.bodies.delete(key);
    }
    this.bodies.set(key, text);
    this.bytes += text.length;
    for (const [oldest, body] of this.bodies) {
      if (this.bytes <= this.options.maxBytes) break;
      this.bodies.delete(oldest);
      this.bytes -= body.length;
    }
  }
}

function versionNumber(bookmark: string): number {
  return Number(EMBEDDED_BOOKMARK.exec(bookmark)?.[1] ?? 0);
}
