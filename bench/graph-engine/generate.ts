/**
 * A synthetic security graph shaped like what the attack path service ingests from cloud
 * inventories: one Internet node, public endpoints (load balancers, app ingresses, public IPs),
 * workloads in three tiers (frontend -> api -> backend, reachability only flows down a tier),
 * workload identities, role grants binding an identity to a role on a scope, role definitions
 * (a few privileged: Owner, AdministratorAccess, iam:PassRole...), a scope tree, network objects
 * (subnets, security groups) and data stores.
 *
 * Sizes scale with the requested node and relationship counts; the fixed per-entity edges are laid
 * down first and workload-to-workload CAN_REACH edges take the rest of the relationship budget,
 * as network reachability dominates real inventories. Deterministic for a given seed.
 */

export type NodeLabel =
  | 'Internet'
  | 'PublicEndpoint'
  | 'Workload'
  | 'Identity'
  | 'RoleGrant'
  | 'Role'
  | 'Scope'
  | 'NetworkObject'
  | 'DataStore';

export type NodeProps = Record<string, bigint | number | string | boolean>;

export interface GeneratedNode {
  /** Unique over the whole graph; also the `uid` property. */
  uid: number;
  props: NodeProps;
}

export interface RelationshipGroup {
  type: string;
  from: NodeLabel;
  to: NodeLabel;
  /** Pairs of uids, flattened: [start0, end0, start1, end1, ...]. */
  pairs: number[];
}

export interface SecurityGraph {
  nodes: Map<NodeLabel, GeneratedNode[]>;
  relationships: RelationshipGroup[];
  nodeCount: number;
  relationshipCount: number;
}

