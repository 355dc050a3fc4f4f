/**
 * The embedded graph server through the real neo4j-driver: what every service relies on.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import neo4j, { type Driver, Neo4jError, type Node, type Path, type Relationship, type Integer } from 'neo4j-driver';
import { driverFor, sleep, startTestServer, USER } from './helpers.js';
import type { RunningGraphServer } from '../../graph/server/server.js';

let server: RunningGraphServer;
let driver: Driver;

beforeAll(async () => {
  server = await startTestServer();
  driver = driverFor(server);
});

afterAll(async () => {
  await driver.close();
  await server.close();
});

async function personCount(): Promise<number> {
  const { records } = await driver.executeQuery('MATCH (n:Person) RETURN count(n) AS c');
  return (records[0]!.get('c') as Integer).toNumber();
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<Neo4jError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(Neo4jError);
    expect((e as Neo4jError).code).toBe(code);
    return e as Neo4jError;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

describe('connecting', () => {
  it('negotiates Bolt 5.4 and presents a Neo4j 5 agent', async () => {
    const info = await driver.getServerInfo();
    expect(info.protocolVersion).toEqual({ major: 5, minor: 4 });
    expect(info.agent).toMatch(/^Neo4j\/5\./);
  });

  it('answers ROUTE so that neo4j:// URLs work against the single server', async () => {
    const routed = neo4j.driver(server.url.replace('bolt://', 'neo4j://'), neo4j.auth.basic(USER, 'test-password'));
    try {
      const read = await routed.executeQuery('RETURN $x AS x', { x: 'r' }, { routing: neo4j.routing.READ });
      expect(read.records[0]!.get('x')).toBe('r');
      const write = await routed.executeQuery('RETURN $x AS x', { x: 'w' }, { database: 'neo4j' });
      expect(write.records[0]!.get('x')).toBe('w');
    } finally {
      await routed.close();
    }
  });

  it('refuses wrong credentials with Security.Unauthorized', async () => {
    const bad = neo4j.driver(server.url, neo4j.auth.basic(USER, 'wrong'));
    try {
      await expectCode(bad.verifyConnectivity(), 'Neo.ClientError.Security.Unauthorized');
      await expectCode(bad.executeQuery('RETURN $x AS x', { x: 1 }), 'Neo.ClientError.Security.Unauthorized');
    } finally {
      await bad.close();
    }
  });
});

describe('queries and transactions', () => {
  it('runs auto-commit queries and reports Neo4j update counters', async () => {
    const before = await personCount();
    const session = driver.session();
    try {
      const result = await session.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Ada' });
      const node = result.records[0]!.get('n') as Node;
      expect(node.labels).toEqual(['Person']);
      expect(node.properties).toEqual({ name: 'Ada' });
      const counters = result.summary.counters;
      expect(counters.updates().nodesCreated).toBe(1);
      expect(counters.updates().propertiesSet).toBe(1);
      expect(counters.containsUpdates()).toBe(true);
      expect(result.summary.queryType).toBe('rw');
      expect(session.lastBookmarks()[0]).toMatch(/^FB:/);
    } finally {
      await session.close();
    }
    expect(await personCount()).toBe(before + 1);
  });

  it('commits explicit transactions and rolls them back without a trace', async () => {
    const before = await personCount();
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Tx1' });
      await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Tx2' });
      const inside = await tx.run('MATCH (n:Person) RETURN count(n) AS c');
      expect((inside.records[0]!.get('c') as Integer).toNumber()).toBe(before + 2);
      await tx.commit();
      expect(await personCount()).toBe(before + 2);

      const tx2 = await session.beginTransaction();
      await tx2.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Gone' });
      await tx2.rollback();
      expect(await personCount()).toBe(before + 2);
    } finally {
      await session.close();
    }
  });

  it('rolls back everything a transaction did when a query in it fails', async () => {
    const before = await personCount();
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Doomed' });
      await expectCode(tx.run('RETURN $x AS x', {}), 'Neo.ClientError.Statement.ParameterMissing');
      await tx.close();
    } finally {
      await session.close();
    }
    expect(await personCount()).toBe(before);
  });

  it('runs managed executeRead / executeWrite transactions', async () => {
    const before = await personCount();
    const session = driver.session();
    try {
      const created = await session.executeWrite(async (tx) => {
        const r = await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Managed' });
        return (r.records[0]!.get('n') as Node).properties['name'];
      });
      expect(created).toBe('Managed');
      const count = await session.executeRead(async (tx) => {
        const r = await tx.run('MATCH (n:Person) RETURN count(n) AS c');
        return (r.records[0]!.get('c') as Integer).toNumber();
      });
      expect(count).toBe(before + 1);
    } finally {
      await session.close();
    }
  });

  it('streams large results in PULL batches of the fetch size', async () => {
    const session = driver.session({ fetchSize: 7 });
    try {
      const seen: number[] = [];
      await new Promise<void>((resolve, reject) => {
        session.run('UNWIND range(1, $n) AS i RETURN i', { n: neo4j.int(1000) }).subscribe({
          onNext: (record) => void seen.push((record.get('i') as Integer).toNumber()),
          onCompleted: () => resolve(),
          onError: reject,
        });
      });
      expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    } finally {
      await session.close();
    }
  });

  it('refuses writes in READ access mode with Statement.AccessMode', async () => {
    const before = await personCount();
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      await expectCode(session.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'R' }), 'Neo.ClientError.Statement.AccessMode');
      await expectCode(
        session.executeRead((tx) => tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'R' })),
        'Neo.ClientError.Statement.AccessMode',
      );
    } finally {
      await session.close();
    }
    expect(await personCount()).toBe(before);
  });

  it('rolls back a transaction left open past its timeout and lets waiting sessions through', async () => {
    const before = await personCount();
    const slow = driver.session();
    const other = driver.session();
    try {
      const tx = await slow.beginTransaction({ timeout: 300 });
      await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Slow' });
      // Another session's read waits for the write lock instead of seeing the uncommitted node.
      const started = Date.now();
      const read = await other.run('MATCH (n:Person) RETURN count(n) AS c');
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect((read.records[0]!.get('c') as Integer).toNumber()).toBe(before);
      await sleep(50);
      await expectCode(tx.run('RETURN $x AS x', { x: 1 }), 'Neo.ClientError.Transaction.TransactionTimedOut');
      await tx.close().catch(() => {});
    } finally {
      await slow.close();
      await other.close();
    }
    expect(await personCount()).toBe(before);
  });

  it('counts lock waiting against the waiting transaction’s own timeout', async () => {
    const holder = driver.session();
    const waiter = driver.session();
    try {
      const tx = await holder.beginTransaction();
      await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Holder' });
      const waiting = waiter.beginTransaction({ timeout: 200 });
      await expectCode(
        waiting.then((t) => t.run('MATCH (n:Person) RETURN count(n) AS c')),
        'Neo.ClientError.Transaction.TransactionTimedOut',
      );
      await tx.rollback();
    } finally {
      await holder.close();
      await waiter.close();
    }
  });
});

describe('isolation under concurrency', () => {
  it('keeps readers from seeing uncommitted writes', async () => {
    const before = await personCount();
    const writer = driver.session();
    const reader = driver.session();
    try {
      const tx = await writer.beginTransaction();
      await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: 'Uncommitted' });
      let settled = false;
      const read = reader.run('MATCH (n:Person) RETURN count(n) AS c').then((r) => {
        settled = true;
        return (r.records[0]!.get('c') as Integer).toNumber();
      });
      await sleep(150);
      expect(settled).toBe(false);
      await tx.rollback();
      expect(await read).toBe(before);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('serves 50 concurrent sessions with interleaved writes and reads consistently', async () => {
    const before = await personCount();
    const sessions = 50;
    const perSession = 6;
    const worker = async (s: number): Promise<void> => {
      const session = driver.session();
      try {
        for (let i = 0; i < perSession; i++) {
          if (i % 2 === 0) {
            await session.run('CREATE (n:Person {name: $name}) RETURN n', { name: `c${s}-${i}` });
          } else {
            await session.executeWrite(async (tx) => {
              const a = await tx.run('MATCH (n:Person) RETURN count(n) AS c');
              await tx.run('CREATE (n:Person {name: $name}) RETURN n', { name: `c${s}-${i}` });
              const b = await tx.run('MATCH (n:Person) RETURN count(n) AS c');
              // Read committed, like Neo4j: the transaction sees its own write; once it holds the
              // write lock (after its CREATE) nobody else can commit until it ends.
              const c = await tx.run('MATCH (n:Person) RETURN count(n) AS c');
              const [countA, countB, countC] = [a, b, c].map((r) => (r.records[0]!.get('c') as Integer).toNumber());
              expect(countB).toBeGreaterThanOrEqual(countA! + 1);
              expect(countC).toBe(countB);
            });
          }
          const seen = (
            await session.executeRead((tx) => tx.run('MATCH (n:Person) RETURN count(n) AS c'))
          ).records[0]!.get('c') as Integer;
          expect(seen.toNumber()).toBeGreaterThanOrEqual(before + i + 1);
        }
      } finally {
        await session.close();
      }
    };
    await Promise.all(Array.from({ length: sessions }, (_, s) => worker(s)));
    expect(await personCount()).toBe(before + sessions * perSession);
  });
});

describe('values', () => {
  it('decodes nodes, relationships and paths with element ids and direction', async () => {
    const { records } = await driver.executeQuery(
      'CREATE (a:Person {name: $a})-[r:KNOWS {since: $since}]->(b:Person {name: $b}) RETURN a, r, b',
      { a: 'Alice', b: 'Bob', since: neo4j.int(2020) },
    );
    const a = records[0]!.get('a') as Node;
    const r = records[0]!.get('r') as Relationship;
    const b = records[0]!.get('b') as Node;
    expect(a.elementId).toMatch(/^4:/);
    expect(r.elementId).toMatch(/^5:/);
    expect(r.type).toBe('KNOWS');
    expect(r.properties['since']).toEqual(neo4j.int(2020));
    expect(r.startNodeElementId).toBe(a.elementId);
    expect(r.endNodeElementId).toBe(b.elementId);
    expect(r.start).toEqual(a.identity);

    const paths = await driver.executeQuery('MATCH p = (b:Person {name: $b})<-[:KNOWS]-(a:Person) RETURN p', { b: 'Bob' });
    const path = paths.records[0]!.get('p') as Path;
    expect(path.start.properties['name']).toBe('Bob');
    expect(path.end.properties['name']).toBe('Alice');
    expect(path.length).toBe(1);
    const segment = path.segments[0]!;
    expect(segment.start.elementId).toBe(b.elementId);
    expect(segment.end.elementId).toBe(a.elementId);
    // Traversed against its direction: the relationship still points from Alice to Bob.
    expect(segment.relationship.startNodeElementId).toBe(a.elementId);
    expect(segment.relationship.endNodeElementId).toBe(b.elementId);
    expect(segment.relationship.type).toBe('KNOWS');
  });

  it('keeps integers and floats apart in both directions', async () => {
    const echo = async (x: unknown, config = {}) =>
      (await driver.executeQuery('RETURN $x AS x', { x }, config)).records[0]!.get('x') as unknown;
    expect(await echo(neo4j.int(5))).toEqual(neo4j.int(5));
    // A plain JS number is a float on the wire (neo4j-driver's rule): it comes back a number.
    expect(await echo(5)).toBe(5);
    expect(await echo(2.5)).toBe(2.5);
    expect(await echo(neo4j.int('9223372036854775807'))).toEqual(neo4j.int('9223372036854775807'));
    expect(await echo(neo4j.int('-9223372036854775808'))).toEqual(neo4j.int('-9223372036854775808'));
    expect(await echo([neo4j.int(1), 1.5, 'a', null, true, { k: neo4j.int(-7) }])).toEqual([
      neo4j.int(1), 1.5, 'a', null, true, { k: neo4j.int(-7) },
    ]);
    const big = neo4j.driver(server.url, neo4j.auth.basic(USER, 'test-password'), { useBigInt: true });
    try {
      const r = await big.executeQuery('RETURN $x AS x', { x: 2n ** 62n + 1n });
      expect(r.records[0]!.get('x')).toBe(2n ** 62n + 1n);
    } finally {
      await big.close();
    }
  });

  it('takes temporal parameters and returns temporal values as the driver types', async () => {
    const params = {
      d: new neo4j.types.Date(2024, 1, 2),
      lt: new neo4j.types.LocalTime(12, 30, 15, 5),
      t: new neo4j.types.Time(12, 30, 0, 0, 3600),
      ldt: new neo4j.types.LocalDateTime(2024, 1, 2, 3, 4, 5, 6),
      dt: new neo4j.types.DateTime(2024, 7, 1, 12, 0, 0, 0, 7200),
      dz: new neo4j.types.DateTime(2024, 7, 1, 12, 0, 0, 0, undefined, 'Europe/Stockholm'),
      dur: new neo4j.types.Duration(14, 3, 3661, 500),
    };
    const r = await driver.executeQuery(
      'RETURN toString($d) AS d, toString($lt) AS lt, toString($t) AS t, toString($ldt) AS ldt, toString($dt) AS dt, toString($dz) AS dz, toString($dur) AS dur, $dz AS back, $dz.epochSeconds AS epoch',
      params,
    );
    const rec = r.records[0]!;
    expect(['d', 'lt', 't', 'ldt', 'dt', 'dz', 'dur'].map((k) => rec.get(k))).toEqual([
      '2024-01-02',
      '12:30:15.000000005',
      '12:30+01:00',
      '2024-01-02T03:04:05.000000006',
      '2024-07-01T12:00+02:00',
      '2024-07-01T12:00+02:00[Europe/Stockholm]',
      'P1Y2M3DT1H1M1.0000005S',
    ]);
    const back = rec.get('back');
    expect(neo4j.isDateTime(back)).toBe(true);
    expect(back.timeZoneId).toBe('Europe/Stockholm');
    expect(Number(back.hour)).toBe(12);
    expect(Number(rec.get('epoch'))).toBe(Date.UTC(2024, 6, 1, 10) / 1000);
  });
});

describe('databases', () => {
  it('serves the default database under its name neo4j and refuses others', async () => {
    const r = await driver.executeQuery('RETURN $x AS x', { x: 1 }, { database: 'neo4j' });
    expect(r.summary.database.name).toBe('neo4j');
    const session = driver.session({ database: 'neo4j' });
    try {
      await session.executeWrite((tx) => tx.run('RETURN $x AS x', { x: 1 }));
    } finally {
      await session.close();
    }
    await expectCode(driver.executeQuery('RETURN 1 AS x', {}, { database: 'other' }), 'Neo.ClientError.Database.DatabaseNotFound');
  });
});

describe('errors', () => {
  it('passes syntax errors and missing parameters to the driver with Neo4j codes', async () => {
    await expectCode(driver.executeQuery('RETURN 1 +'), 'Neo.ClientError.Statement.SyntaxError');
    await expectCode(driver.executeQuery('RETURN $x AS x'), 'Neo.ClientError.Statement.ParameterMissing');
    // The connection recovers (RESET) and keeps working.
    const r = await driver.executeQuery('RETURN $x AS x', { x: 'still fine' });
    expect(r.records[0]!.get('x')).toBe('still fine');
  });
});
