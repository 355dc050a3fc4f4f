import { describe, it, expect, beforeAll } from '@jest/globals';
import { CypherExecutor } from '../../../graph/engine/exec/index.js';
import { GraphStore } from '../../../graph/engine/store/index.js';
import { ATTACK_TYPES, generateSecurityGraph } from '../../../bench/graph-engine/generate.js';
import { countAttackPathsByTraversal } from '../../../bench/graph-engine/traverse.js';

/**
 * The attack path query must stay within 3x of a hand-written graphology traversal (the full
 * 200k/1M figure comes from bench/graph-engine.bench.ts; this is the same shape at 1/10 scale).
 */
describe('attack path traversal performance', () => {
  const store = new GraphStore();
  beforeAll(() => {
    const g = generateSecurityGraph(20_000, 100_000, 7);
    const tx = store.begin();
    const ids = new Map<number, number>();
    for (const [label, list] of g.nodes) {
      for (const n of list) ids.set(n.uid, tx.createNode([label], { ...n.props, uid: BigInt(n.uid) }));
    }
    for (const group of g.relationships) {
      for (let i = 0; i < group.pairs.length; i += 2) tx.createRel(group.type, ids.get(group.pairs[i]!)!, ids.get(group.pairs[i + 1]!)!, {});
    }
    tx.commit();
  });

  it('answers like the traversal, within 3x of its time', () => {
    const executor = new CypherExecutor(store);
    const query = `MATCH p = (:Internet)-[:${ATTACK_TYPES.join('|')}*1..6]->(:Role {privileged: true}) RETURN count(p) AS paths`;
    const best = { cypher: Infinity, traversal: Infinity };
    let answer: unknown = null;
    let expected = 0;
    for (let run = 0; run < 3; run++) {
      let t = performance.now();
      expected = countAttackPathsByTraversal(store, ATTACK_TYPES, 6).paths;
      best.traversal = Math.min(best.traversal, performance.now() - t);
      t = performance.now();
      const tx = store.begin();
      answer = executor.execute(tx, query, {}, { readOnly: true, deadline: null }).records[0]![0];
      tx.commit();
      best.cypher = Math.min(best.cypher, performance.now() - t);
    }
    expect(answer).toBe(BigInt(expected));
    expect(expected).toBeGreaterThan(0);
    expect(best.cypher).toBeLessThan(3 * best.traversal + 20);
  });
});