/** Relationship types an attacker can follow from the Internet to a role. */
export const ATTACK_TYPES = ['EXPOSES', 'CAN_REACH', 'USES_IDENTITY', 'HAS_GRANT', 'GRANTS_ROLE'] as const;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateSecurityGraph(nodeTarget: number, relTarget: number, seed = 42): SecurityGraph {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let nextUid = 0;
  const nodes = new Map<NodeLabel, GeneratedNode[]>();
  const make = (label: NodeLabel, count: number, props: (i: number) => NodeProps): GeneratedNode[] => {
    const list: GeneratedNode[] = [];
    for (let i = 0; i < count; i++) list.push({ uid: nextUid++, props: props(i) });
    nodes.set(label, list);
    return list;
  };

  const n = Math.max(nodeTarget, 100);
  const counts = {
    endpoints: Math.max(2, Math.round(n * 0.0015)),
    workloads: Math.round(n * 0.25),
    identities: Math.round(n * 0.075),
    grants: Math.round(n * 0.2),
    roles: Math.max(10, Math.round(n * 0.01)),
    scopes: Math.round(n * 0.1),
    network: Math.round(n * 0.15),
  };
  const fixed = 1 + Object.values(counts).reduce((a, b) => a + b, 0);
  const dataStores = Math.max(1, n - fixed);

  const platforms = ['azure-container-apps', 'azure-container-instances', 'ecs-fargate'];
  const [internet] = make('Internet', 1, () => ({ name: 'Internet' }));
  const endpoints = make('PublicEndpoint', counts.endpoints, (i) => ({ name: `endpoint-${i}`, port: BigInt(pick([80, 443, 8080])) }));
  const workloads = make('Workload', counts.workloads, (i) => ({
    name: `workload-${i}`,
    platform: pick(platforms),
    // 20% frontend, 30% api, 50% backend
    tier: BigInt(i < counts.workloads * 0.2 ? 0 : i < counts.workloads * 0.5 ? 1 : 2),
  }));
  const identities = make('Identity', counts.identities, (i) => ({ name: `identity-${i}`, kind: pick(['managed-identity', 'iam-role', 'task-role']) }));
  const grants = make('RoleGrant', counts.grants, (i) => ({ name: `grant-${i}` }));
  const privilegedRoles = Math.max(1, Math.round(counts.roles * 0.03));
  const roles = make('Role', counts.roles, (i) => ({ name: `role-${i}`, privileged: i < privilegedRoles }));
  const scopes = make('Scope', counts.scopes, (i) => ({ name: `scope-${i}`, level: i === 0 ? 'tenant' : i < 50 ? 'subscription' : 'resource-group' }));
  const network = make('NetworkObject', counts.network, (i) => ({ name: `net-${i}`, kind: pick(['subnet', 'security-group', 'vnet']) }));
  const stores = make('DataStore', dataStores, (i) => ({ name: `store-${i}`, sensitive: random() < 0.2 }));

  const tier = (t: number) => workloads.filter((w) => w.props.tier === BigInt(t));
  const [frontend, api, backend] = [tier(0), tier(1), tier(2)];

  const groups: RelationshipGroup[] = [];
  const group = (type: string, from: NodeLabel, to: NodeLabel): number[] => {
    const g: RelationshipGroup = { type, from, to, pairs: [] };
    groups.push(g);
    return g.pairs;
  };

  const internetExposes = group('EXPOSES', 'Internet', 'PublicEndpoint');
  for (const e of endpoints) internetExposes.push(internet!.uid, e.uid);
  const endpointExposes = group('EXPOSES', 'PublicEndpoint', 'Workload');
  for (const e of endpoints) {
    const fanout = 1 + Math.floor(random() * 2);
    for (let k = 0; k < fanout; k++) endpointExposes.push(e.uid, pick(frontend).uid);
  }
  const usesIdentity = group('USES_IDENTITY', 'Workload', 'Identity');
  for (const w of workloads) if (random() < 0.6) usesIdentity.push(w.uid, pick(identities).uid);
  const hasGrant = group('HAS_GRANT', 'Identity', 'RoleGrant');
  const grantsRole = group('GRANTS_ROLE', 'RoleGrant', 'Role');
  const onScope = group('ON_SCOPE', 'RoleGrant', 'Scope');
  const ordinaryRoles = roles.slice(privilegedRoles);
  for (const g of grants) {
    hasGrant.push(pick(identities).uid, g.uid);
    // Privileged roles are granted rarely, ordinary ones skewed towards a few popular roles.
    const role = random() < 0.04 ? pick(roles.slice(0, privilegedRoles)) : ordinaryRoles[Math.floor(random() ** 2 * ordinaryRoles.length)]!;
    grantsRole.push(g.uid, role.uid);
    onScope.push(g.uid, pick(scopes).uid);
  }
  const contains = group('CONTAINS', 'Scope', 'Scope');
  for (let i = 1; i < scopes.length; i++) contains.push(scopes[Math.floor(random() * Math.min(i, 1 + i / 10))]!.uid, scopes[i]!.uid);
  const workloadScope = group('IN_SCOPE', 'Workload', 'Scope');
  for (const w of workloads) workloadScope.push(w.uid, pick(scopes).uid);
  const storeScope = group('IN_SCOPE', 'DataStore', 'Scope');
  for (const s of stores) storeScope.push(s.uid, pick(scopes).uid);
  const attached = group('ATTACHED_TO', 'Workload', 'NetworkObject');
  for (const w of workloads) attached.push(w.uid, pick(network).uid);
  const allows = group('ALLOWS', 'NetworkObject', 'NetworkObject');
  for (const o of network) for (let k = 0; k < 3; k++) allows.push(o.uid, pick(network).uid);
  const canAccess = group('CAN_ACCESS', 'Identity', 'DataStore');
  for (const id of identities) for (let k = 0; k < 4; k++) canAccess.push(id.uid, pick(stores).uid);

  // Network reachability takes the remaining budget, flowing frontend -> api -> backend.
  const laid = groups.reduce((sum, g) => sum + g.pairs.length / 2, 0);
  const remaining = Math.max(0, relTarget - laid);
  const sources = frontend.length + api.length;
  const reach = group('CAN_REACH', 'Workload', 'Workload');
  if (sources > 0 && remaining > 0) {
    const perSource = remaining / sources;
    let budget = remaining;
    for (const [from, to] of [[frontend, api], [api, backend]] as const) {
      for (const w of from) {
        // Spread the fractional part so the total lands on the target.
        const k = Math.min(budget, Math.floor(perSource + random()));
        for (let j = 0; j < k; j++) reach.push(w.uid, pick(to).uid);
        budget -= k;
      }
    }
    // Rounding leaves a few edges over; give them to random frontend/api workloads.
    const all = [...frontend, ...api];
    for (; budget > 0; budget--) {
      const w = pick(all);
      reach.push(w.uid, pick(w.props.tier === 0n ? api : backend).uid);
    }
  }

  let nodeCount = 0;
  for (const list of nodes.values()) nodeCount += list.length;
  const relationshipCount = groups.reduce((sum, g) => sum + g.pairs.length / 2, 0);
  return { nodes, relationships: groups.filter((g) => g.pairs.length > 0), nodeCount, relationshipCount };
}
