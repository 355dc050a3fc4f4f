/**
 * TEMPORARY stand-in for graph/engine/exec until the real CypherExecutor lands: knows exactly the
 * queries the server tests send, over the real GraphStore.
 */
import { emptyCounters, type QueryResult, type StoreTransaction } from '../../graph/engine/api.js';
import { CypherError } from '../../graph/engine/errors.js';
import { GraphStore, type GraphStoreTransaction } from '../../graph/engine/store/index.js';
import { NodeValue, PathValue, RelationshipValue, type CypherValue, type PropertyValue } from '../../graph/engine/values.js';
import type { ServerExecutor } from '../../graph/server/transactions.js';

type Handler = (tx: GraphStoreTransaction, p: Record<string, CypherValue>, store: GraphStore) => Partial<QueryResult>;

function need(p: Record<string, CypherValue>, name: string): CypherValue {
  if (!(name in p)) throw new CypherError('Neo.ClientError.Statement.ParameterMissing', `Expected parameter(s): ${name}`);
  return p[name]!;
}

const handlers: Record<string, { updating: boolean; run: Handler }> = {
  'RETURN $x AS x': { updating: false, run: (_t, p) => ({ fields: ['x'], records: [[need(p, 'x')]] }) },
  'UNWIND range(1, $n) AS i RETURN i': {
    updating: false,
    run: (_t, p) => {
      const n = Number(need(p, 'n'));
      return { fields: ['i'], records: Array.from({ length: n }, (_, i) => [BigInt(i + 1)]) };
    },
  },
  'CREATE (n:Person {name: $name}) RETURN n': {
    updating: true,
    run: (t, p, s) => {
      const id = t.createNode(['Person'], { name: need(p, 'name') as PropertyValue });
      const c = emptyCounters();
      c.nodesCreated = 1;
      c.labelsAdded = 1;
      c.propertiesSet = 1;
      return { fields: ['n'], records: [[new NodeValue(id, s)]], counters: c, queryType: 'w' };
    },
  },
  'MATCH (n:Person) RETURN count(n) AS c': {
    updating: false,
    run: (_t, _p, s) => ({ fields: ['c'], records: [[BigInt(s.labelCount('Person'))]] }),
  },
  'CREATE (a:Person {name: $a})-[r:KNOWS {since: $since}]->(b:Person {name: $b}) RETURN a, r, b': {
    updating: true,
    run: (t, p, s) => {
      const a = t.createNode(['Person'], { name: need(p, 'a') as PropertyValue });
      const b = t.createNode(['Person'], { name: need(p, 'b') as PropertyValue });
      const r = t.createRel('KNOWS', a, b, { since: need(p, 'since') as PropertyValue });
      return { fields: ['a', 'r', 'b'], records: [[new NodeValue(a, s), new RelationshipValue(r, s), new NodeValue(b, s)]], queryType: 'w' };
    },
  },
  'MATCH p = (b:Person {name: $b})<-[:KNOWS]-(a:Person) RETURN p': {
    updating: false,
    run: (_t, p, s) => {
      const rows: CypherValue[][] = [];
      for (const id of s.relsByType('KNOWS')) {
        const { start, end } = s.relEndpoints(id);
        if (s.nodeProperties(end)['name'] === need(p, 'b')) {
          rows.push([new PathValue([new NodeValue(end, s), new NodeValue(start, s)], [new RelationshipValue(id, s)])]);
        }
      }
      return { fields: ['p'], records: rows };
    },
  },
};

export function temporaryEngine(): { store: GraphStore; executor: ServerExecutor } {
  const store = new GraphStore();
  const executor: ServerExecutor = {
    isUpdating: (q) => handlers[q]?.updating ?? false,
    execute(tx: StoreTransaction, query, params, options): QueryResult {
      const h = handlers[query];
      if (!h) throw new CypherError('Neo.ClientError.Statement.SyntaxError', `Invalid input '${query}'`);
      if (h.updating && options.readOnly) {
        throw new CypherError('Neo.ClientError.Statement.AccessMode', 'Writing in read access mode not allowed.');
      }
      const r = h.run(tx as GraphStoreTransaction, params, store);
      return { fields: r.fields ?? [], records: r.records ?? [], counters: r.counters ?? emptyCounters(), queryType: r.queryType ?? 'r' };
    },
  };
  return { store, executor };
}
