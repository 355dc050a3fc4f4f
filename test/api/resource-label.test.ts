/**
 * The shared Resource label the resource routes rely on: the generated load statements give it to every ingested
 * (scoped) kind and to no other, the schema indexes it on id without a uniqueness constraint (ids are unique per
 * kind only), and the backfill statement labels nodes written before it existed, after which the API finds them.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import neo4j from 'neo4j-driver';
import { NODE_KINDS } from '../../graph/schema/model.js';
import { nodeLoadStatement, resourceLabelBackfillStatement, schemaStatements, scopedNodeKinds } from '../../graph/schema/cypher.js';
import { startHarness, type Harness } from './harness.js';

describe('Resource label', () => {
  it('is set by the load statement of every scoped kind and of no other', () => {
    for (const kind of NODE_KINDS) {
      if (kind.lifetime === 'bookkeeping') continue;
      expect([kind.label, nodeLoadStatement(kind).includes(':Resource')]).toEqual([kind.label, kind.lifetime === 'scoped']);
    }
  });

  it('is indexed on id, not constrained', () => {
    const statements = schemaStatements();
    expect(statements).toContain('CREATE INDEX resource_id IF NOT EXISTS FOR (n:Resource) ON (n.id)');
    expect(statements).toContain('CREATE INDEX finding_resource_id IF NOT EXISTS FOR (n:Finding) ON (n.resourceId)');
    expect(statements.filter((s) => s.includes('(n:Resource)') && s.includes('UNIQUE'))).toEqual([]);
  });

  describe('backfill', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => h?.close());

    it('labels nodes loaded before the label existed, so GET /v1/resources/:id finds them', async () => {
      const id = 'arn:aws:ecs:us-east-1:111122223333:service/c1/old';
      await h.cypher("CREATE (:EcsService {id: $id, name: 'old', cloud: 'aws', scope: 'aws:111122223333:us-east-1'})", { id });
      const path = `/v1/resources/${encodeURIComponent(id)}`;
      expect((await h.call(path)).status).toBe(404);
      const ecsService = scopedNodeKinds().find((kind) => kind.label === 'EcsService')!;
      const session = h.driver.session();
      try {
        const first = await session.run(resourceLabelBackfillStatement(ecsService), { limit: neo4j.int(100) });
        expect(first.records[0]!.get('labelled').toNumber()).toBe(1);
        const again = await session.run(resourceLabelBackfillStatement(ecsService), { limit: neo4j.int(100) });
        expect(again.records[0]!.get('labelled').toNumber()).toBe(0);
      } finally {
        await session.close();
      }
      const found = await h.call(path);
      expect(found.status).toBe(200);
      expect(((await found.json()) as { resource: { type: string } }).resource.type).toBe('EcsService');
    });
  });
});
