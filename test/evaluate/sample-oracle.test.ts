/**
 * The bundled sample estate against its oracle (samples/estate/README.md, written from recommendations.md): the
 * eleven Defender recommendations fire on exactly these resources, and `internet-to-privileged-identity` finds
 * exactly these (workload, identity) paths, through the real ingest, store and Cypher.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import neo4j, { type Driver } from 'neo4j-driver';
import { startGraphServer, type RunningGraphServer } from '../../graph/server/index.js';
import { evaluate, type EvaluationResult } from '../../services/evaluate/evaluate.js';
import { ingestSnapshotDirectory } from '../../services/ingest/ingest.js';
import { SAMPLE_ESTATE_DIR } from '../../services/scan/run-scan.js';

const ecs = (rest: string) => `arn:aws:ecs:eu-west-1:111122223333:${rest}`;
const prod = (rest: string) => `/subscriptions/3e5a7c9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d/resourcegroups/${rest}`;
const dev = (rest: string) => `/subscriptions/9a8b7c6d-5e4f-4a3b-9c1d-0e9f8a7b6c5d/resourcegroups/${rest}`;
const app = (rg: (r: string) => string, group: string, name: string) => rg(`${group}/providers/microsoft.app/containerapps/${name}`);
const aci = (rg: (r: string) => string, group: string, name: string) => rg(`${group}/providers/microsoft.containerinstance/containergroups/${name}`);

const ORACLE: Record<string, string[]> = {
  'ecs-task-role-privileged': ['storefront:1', 'legacy-api:1', 'reporting:1', 'admin-tools:1', 'nightly-export:1'].map((td) => ecs(`task-definition/${td}`)),
  'ecs-elevated-privileges': ['legacy-api:1', 'orders:1', 'admin-tools:1'].map((td) => ecs(`task-definition/${td}`)),
  'ecs-writable-root-filesystem': ['legacy-api:1', 'admin-tools:1'].map((td) => ecs(`task-definition/${td}`)),
  'ecs-public-task': [ecs('service/shop/storefront'), ecs('service/shop/legacy-api')],
  'ecs-exec-logging-disabled': [ecs('cluster/ops'), ecs('cluster/data')],
  'ecs-exec-enabled': [ecs('service/ops/orders')],
  'aca-authentication-disabled': [app(prod, 'rg-web', 'ca-checkout'), app(prod, 'rg-web', 'ca-internal-api'), app(prod, 'rg-web', 'ca-marketing-site'), app(dev, 'rg-dev', 'ca-docs')],
  'aca-public-ingress': ['ca-checkout', 'ca-marketing-site', 'ca-api-gateway', 'ca-admin-portal'].map((n) => app(prod, 'rg-web', n)),
  'aca-identity-privileged': [...['ca-checkout', 'ca-partner-portal', 'ca-admin-portal'].map((n) => app(prod, 'rg-web', n)), app(prod, 'rg-jobs', 'ca-queue-worker')],
  'aci-public-ip': [aci(prod, 'rg-jobs', 'ci-ingest-bot'), aci(dev, 'rg-dev', 'ci-dev-tools')],
  'aci-identity-privileged': [aci(prod, 'rg-jobs', 'ci-ingest-bot'), aci(prod, 'rg-jobs', 'ci-batch-private')],
};

const PATHS: [workload: string, identity: string][] = [
  [ecs('service/shop/storefront'), 'arn:aws:iam::111122223333:role/storefront-task-role'],
  [ecs('service/shop/legacy-api'), 'arn:aws:iam::111122223333:role/legacy-api-task-role'],
  [app(prod, 'rg-web', 'ca-checkout'), '0137d6b2-0bce-4eb9-95a9-44eb8ce525bf'],
  [app(prod, 'rg-web', 'ca-admin-portal'), '460a1686-27b0-4245-9bf0-25a63f877b5b'],
  [aci(prod, 'rg-jobs', 'ci-ingest-bot'), '840849e6-473e-4e97-a399-10b91939ecf8'],
];

describe('sample estate oracle', () => {
  let server: RunningGraphServer;
  let driver: Driver;
  let result: EvaluationResult;

  beforeAll(async () => {
    server = await startGraphServer({ port: 0, username: 'neo4j', password: 'pw', dataDir: null });
    driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'pw'));
    const load = await ingestSnapshotDirectory(driver, SAMPLE_ESTATE_DIR);
    result = await evaluate(driver, { scanId: load.scanId });
  });
  afterAll(async () => {
    await driver.close();
    await server.close();
  });

  it.each(Object.keys(ORACLE))('%s fires on exactly the oracle resources', (ruleId) => {
    const fired = result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.resourceId).sort();
    expect(fired).toEqual([...ORACLE[ruleId]!].sort());
  });

  it('internet-to-privileged-identity finds exactly the oracle paths, from the Internet to a wide scope', () => {
    const paths = result.attackPaths.filter((p) => p.kind === 'internet-to-privileged-identity');
    expect(paths.map((p) => [p.entryId, p.identityId]).sort()).toEqual([...PATHS].sort());
    for (const p of paths) {
      expect(p.nodes[0]).toEqual({ id: 'internet', label: 'Internet' });
      expect(p.nodes.map((n) => n.id)).toContain(p.entryId);
      expect(p.nodes.map((n) => n.id)).toContain(p.identityId);
      expect(p.nodes[p.nodes.length - 1]!.id).toBe(p.targetId);
    }
    const storefront = paths.find((p) => p.entryId === ecs('service/shop/storefront'))!;
    expect(storefront.nodes.map((n) => n.label)).toEqual(['Internet', 'LoadBalancer', 'Listener', 'TargetGroup', 'EcsService', 'IamRole', 'AwsAccount']);
    const bot = paths.find((p) => p.entryId === aci(prod, 'rg-jobs', 'ci-ingest-bot'))!;
    expect(bot.targetId).toBe('/providers/microsoft.management/managementgroups/mg-prod');
  });

  it('every finding carries evidence, and identity findings name the exact grant', () => {
    for (const f of result.findings) expect(Object.keys(f.evidence).length).toBeGreaterThan(0);
    const checkout = result.findings.find((f) => f.ruleId === 'aca-identity-privileged' && f.resourceId === app(prod, 'rg-web', 'ca-checkout'))!;
    expect(JSON.stringify(checkout.evidence)).toContain('8e3af657-a8ff-443c-a75c-2fe8c4bcb635'); // Owner
  });
});
